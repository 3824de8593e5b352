/**
 * One A/B metric over the run: a dot per paired block at its ratio B / A (log axis) against when
 * the block ended, the "same" band of the tolerance, a line at 1, and the final interval of the
 * median block ratio as a shaded band (open-ended where too few blocks bound it).
 */
import { formatMs } from '../../format.js';
import type { BlockRatioPoint } from '../../report/ab-block-ratios.js';
import { type AbCheck, changeText, metricWords, outcomeWord, signedPercent, toleranceText } from '../ab-words.js';
import { linearScale, linearTicks, logScale, logTicks, padDomain } from './scales.js';
import { frame, line, px, rect, svgDocument, text, yAxis, xAxis } from './svg.js';

const WIDTH_PX = 720;
const HEIGHT_PX = 260;
const MIN_RATIO = 1 / 64;
const MAX_RATIO = 64;

export interface AbBlockPlotOptions {
  id: string;
  /** "node-wasm ×1", for the accessible title. */
  subject: string;
  confidenceText: string;
}

function ratioDomain(points: readonly BlockRatioPoint[], check: AbCheck): [number, number] {
  const ceiling = 1 + check.tolerance;
  const values = [1, ceiling, 1 / ceiling, ...points.map((point) => point.ratio), check.interval?.low, check.interval?.high].filter((value): value is number => typeof value === 'number' && value > 0);
  const low = Math.max(MIN_RATIO, Math.min(...values));
  const high = Math.min(MAX_RATIO, Math.max(...values));
  return padDomain(low, high, true, 0.06);
}

/** From one block's length before the first block ended (when it began, about) to just past the last. */
function timeDomainMs(points: readonly BlockRatioPoint[]): [number, number] {
  const endedMs = points.map((point) => point.endedAtMs);
  if (endedMs.length === 0) return [0, 1];
  const firstMs = Math.min(...endedMs);
  const lastMs = Math.max(...endedMs);
  const blockMs = endedMs.length > 1 ? (lastMs - firstMs) / (endedMs.length - 1) : firstMs;
  const startMs = Math.max(0, firstMs - blockMs);
  return [startMs, lastMs + (lastMs - startMs) * 0.03 || 1];
}

export function renderAbBlockPlot(check: AbCheck, points: readonly BlockRatioPoint[], options: AbBlockPlotOptions): string {
  const box = frame(WIDTH_PX, HEIGHT_PX, { leftPx: 80, rightPx: 16, topPx: 30, bottomPx: 44 });
  const timeDomain = timeDomainMs(points);
  const x = linearScale(timeDomain, [box.leftPx, box.rightPx]);
  const domain = ratioDomain(points, check);
  const y = logScale(domain, [box.bottomPx, box.topPx]);
  const clampYPx = (ratio: number) => Math.min(box.bottomPx, Math.max(box.topPx, y(ratio)));
  const ceiling = 1 + check.tolerance;
  const widthPx = box.rightPx - box.leftPx;

  const parts: string[] = [rect(box.leftPx, clampYPx(ceiling), widthPx, clampYPx(1 / ceiling) - clampYPx(ceiling), 'ab-same-band', `same: within ${toleranceText(check.tolerance)}`)];
  if (check.interval && check.ratio !== null) {
    const { low, high } = check.interval;
    const topPx = high === null ? box.topPx : clampYPx(high);
    const bottomPx = low === null ? box.bottomPx : clampYPx(low);
    const open = low === null || high === null ? ' open' : '';
    parts.push(rect(box.leftPx, topPx, widthPx, bottomPx - topPx, `ab-interval${open}`, `${options.confidenceText} interval of the median block ratio: ${changeText(check)}`));
    parts.push(line(box.leftPx, clampYPx(check.ratio), box.rightPx, clampYPx(check.ratio), 'ab-median'));
  }
  parts.push(
    ...xAxis(box, x, { ticks: linearTicks(timeDomain[0], timeDomain[1], 7), format: (ms) => formatMs(ms), label: 'block ended (from the start of this runtime’s A/B run)', grid: false }),
    ...yAxis(box, y, { ticks: logTicks(domain[0], domain[1], 7), format: signedPercent, label: 'B / A', grid: false }),
    line(box.leftPx, y(1), box.rightPx, y(1), 'ref-line'),
  );
  points.forEach((point, index) => {
    parts.push(
      `<circle class="ab-dot" cx="${px(x(point.endedAtMs))}" cy="${px(clampYPx(point.ratio))}" r="3.2"><title>${`block ${index + 1}, ended ${formatMs(point.endedAtMs)}: B / A ${signedPercent(point.ratio)}`}</title></circle>`,
    );
  });
  if (points.length === 0) parts.push(text((box.leftPx + box.rightPx) / 2, (box.topPx + box.bottomPx) / 2, 'no paired blocks gave this metric a ratio', { class: 'note', 'text-anchor': 'middle' }));
  parts.push(
    `<circle class="ab-dot" cx="${box.leftPx + 6}" cy="12" r="3.2"/>`,
    text(box.leftPx + 14, 16, 'block ratio B / A', { class: 'legend-label' }),
    rect(box.leftPx + 130, 6, 22, 12, 'ab-same-band'),
    text(box.leftPx + 158, 16, `same (${toleranceText(check.tolerance)})`, { class: 'legend-label' }),
    rect(box.leftPx + 250, 6, 22, 12, 'ab-interval'),
    text(box.leftPx + 278, 16, `${options.confidenceText} interval of the median, line: the median`, { class: 'legend-label' }),
  );
  const title = `B / A per paired block at ${metricWords(check)} on ${options.subject}: ${points.length} block${points.length === 1 ? '' : 's'}, median ${changeText(check)}, ${outcomeWord(check).toLowerCase()}`;
  return svgDocument(options.id, box, title, parts);
}

/** Classes the A/B plots draw with, added to the page's stylesheet. */
export const AB_PLOT_STYLES = `
svg .ab-same-band { fill: var(--good); opacity: 0.13; }
svg .ab-interval { fill: var(--s0); opacity: 0.22; }
svg .ab-interval.open { opacity: 0.12; }
svg .ab-median { stroke: var(--s0); stroke-width: 1.5; stroke-dasharray: 6 3; }
svg .ab-dot { fill: var(--s1); stroke: var(--bg); stroke-width: 0.8; }
`;
