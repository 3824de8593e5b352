/** Horizontal bars: the load-phase breakdown of a cold load, and peak memory against its budget. */
import { formatBytesShort, formatMs } from '../../format.js';
import type { TrialResult } from '../../report/schema.js';
import { LOAD_PHASES, phaseLegend } from './load-phases.js';
import { fitThreshold, linearScale, linearTicks, type Placement, type Scale } from './scales.js';
import { frame, line, placeLabels, rect, svgDocument, text, textWidthPx, xAxis, type Frame } from './svg.js';
import { offScaleX, timesFrom, type Threshold } from './threshold-marker.js';

type Load = NonNullable<TrialResult['load']>;
type Memory = NonNullable<TrialResult['memory']>;

const WIDTH_PX = 720;
const LANE_PX = 14;

interface Marker {
  value: number;
  label: string;
  className: 'pct' | 'threshold';
}

/** Vertical marker lines over the bars, labelled in lanes above the plot so labels never overlap. */
function markers(box: Frame, x: Scale, list: readonly Marker[], lanes: number): string[] {
  const parts: string[] = [];
  const placed = placeLabels(
    list.map((marker) => ({ anchorPx: x(marker.value), widthPx: textWidthPx(marker.label) })),
    lanes,
    box.leftPx - 20,
    box.rightPx + 14,
  );
  list.forEach((marker, index) => {
    const xPx = x(marker.value);
    const lane = placed[index]?.lane ?? 0;
    const baselinePx = box.topPx - 5 - lane * LANE_PX;
    parts.push(line(xPx, box.bottomPx, xPx, baselinePx + 3, marker.className === 'threshold' ? 'threshold' : 'pct-line'));
    parts.push(text(placed[index]?.xPx ?? xPx, baselinePx, marker.label, { class: `${marker.className}-label halo` }));
  });
  return parts;
}

function thresholdMarker(box: Frame, threshold: Threshold | null, placement: Placement, reference: number, referenceName: string, yPx: number): { inside: Marker[]; offScale: string[] } {
  if (!threshold) return { inside: [], offScale: [] };
  if (placement === 'inside') return { inside: [{ value: threshold.value, label: threshold.label, className: 'threshold' }], offScale: [] };
  const distance = timesFrom(threshold.value, reference, referenceName);
  return { inside: [], offScale: offScaleX(box, placement, yPx, distance ? `${threshold.label} (${distance})` : threshold.label) };
}

export interface LoadBreakdownOptions {
  id: string;
  subject: string;
  threshold: Threshold | null;
  /** Which loads: cold (first visits, the default) or warm (repeat visits). */
  temperature?: 'cold' | 'warm';
}

/** One bar: the median of each load phase, stacked; load P50 and P95 and the load threshold marked. */
export function renderLoadBreakdown(load: Load, options: LoadBreakdownOptions): string {
  const lanes = 2;
  const box = frame(WIDTH_PX, 150, { leftPx: 66, rightPx: 18, topPx: 10 + lanes * LANE_PX, bottomPx: 64 });
  const medians = LOAD_PHASES.map(([key, name, className]) => ({ name, className, valueMs: load.phasePercentiles[key].p50 }));
  const stackedMs = medians.reduce((sum, phase) => sum + phase.valueMs, 0);
  const { p50, p95 } = load.percentiles;
  const highMs = Math.max(stackedMs, p95) * 1.05;
  const fitted = options.threshold ? fitThreshold([0, highMs], options.threshold.value, false) : { domain: [0, highMs] as [number, number], placement: 'inside' as const };
  const x = linearScale(fitted.domain, [box.leftPx, box.rightPx]);
  const barTopPx = box.topPx + 8;
  const barHeightPx = box.bottomPx - box.topPx - 16;

  const parts: string[] = [
    ...xAxis(box, x, { ticks: linearTicks(0, fitted.domain[1], 7), format: formatMs, label: `${options.temperature ?? 'cold'}-load time (each phase: its median over the loads)` }),
  ];
  let startMs = 0;
  for (const phase of medians) {
    const leftPx = x(startMs);
    const widthPx = x(startMs + phase.valueMs) - leftPx;
    parts.push(rect(leftPx, barTopPx, widthPx, barHeightPx, phase.className, `${phase.name} median ${formatMs(phase.valueMs)}`));
    const label = formatMs(phase.valueMs);
    if (widthPx > textWidthPx(label) + 8) parts.push(text(leftPx + widthPx / 2, barTopPx + barHeightPx / 2 + 4, label, { class: 'bar-value', 'text-anchor': 'middle' }));
    startMs += phase.valueMs;
  }
  // Off scale, the threshold's arrow goes beside the legend: the bar fills the plot's width.
  const threshold = thresholdMarker(box, options.threshold, fitted.placement, p95, 'P95', box.heightPx - 8);
  parts.push(
    ...markers(box, x, [{ value: p50, label: `load P50 ${formatMs(p50)}`, className: 'pct' }, { value: p95, label: `load P95 ${formatMs(p95)}`, className: 'pct' }, ...threshold.inside], lanes),
    ...threshold.offScale,
    ...phaseLegend(box, box.heightPx - 6),
  );
  const legendValues = medians.map((phase) => `${phase.name} ${formatMs(phase.valueMs)}`).join(', ');
  const title = `Load phases, ${options.subject}: medians over ${load.percentiles.n} ${options.temperature ?? 'cold'} loads, ${legendValues}; load P50 ${formatMs(p50)}, P95 ${formatMs(p95)}${options.threshold ? `; ${options.threshold.label}${fitted.placement === 'inside' ? '' : ' (off scale)'}` : ''}`;
  return svgDocument(options.id, box, title, parts);
}

export interface MemoryBarsOptions {
  id: string;
  subject: string;
  threshold: Threshold | null;
}

/** The memory figures a row has, the gated one first. */
function memoryBars(memory: Memory): { name: string; bytes: number; gated: boolean }[] {
  const gatedName = memory.peakSource === 'wasm-linear-memory' ? 'wasm memory peak' : 'RSS growth over idle';
  const bars: { name: string; bytes: number; gated: boolean }[] = [];
  if (memory.peakBytes !== null) bars.push({ name: gatedName, bytes: memory.peakBytes, gated: true });
  if (memory.wasmPeakBytes !== null && memory.peakSource !== 'wasm-linear-memory') bars.push({ name: 'wasm memory peak', bytes: memory.wasmPeakBytes, gated: false });
  if (memory.rssPeakBytes !== null) bars.push({ name: 'process RSS peak', bytes: memory.rssPeakBytes, gated: false });
  if (memory.jsHeapPeakBytes !== null) bars.push({ name: 'JS heap peak', bytes: memory.jsHeapPeakBytes, gated: false });
  return bars;
}

export function hasMemoryBars(memory: Memory | null): boolean {
  return memory !== null && memoryBars(memory).length > 0;
}

export function renderMemoryBars(memory: Memory, options: MemoryBarsOptions): string {
  const bars = memoryBars(memory);
  const rowPx = 26;
  const box = frame(WIDTH_PX, 14 + LANE_PX + bars.length * rowPx + 46, { leftPx: 196, rightPx: 18, topPx: 14 + LANE_PX, bottomPx: 46 });
  const highBytes = Math.max(...bars.map((bar) => bar.bytes)) * 1.12;
  const fitted = options.threshold ? fitThreshold([0, highBytes], options.threshold.value, false, 4) : { domain: [0, highBytes] as [number, number], placement: 'inside' as const };
  const x = linearScale(fitted.domain, [box.leftPx, box.rightPx]);
  const parts: string[] = [...xAxis(box, x, { ticks: linearTicks(0, fitted.domain[1], 6), format: formatBytesShort, label: 'bytes (SI units); memory.peak gates on the first bar' })];
  bars.forEach((bar, index) => {
    const topPx = box.topPx + index * rowPx + 5;
    const widthPx = x(bar.bytes) - box.leftPx;
    parts.push(text(box.leftPx - 8, topPx + 12, `${bar.name}${bar.gated ? ' (gated)' : ''}`, { class: bar.gated ? 'bar-name gated' : 'bar-name', 'text-anchor': 'end' }));
    parts.push(rect(box.leftPx, topPx, widthPx, rowPx - 10, bar.gated ? 'mem-gated' : 'mem-other'));
    parts.push(text(box.leftPx + widthPx + 5, topPx + 12, formatBytesShort(bar.bytes), { class: 'bar-value-out halo' }));
  });
  const gatedBytes = bars.find((bar) => bar.gated)?.bytes ?? 0;
  const threshold = thresholdMarker(box, options.threshold, fitted.placement, gatedBytes, 'the gated peak', box.topPx + rowPx / 2);
  parts.push(...markers(box, x, threshold.inside, 1), ...threshold.offScale);
  const title = `Peak memory, ${options.subject}: ${bars.map((bar) => `${bar.name}${bar.gated ? ' (gated)' : ''} ${formatBytesShort(bar.bytes)}`).join(', ')}${options.threshold ? `; ${options.threshold.label}${fitted.placement === 'inside' ? '' : ' (off scale)'}` : ''}`;
  return svgDocument(options.id, box, title, parts);
}
