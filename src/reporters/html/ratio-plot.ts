/**
 * Ratios with their intervals on a log axis (a forest plot): one line per metric × runtime, the
 * reference at 1×, and where a largest allowed ratio applies, the region beyond it shaded.
 */
import type { RatioRecord } from '../../report/schema.js';
import { logScale, logTicks, padDomain } from './scales.js';
import { arrowHead, frame, line, px, rect, svgDocument, text, textWidthPx, xAxis } from './svg.js';
import type { Label } from './verdict-labels.js';

export interface RatioLine {
  /** The metric, printed once per group of consecutive lines: "inference P99". */
  group: string;
  /** Which row: "chrome-wasm ×1". */
  name: string;
  ratio: RatioRecord | null;
  /** One value, no interval (memory). */
  singleValued: boolean;
  /** Largest allowed ratio, or null where none applies. */
  allowed: number | null;
  verdict: Label | null;
}

export interface RatioPlotOptions {
  id: string;
  /** "now / baseline", "this runtime / node-native ×1". */
  ratioName: string;
  subject: string;
  confidenceText: string;
}

const WIDTH_PX = 720;
const ROW_PX = 20;
const MIN_RATIO = 1 / 64;
const MAX_RATIO = 64;

export function ratioText(ratio: RatioRecord | null, singleValued: boolean): string {
  if (!ratio) return 'not measured';
  const side = (value: number | null) => (value === null ? '—' : value.toFixed(2));
  return singleValued ? `${ratio.ratio.toFixed(2)}×` : `${ratio.ratio.toFixed(2)}× [${side(ratio.low)}, ${side(ratio.high)}]`;
}

function formatFactor(value: number): string {
  return `${Number(value.toPrecision(2))}×`;
}

export function renderRatioPlot(lines: readonly RatioLine[], options: RatioPlotOptions): string {
  const box = frame(WIDTH_PX, 34 + lines.length * ROW_PX + 44, { leftPx: 200, rightPx: 252, topPx: 34, bottomPx: 44 });
  const values = lines.flatMap((entry) => [entry.ratio?.ratio, entry.ratio?.low, entry.ratio?.high, entry.allowed].filter((value): value is number => typeof value === 'number' && value > 0));
  const low = Math.max(MIN_RATIO, Math.min(1, ...values));
  const high = Math.min(MAX_RATIO, Math.max(1, ...values));
  const domain = padDomain(low, high, true, 0.08);
  const x = logScale(domain, [box.leftPx, box.rightPx]);
  const clampPx = (value: number) => Math.min(box.rightPx, Math.max(box.leftPx, x(value)));

  const parts: string[] = [
    ...xAxis(box, x, { ticks: logTicks(domain[0], domain[1], 7), format: formatFactor, label: `ratio ${options.ratioName} (log scale; 1× = the same, right = slower or bigger)` }),
    line(x(1), box.topPx, x(1), box.bottomPx, 'ref-line'),
  ];
  // Legend.
  parts.push(
    `<circle class="legend-dot muted-dot" cx="${box.leftPx - 190}" cy="12" r="4"/>`,
    text(box.leftPx - 182, 16, 'ratio', { class: 'legend-label' }),
    line(box.leftPx - 140, 12, box.leftPx - 110, 12, 'whisker'),
    text(box.leftPx - 104, 16, `${options.confidenceText} interval`, { class: 'legend-label' }),
    line(box.leftPx + 10, 12, box.leftPx + 40, 12, 'whisker open'),
    text(box.leftPx + 46, 16, 'side not bounded (too few samples)', { class: 'legend-label' }),
  );
  if (lines.some((entry) => entry.allowed !== null))
    parts.push(rect(box.leftPx + 270, 6, 24, 12, 'legend-swatch over-limit'), text(box.leftPx + 300, 16, 'beyond the allowed ratio', { class: 'legend-label' }));

  // Verdicts line up in one column, after the widest value.
  const verdictXPx = box.rightPx + 22 + Math.max(...lines.map((entry) => textWidthPx(ratioText(entry.ratio, entry.singleValued))));
  lines.forEach((entry, index) => {
    const topPx = box.topPx + index * ROW_PX;
    const midPx = topPx + ROW_PX / 2;
    const firstOfGroup = index === 0 || lines[index - 1]?.group !== entry.group;
    if (firstOfGroup && index > 0) parts.push(line(6, topPx, WIDTH_PX - 6, topPx, 'group-rule'));
    if (firstOfGroup) parts.push(text(6, midPx + 4, entry.group, { class: 'group-label' }));
    parts.push(text(box.leftPx - 8, midPx + 4, entry.name, { class: 'row-name', 'text-anchor': 'end' }));
    if (entry.allowed !== null && entry.allowed < domain[1]) {
      const limitPx = x(entry.allowed);
      parts.push(rect(limitPx, topPx + 2, box.rightPx - limitPx, ROW_PX - 4, 'over-limit'), line(limitPx, topPx + 2, limitPx, topPx + ROW_PX - 2, 'threshold'));
    }
    const ratio = entry.ratio;
    if (ratio) {
      if (!entry.singleValued) {
        const lowPx = ratio.low === null ? box.leftPx : clampPx(ratio.low);
        const highPx = ratio.high === null ? box.rightPx : clampPx(ratio.high);
        const pointPx = clampPx(ratio.ratio);
        parts.push(line(lowPx, midPx, pointPx, midPx, ratio.low === null ? 'whisker open' : 'whisker'));
        parts.push(line(pointPx, midPx, highPx, midPx, ratio.high === null ? 'whisker open' : 'whisker'));
        if (ratio.low !== null && x(ratio.low) >= box.leftPx) parts.push(line(lowPx, midPx - 4, lowPx, midPx + 4, 'whisker'));
        if (ratio.high !== null && x(ratio.high) <= box.rightPx) parts.push(line(highPx, midPx - 4, highPx, midPx + 4, 'whisker'));
        if (ratio.high === null || x(ratio.high) > box.rightPx) parts.push(arrowHead(box.rightPx + 2, midPx, 'right', 'whisker-head'));
        if (ratio.low === null || x(ratio.low) < box.leftPx) parts.push(arrowHead(box.leftPx - 2, midPx, 'left', 'whisker-head'));
      }
      parts.push(`<circle class="ratio-dot ${entry.verdict?.className ?? 'muted'}-dot" cx="${px(clampPx(ratio.ratio))}" cy="${px(midPx)}" r="4"/>`);
    }
    parts.push(text(box.rightPx + 14, midPx + 4, ratioText(ratio, entry.singleValued), { class: 'ratio-value' }));
    if (entry.verdict) parts.push(text(verdictXPx, midPx + 4, entry.verdict.text, { class: `verdict-text ${entry.verdict.className}` }));
  });

  const summary = lines
    .map(
      (entry) =>
        `${entry.group} ${entry.name} ${ratioText(entry.ratio, entry.singleValued)}${entry.allowed !== null ? ` (allowed < ${entry.allowed}×)` : ''}${entry.verdict ? ` ${entry.verdict.text}` : ''}`,
    )
    .join('; ');
  return svgDocument(options.id, box, `Ratios ${options.ratioName}, ${options.subject}, with ${options.confidenceText} intervals, log axis: ${summary}`, parts);
}
