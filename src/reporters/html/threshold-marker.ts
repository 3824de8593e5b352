/**
 * A KPI threshold drawn on a plot: a line when it lies on the axis, or an arrow at the plot's edge
 * with its value when it lies far beyond the data (the plot is not squashed to reach it).
 */
import { formatMs, formatQuantity } from '../../format.js';
import type { Placement, Scale } from './scales.js';
import { arrowHead, line, text, type Frame } from './svg.js';

export interface Threshold {
  value: number;
  /** "threshold 500 ms", "budget 100 MB": what the marker says. */
  label: string;
}

/** "8,450× P99": how far the threshold is from a reference value, for labels of off-scale thresholds. */
export function timesFrom(threshold: number, reference: number, referenceName: string): string {
  if (!(reference > 0)) return '';
  const ratio = threshold / reference;
  const shown = ratio >= 1 ? `${formatQuantity('count', Math.round(ratio))}×` : `1/${formatQuantity('count', Math.round(1 / ratio))}`;
  return `${shown} ${referenceName}`;
}

/** Off-scale marker on an x axis: an arrow at the right (or left) edge, at `yPx`, with its label beside it. */
export function offScaleX(box: Frame, placement: Exclude<Placement, 'inside'>, yPx: number, label: string): string[] {
  if (placement === 'above') {
    return [
      line(box.rightPx - 48, yPx, box.rightPx - 2, yPx, 'threshold'),
      arrowHead(box.rightPx, yPx, 'right', 'threshold-head'),
      text(box.rightPx - 4, yPx - 7, `${label} →`, { class: 'threshold-label', 'text-anchor': 'end' }),
    ];
  }
  return [
    line(box.leftPx + 2, yPx, box.leftPx + 48, yPx, 'threshold'),
    arrowHead(box.leftPx, yPx, 'left', 'threshold-head'),
    text(box.leftPx + 4, yPx - 7, `← ${label}`, { class: 'threshold-label' }),
  ];
}

/**
 * A threshold on a y axis: a horizontal line labelled at its left end (percentile lines are
 * labelled at the right), or an arrow at the top or bottom edge.
 */
export function yThreshold(box: Frame, scale: Scale, placement: Placement, threshold: Threshold, offScaleNote: string): string[] {
  if (placement === 'inside') {
    const yPx = scale(threshold.value);
    return [line(box.leftPx, yPx, box.rightPx, yPx, 'threshold'), text(box.leftPx + 5, yPx - 5, threshold.label, { class: 'threshold-label halo' })];
  }
  const label = `${threshold.label}${offScaleNote ? `, ${offScaleNote}` : ''}, off scale ${placement === 'above' ? '↑' : '↓'}`;
  // Above: in the top margin, clear of percentile labels near the plot's top edge.
  if (placement === 'above') {
    return [arrowHead(box.rightPx - 5, 5, 'up', 'threshold-head'), text(box.rightPx - 14, 14, label, { class: 'threshold-label', 'text-anchor': 'end' })];
  }
  return [arrowHead(box.leftPx + 8, box.bottomPx - 2, 'down', 'threshold-head'), text(box.leftPx + 16, box.bottomPx - 5, label, { class: 'threshold-label halo' })];
}

export function msThreshold(kind: string, valueMs: number): Threshold {
  return { value: valueMs, label: `${kind} threshold ${formatMs(valueMs)}` };
}
