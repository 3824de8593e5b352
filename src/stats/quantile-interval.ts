/**
 * Distribution-free confidence intervals for a quantile from order statistics.
 *
 * With n samples, the number B of samples below the true q-quantile ξ is Binomial(n, q), so
 *   P(x(l) ≤ ξ) = P(B ≥ l)   and   P(x(u) ≥ ξ) = P(B ≤ u − 1)   (ranks 1-based).
 * The equal-tailed interval at confidence c takes the largest l with P(B ≤ l − 1) ≤ (1 − c)/2 and
 * the smallest u with P(B ≤ u − 1) ≥ 1 − (1 − c)/2. Exact for every n (binomial, not normal,
 * arithmetic); conservative, as order statistics are discrete. A side whose rank falls outside
 * 1..n does not exist: too few samples to bound the quantile from that side.
 */
import type BinomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import type BinomialQuantile from '@stdlib/stats-base-dists-binomial-quantile';
import { loadedOnFirstUse } from './lazy-library.js';

const binomialCdf = loadedOnFirstUse<typeof BinomialCdf>('@stdlib/stats-base-dists-binomial-cdf');
const binomialQuantile = loadedOnFirstUse<typeof BinomialQuantile>('@stdlib/stats-base-dists-binomial-quantile');

export interface RankInterval {
  /** 1-based rank of the lower bound, or null when no sample bounds the quantile from below. */
  lowRank: number | null;
  /** 1-based rank of the upper bound, or null when no sample bounds the quantile from above. */
  highRank: number | null;
}

export interface QuantileInterval extends RankInterval {
  low: number | null;
  high: number | null;
}

function checkArguments(n: number, q: number, confidence: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`need at least one sample, got n=${n}`);
  if (!(q > 0 && q < 1)) throw new RangeError(`quantile must be in (0, 1), got ${q}`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
}

export function quantileRankInterval(n: number, q: number, confidence: number): RankInterval {
  checkArguments(n, q, confidence);
  const tail = (1 - confidence) / 2;
  // Smallest k with P(B ≤ k) ≥ 1 − tail; the upper bound is x(k + 1).
  const upperK = binomialQuantile()(1 - tail, n, q);
  const highRank = upperK + 1 <= n ? upperK + 1 : null;
  // Largest k with P(B ≤ k) ≤ tail; the lower bound is x(k + 1).
  const firstAbove = binomialQuantile()(tail, n, q);
  const lowerK = binomialCdf()(firstAbove, n, q) <= tail ? firstAbove : firstAbove - 1;
  const lowRank = lowerK >= 0 ? lowerK + 1 : null;
  return { lowRank, highRank };
}

/** The interval for the q-quantile of samples sorted ascending. */
export function quantileInterval(sorted: ArrayLike<number>, q: number, confidence: number): QuantileInterval {
  return valuesAtRanks(sorted, quantileRankInterval(sorted.length, q, confidence));
}

/** The samples (sorted ascending) at an interval's ranks. */
export function valuesAtRanks(sorted: ArrayLike<number>, ranks: RankInterval): QuantileInterval {
  return {
    ...ranks,
    low: ranks.lowRank === null ? null : (sorted[ranks.lowRank - 1] as number),
    high: ranks.highRank === null ? null : (sorted[ranks.highRank - 1] as number),
  };
}

/**
 * Fewest samples for which the q-quantile has an upper bound at this confidence: the maximum
 * bounds it once q^n ≤ (1 − c)/2. (P99 at 95 % two-sided: 368; at 90 %: 299.)
 */
export function minSamplesForUpperBound(q: number, confidence: number): number {
  const tail = (1 - confidence) / 2;
  return Math.ceil(Math.log(tail) / Math.log(q) - 1e-9);
}
