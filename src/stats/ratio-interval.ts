/**
 * The ratio of one quantile in two independent sample sets, with a confidence interval built from
 * the two order-statistic intervals: [lowA / highB, highA / lowB]. Each side's interval is taken
 * at 1 − (1 − c)/2, so by Bonferroni both hold at once, and so does the ratio's, with probability
 * at least c. Conservative, distribution-free, and needs no resampling.
 */
import { percentile } from './percentiles.js';
import { quantileInterval } from './quantile-interval.js';

export interface RatioEstimate {
  ratio: number;
  /** null when a side cannot be bounded (too few samples) or would divide by zero. */
  low: number | null;
  high: number | null;
}

function divide(numerator: number | null, denominator: number | null): number | null {
  return numerator === null || denominator === null || !(denominator > 0) ? null : numerator / denominator;
}

/**
 * quantileRatio where either side may have no samples (then there is no ratio).
 */
export function quantileRatioOrNull(sortedA: readonly number[], sortedB: readonly number[], q: number, confidence: number): RatioEstimate | null {
  return sortedA.length > 0 && sortedB.length > 0 ? quantileRatio(sortedA, sortedB, q, confidence) : null;
}

/** The ratio of two single values (no interval); null when either is missing or B is not positive. */
export function pointRatio(a: number | null | undefined, b: number | null | undefined): RatioEstimate | null {
  const ratio = divide(a ?? null, b ?? null);
  return ratio === null ? null : { ratio, low: null, high: null };
}

/**
 * Quantile q of `sortedA` over quantile q of `sortedB` (both sorted ascending, non-empty), with a
 * `confidence` interval; null when B's quantile is not positive (no ratio to speak of).
 */
export function quantileRatio(sortedA: readonly number[], sortedB: readonly number[], q: number, confidence: number): RatioEstimate | null {
  const ratio = divide(percentile(sortedA, q), percentile(sortedB, q));
  if (ratio === null) return null;
  const each = 1 - (1 - confidence) / 2;
  const a = quantileInterval(sortedA, q, each);
  const b = quantileInterval(sortedB, q, each);
  return { ratio, low: divide(a.low, b.high), high: divide(a.high, b.low) };
}
