/**
 * Reduces tens of thousands of samples to what a plot can show: one step per pixel column for an
 * ECDF, min/median/max per pixel column for a run chart. Pure; the caller sorts when needed.
 */
import { fromTenths, px, tenthsOfPx } from './svg.js';

/**
 * The ECDF of `sorted` as an SVG path at pixel resolution: a horizontal run to each column that
 * holds samples, then a vertical rise to the share at or below that column's last sample. Exact
 * at the resolution drawn, with at most two commands per column, relative (short) after the first.
 */
export function ecdfPath(sorted: ArrayLike<number>, xPx: (value: number) => number, yPx: (share: number) => number, endXPx: number): string {
  const n = sorted.length;
  if (n === 0) return '';
  let xTenths = tenthsOfPx(xPx(sorted[0] as number));
  let yTenths = tenthsOfPx(yPx(0));
  let d = `M${fromTenths(xTenths)} ${fromTenths(yTenths)}`;
  let index = 0;
  while (index < n) {
    const columnPx = Math.round(xPx(sorted[index] as number));
    // Advance over every sample in this pixel column.
    while (index < n && Math.round(xPx(sorted[index] as number)) === columnPx) index++;
    const nextYTenths = tenthsOfPx(yPx(index / n));
    d += `h${fromTenths(columnPx * 10 - xTenths)}v${fromTenths(nextYTenths - yTenths)}`;
    xTenths = columnPx * 10;
    yTenths = nextYTenths;
  }
  return `${d}H${px(endXPx)}`;
}

export interface Column {
  /** Sample index range [first, end) this column summarises. */
  first: number;
  end: number;
  min: number;
  median: number;
  max: number;
}

/** Samples in order, split into `count` consecutive buckets of (nearly) equal size. */
export function minMaxColumns(samples: ArrayLike<number>, count: number): Column[] {
  const n = samples.length;
  const buckets = Math.min(n, Math.max(1, Math.floor(count)));
  const columns: Column[] = [];
  for (let bucket = 0; bucket < buckets; bucket++) {
    const first = Math.floor((bucket * n) / buckets);
    const end = Math.floor(((bucket + 1) * n) / buckets);
    const values = Array.prototype.slice.call(samples, first, end) as number[];
    values.sort((a, b) => a - b);
    columns.push({ first, end, min: values[0] as number, median: values[Math.ceil(values.length / 2) - 1] as number, max: values[values.length - 1] as number });
  }
  return columns;
}
