/**
 * Run charts: each sample against its index, in the order measured, for spotting drift (a slow
 * start, thermal throttling, a noisy neighbour). Inference samples are summarised per pixel
 * column; cold loads are few, so each is drawn whole with its phases stacked.
 */
import { formatMs, formatQuantity } from '../../format.js';
import type { TrialResult } from '../../report/schema.js';
import { minMaxColumns } from './downsample.js';
import { fitThreshold, linearScale, linearTicks, logScale, logTicks, padDomain } from './scales.js';
import { frame, fromTenths, line, px, rect, svgDocument, tenthsOfPx, text, xAxis, yAxis, type Frame } from './svg.js';
import { LOAD_PHASES, phaseLegend } from './load-phases.js';
import { timesFrom, yThreshold, type Threshold } from './threshold-marker.js';

type Load = NonNullable<TrialResult['load']>;

const WIDTH_PX = 720;
const MARGINS = { leftPx: 66, rightPx: 18, topPx: 26, bottomPx: 42 };

/** Columns the inference run chart summarises its samples into: one per pixel of plot width. */
export const RUN_CHART_COLUMNS = WIDTH_PX - MARGINS.leftPx - MARGINS.rightPx;

function percentileLine(box: Frame, yPx: number, label: string, below: boolean): string[] {
  return [line(box.leftPx, yPx, box.rightPx, yPx, 'pct-line'), text(box.rightPx - 4, below ? yPx + 13 : yPx - 5, label, { class: 'pct-label halo', 'text-anchor': 'end' })];
}

export interface InferenceRunChartOptions {
  id: string;
  subject: string;
  percentilesMs: { p50: number; p99: number };
  threshold: Threshold | null;
  /** Inference workers whose samples follow one another (--repeat). */
  workers: number;
}

export function renderInferenceRunChart(samplesMs: readonly number[], options: InferenceRunChartOptions): string {
  const box = frame(WIDTH_PX, 230, MARGINS);
  const n = samplesMs.length;
  let lowMs = Number.POSITIVE_INFINITY;
  let highMs = 0;
  for (const value of samplesMs) {
    if (value > 0 && value < lowMs) lowMs = value;
    if (value > highMs) highMs = value;
  }
  if (!Number.isFinite(lowMs)) [lowMs, highMs] = [0.001, 0.01];
  const padded = padDomain(lowMs, highMs, true, 0.03);
  const fitted = options.threshold ? fitThreshold(padded, options.threshold.value, true) : { domain: padded, placement: 'inside' as const };
  const y = logScale(fitted.domain, [box.bottomPx, box.topPx]);
  const x = linearScale([0, Math.max(1, n - 1)], [box.leftPx + 0.5, box.rightPx - 0.5]);

  const summarised = n > RUN_CHART_COLUMNS;
  const columns = summarised ? minMaxColumns(samplesMs, RUN_CHART_COLUMNS) : [];
  const how = summarised
    ? `${formatQuantity('count', n)} samples in ${columns.length} columns of ~${formatQuantity('count', Math.round(n / columns.length))}: min–max band and median line`
    : `all ${formatQuantity('count', n)} samples`;
  const order = options.workers > 1 ? `${options.workers} workers one after another` : 'in the order measured';
  const parts: string[] = [
    ...yAxis(box, y, { ticks: logTicks(fitted.domain[0], fitted.domain[1], 6), format: formatMs, label: 'latency (log)' }),
    ...xAxis(box, x, { ticks: linearTicks(0, Math.max(1, n - 1), 8), format: (index) => formatQuantity('count', index), label: `sample index, ${order} · ${how}`, grid: false }),
  ];

  if (summarised) {
    // One column per pixel, so each step is 1 px right: relative commands keep the path short.
    let band = '';
    let median = '';
    let bandYTenths = 0;
    let medianYTenths = 0;
    columns.forEach((column, index) => {
      const topTenths = tenthsOfPx(y(column.max));
      // A column whose samples are all equal still gets a visible pixel.
      const bottomTenths = Math.max(tenthsOfPx(y(column.min)), topTenths + 10);
      const middleTenths = tenthsOfPx(y(column.median));
      if (index === 0) {
        const xPx = px(box.leftPx + 0.5);
        band = `M${xPx} ${fromTenths(topTenths)}`;
        median = `M${xPx} ${fromTenths(middleTenths)}`;
      } else {
        band += `m1 ${fromTenths(topTenths - bandYTenths)}`;
        median += `l1 ${fromTenths(middleTenths - medianYTenths)}`;
      }
      band += `v${fromTenths(bottomTenths - topTenths)}`;
      bandYTenths = bottomTenths;
      medianYTenths = middleTenths;
    });
    parts.push(`<path class="band" d="${band}"/>`, `<path class="median" d="${median}"/>`);
  } else {
    const points = samplesMs.map((value, index) => `${index === 0 ? 'M' : 'L'}${px(x(index))} ${px(y(value))}`).join('');
    parts.push(`<path class="run-line" d="${points}"/>`);
    for (const [index, value] of samplesMs.entries()) parts.push(`<circle class="run-dot" cx="${px(x(index))}" cy="${px(y(value))}" r="2"/>`);
  }

  parts.push(...percentileLine(box, y(options.percentilesMs.p50), `P50 ${formatMs(options.percentilesMs.p50)}`, true));
  parts.push(...percentileLine(box, y(options.percentilesMs.p99), `P99 ${formatMs(options.percentilesMs.p99)}`, false));
  if (options.threshold) parts.push(...yThreshold(box, y, fitted.placement, options.threshold, timesFrom(options.threshold.value, options.percentilesMs.p99, 'P99')));

  const title = `Run chart of inference latency, ${options.subject}: ${how}, ${order}, log latency axis; P50 ${formatMs(options.percentilesMs.p50)}, P99 ${formatMs(options.percentilesMs.p99)}${options.threshold ? `; ${options.threshold.label}${fitted.placement === 'inside' ? '' : ' (off scale)'}` : ''}`;
  return svgDocument(options.id, box, title, parts);
}

export interface LoadRunChartOptions {
  id: string;
  subject: string;
  threshold: Threshold | null;
  /** Where each load ran: "a fresh process", "a fresh browser context". */
  isolation: string;
  /** Which loads: cold (first visits, the default) or warm (repeat visits). */
  temperature?: 'cold' | 'warm';
}

/** Loads up to this count are drawn as stacked bars, one per load; more as a line of their totals. */
const MAX_LOAD_BARS = 200;

/** Each cold load as a bar of its phases, stacked, in the order measured. */
export function renderLoadRunChart(load: Load, options: LoadRunChartOptions): string {
  const box = frame(WIDTH_PX, 220, { ...MARGINS, topPx: 30 });
  const n = load.samplesMs.length;
  const p95Ms = load.percentiles.p95;
  const highMs = load.samplesMs.reduce((high, value) => Math.max(high, value), p95Ms);
  const fitted = options.threshold ? fitThreshold([0, highMs * 1.05], options.threshold.value, false) : { domain: [0, highMs * 1.05] as [number, number], placement: 'inside' as const };
  const y = linearScale(fitted.domain, [box.bottomPx, box.topPx]);
  const x = linearScale([0, n], [box.leftPx, box.rightPx]);
  const bars = n <= MAX_LOAD_BARS;
  const indexTicks = linearTicks(1, n, Math.min(n, 10)).filter((tick) => Number.isInteger(tick));
  const how = bars ? 'each a bar of its phases' : 'totals';
  const temperature = options.temperature ?? 'cold';

  const parts: string[] = [
    ...yAxis(box, y, { ticks: linearTicks(0, fitted.domain[1], 5), format: formatMs, label: `${temperature}-load time` }),
    line(box.leftPx, box.bottomPx, box.rightPx, box.bottomPx, 'axis'),
    ...indexTicks.map((tick) => text(x(tick - 0.5), box.bottomPx + 15, formatQuantity('count', tick), { class: 'tick', 'text-anchor': 'middle' })),
    text((box.leftPx + box.rightPx) / 2, box.bottomPx + 31, `${temperature} load #, in the order measured · all ${formatQuantity('count', n)} loads, each in ${options.isolation}`, {
      class: 'axis-label',
      'text-anchor': 'middle',
    }),
  ];
  if (bars) {
    parts.push(...phaseLegend(box, 14));
    const barPx = Math.min(28, Math.max(1, ((box.rightPx - box.leftPx) / n) * 0.7));
    for (let index = 0; index < n; index++) {
      const leftPx = x(index + 0.5) - barPx / 2;
      let startMs = 0;
      for (const [key, name, className] of LOAD_PHASES) {
        const valueMs = load.phases[key][index] ?? 0;
        const topPx = y(startMs + valueMs);
        // Tooltips only while few: each costs a <title> element.
        parts.push(rect(leftPx, topPx, barPx, y(startMs) - topPx, className, n <= 50 ? `load ${index + 1}: ${name} ${formatMs(valueMs)}` : undefined));
        startMs += valueMs;
      }
    }
  } else {
    parts.push(`<path class="run-line" d="${load.samplesMs.map((value, index) => `${index === 0 ? 'M' : 'L'}${px(x(index + 0.5))} ${px(y(value))}`).join('')}"/>`);
  }
  parts.push(...percentileLine(box, y(p95Ms), `load P95 ${formatMs(p95Ms)}`, false));
  if (options.threshold) parts.push(...yThreshold(box, y, fitted.placement, options.threshold, timesFrom(options.threshold.value, p95Ms, 'P95')));

  const title = `Run chart of ${temperature} loads, ${options.subject}: all ${n} loads in order, ${how === 'totals' ? 'their totals' : 'each a bar of read, runtime init and session create'}; load P95 ${formatMs(p95Ms)}${options.threshold ? `; ${options.threshold.label}${fitted.placement === 'inside' ? '' : ' (off scale)'}` : ''}`;
  return svgDocument(options.id, box, title, parts);
}
