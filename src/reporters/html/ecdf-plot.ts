/**
 * Latency distribution as an ECDF on a log time axis: share of samples at or below each latency.
 * One series with its P50/P95/P99 labelled, or several runtimes overlaid with a legend.
 */
import { formatMs, formatQuantity, formatRatio } from '../../format.js';
import { ecdfPath } from './downsample.js';
import { fitThreshold, linearScale, logScale, logTicks, padDomain } from './scales.js';
import { frame, line, placeLabels, px, svgDocument, text, textWidthPx, xAxis, yAxis } from './svg.js';
import { offScaleX, timesFrom, type Threshold } from './threshold-marker.js';

export interface EcdfSeries {
  /** Legend text: "node-wasm ×1". */
  name: string;
  samplesMs: readonly number[];
  /** Nearest-rank percentiles as the report states them (never recomputed here). */
  percentilesMs: { p50: number; p95: number; p99: number };
}

export interface EcdfOptions {
  id: string;
  /** What is measured, for the title and the x axis: "inference latency". */
  quantity: string;
  subject: string;
  threshold: Threshold | null;
}

const WIDTH_PX = 720;
const LANE_PX = 14;
const PERCENTILES = [
  ['P50', 'p50', 0.5],
  ['P95', 'p95', 0.95],
  ['P99', 'p99', 0.99],
] as const;

/** Colour class of the index-th series; six colours, then they repeat. */
function seriesClass(index: number): string {
  return `s${index % 6}`;
}

/** Largest number of path commands one series can hold: two per pixel column of the plot. */
export function ecdfCommandCap(): number {
  return 2 * WIDTH_PX + 2;
}

export function renderEcdf(series: readonly EcdfSeries[], options: EcdfOptions): string {
  const single = series.length === 1;
  // A typed array sorts numerically without a comparator.
  const sorted = series.map((entry) => Array.from(Float64Array.from(entry.samplesMs).sort()));
  const legendRows = single ? 0 : Math.ceil(series.length / 2);
  const lanes = 2;
  const box = frame(WIDTH_PX, 250 + legendRows * LANE_PX, { leftPx: 66, rightPx: 18, topPx: 10 + (legendRows + lanes) * LANE_PX, bottomPx: 42 });

  const lowest = sorted.map((values) => values.find((value) => value > 0)).filter((value): value is number => value !== undefined);
  const nonPositive = sorted.reduce((count, values) => count + values.filter((value) => value <= 0).length, 0);
  const dataLowMs = lowest.length > 0 ? Math.min(...lowest) : 0.001;
  const dataHighMs = lowest.length > 0 ? Math.max(...sorted.map((values) => values[values.length - 1] ?? 0)) : 0.01;
  const padded = padDomain(dataLowMs, Math.max(dataHighMs, dataLowMs), true, 0.03);
  const fitted = options.threshold ? fitThreshold(padded, options.threshold.value, true) : { domain: padded, placement: 'inside' as const };
  const x = logScale(fitted.domain, [box.leftPx, box.rightPx]);
  const y = linearScale([0, 1], [box.bottomPx, box.topPx]);

  const totalSamples = sorted.reduce((sum, values) => sum + values.length, 0);
  const samplesText = single ? `${formatQuantity('count', totalSamples)} samples` : series.map((entry, index) => `${entry.name} n=${formatQuantity('count', sorted[index]?.length ?? 0)}`).join(', ');
  const parts: string[] = [
    ...yAxis(box, y, { ticks: [0, 0.25, 0.5, 0.75, 1], format: (share) => formatRatio(share), label: 'share of samples ≤ x' }),
    ...xAxis(box, x, { ticks: logTicks(fitted.domain[0], fitted.domain[1]), format: formatMs, label: `${options.quantity}, time per run (log scale) · ${samplesText}` }),
  ];

  sorted.forEach((values, index) => {
    parts.push(`<path class="ecdf ${seriesClass(index)}" d="${ecdfPath(values, x, y, box.rightPx)}"/>`);
  });

  const labels: { anchorPx: number; widthPx: number; content: string; className: string }[] = [];
  if (single) {
    const [entry] = series as [EcdfSeries];
    for (const [name, key, share] of PERCENTILES) {
      const xPx = x(entry.percentilesMs[key]);
      parts.push(line(xPx, box.bottomPx, xPx, y(share), 'pct-line'));
      parts.push(`<circle class="pct-dot" cx="${px(xPx)}" cy="${px(y(share))}" r="3"/>`);
      const content = `${name} ${formatMs(entry.percentilesMs[key])}`;
      labels.push({ anchorPx: xPx, widthPx: textWidthPx(content), content, className: 'pct-label' });
    }
  } else {
    series.forEach((entry, index) => {
      for (const [, key, share] of PERCENTILES) {
        if (key === 'p95') continue;
        parts.push(`<circle class="dot ${seriesClass(index)}" cx="${px(x(entry.percentilesMs[key]))}" cy="${px(y(share))}" r="3"/>`);
      }
      const column = index % 2;
      const row = Math.floor(index / 2);
      const leftPx = box.leftPx + column * 330;
      const topPx = 12 + row * LANE_PX;
      parts.push(line(leftPx, topPx - 4, leftPx + 18, topPx - 4, `legend ${seriesClass(index)}`));
      parts.push(text(leftPx + 24, topPx, `${entry.name}: P50 ${formatMs(entry.percentilesMs.p50)}, P99 ${formatMs(entry.percentilesMs.p99)} (dots)`, { class: 'legend-label' }));
    });
  }

  const threshold = options.threshold;
  let thresholdNote = 'no threshold';
  if (threshold) {
    if (fitted.placement === 'inside') {
      const xPx = x(threshold.value);
      parts.push(line(xPx, box.bottomPx, xPx, box.topPx - 4, 'threshold'));
      labels.push({ anchorPx: xPx, widthPx: textWidthPx(threshold.label), content: threshold.label, className: 'threshold-label' });
      thresholdNote = threshold.label;
    } else {
      const highestP99 = Math.max(...series.map((entry) => entry.percentilesMs.p99));
      const distance = timesFrom(threshold.value, highestP99, 'P99');
      const note = distance ? `${threshold.label} (${distance})` : threshold.label;
      parts.push(...offScaleX(box, fitted.placement, (box.topPx + box.bottomPx) / 2 + 20, note));
      thresholdNote = `${note}, off scale ${fitted.placement === 'above' ? 'to the right' : 'to the left'}`;
    }
  }

  const placed = placeLabels(labels, lanes, box.leftPx - 30, box.rightPx + 14);
  labels.forEach((label, index) => {
    const position = placed[index];
    if (!position) return;
    const baselinePx = box.topPx - 5 - position.lane * LANE_PX;
    parts.push(text(position.xPx, baselinePx, label.content, { class: `${label.className} halo` }));
    // Tie a lifted label back to its line.
    if (position.lane > 0) parts.push(line(label.anchorPx, baselinePx + 3, label.anchorPx, box.topPx, label.className === 'threshold-label' ? 'threshold-tie' : 'pct-line'));
  });

  if (nonPositive > 0) parts.push(text(box.leftPx + 4, box.bottomPx - 6, `${formatQuantity('count', nonPositive)} samples at 0 ms drawn at the left edge`, { class: 'note' }));

  const percentilesText = series
    .map((entry) => `${single ? '' : `${entry.name}: `}P50 ${formatMs(entry.percentilesMs.p50)}, P95 ${formatMs(entry.percentilesMs.p95)}, P99 ${formatMs(entry.percentilesMs.p99)}`)
    .join('; ');
  const title = `ECDF of ${options.quantity}, ${options.subject}, log time axis, ${samplesText}: ${percentilesText}; ${thresholdNote}`;
  return svgDocument(options.id, box, title, parts);
}
