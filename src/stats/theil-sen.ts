/**
 * Growth per step of a series, robustly: the Theil–Sen slope (the median of the slopes between
 * every pair of points; Theil 1950, Sen 1968) with its distribution-free confidence interval,
 * which inverts Kendall's test of no trend in the residuals (Hollander & Wolfe, Nonparametric
 * Statistical Methods, §9.3 and §9.4).
 *
 * For a candidate slope b, Kendall's K of the residuals y − b·x is (slopes above b) − (slopes
 * below b); at the true slope, with independent errors from one continuous distribution, K has
 * the null distribution of Kendall's statistic, K = N − 2·(inversions of a uniformly random
 * permutation), N = n(n − 1)/2. The slopes b that this two-sided test accepts run from the
 * cut-th smallest pairwise slope to the cut-th largest. The interval is computed from the exact
 * distribution, not the normal approximation, so it holds for the few points a retained-memory
 * run takes; a point (an outlier) moves it no more than any other point.
 *
 * Why not least squares: one cycle in which the allocator or the garbage collector happens to
 * keep a few hundred kilobytes more pulls a fitted line and widens a t interval; a rank interval
 * is moved by it no more than by any other cycle.
 */

export interface SlopeInterval {
  /** Median of the pairwise slopes, in y units per x unit. */
  slope: number;
  /** Interval bounds at the confidence asked; null when the points are too few to bound it. */
  low: number | null;
  high: number | null;
}

const inversionCache = new Map<number, Float64Array>();

/**
 * P(a uniformly random permutation of n items has k inversions), k = 0 … n(n − 1)/2: the Mahonian
 * distribution, built by adding one item at a time (the i-th item adds 0 … i − 1 inversions, each
 * equally likely) with a running sum, O(n³). Probabilities rather than counts, so no n! overflows.
 */
export function inversionProbabilities(n: number): Float64Array {
  const cached = inversionCache.get(n);
  if (cached) return cached;
  let current = Float64Array.of(1);
  for (let items = 2; items <= n; items++) {
    const next = new Float64Array(current.length + items - 1);
    let windowSum = 0;
    // The lower half only, mirrored: the distribution is symmetric, and on the falling upper half
    // the running sum would lose its tail to cancellation.
    for (let k = 0; k <= (next.length - 1) / 2; k++) {
      if (k < current.length) windowSum += current[k] as number;
      if (k - items >= 0) windowSum -= current[k - items] as number;
      next[k] = windowSum / items;
      next[next.length - 1 - k] = next[k] as number;
    }
    current = next;
  }
  inversionCache.set(n, current);
  return current;
}

/**
 * How many pairwise slopes are cut from each end for a two-sided `confidence` interval: the
 * largest c with P(inversions ≤ c − 1) ≤ (1 − confidence)/2, i.e. with P(K ≥ N − 2(c − 1)) within
 * each tail. Zero when even a perfectly ordered series is too likely (n ≤ 4 at 95 %): the points
 * cannot bound the slope.
 */
export function kendallCut(n: number, confidence: number): number {
  if (n < 2) return 0;
  const probabilities = inversionProbabilities(n);
  const tail = (1 - confidence) / 2;
  let cumulative = 0;
  let cut = 0;
  for (let inversions = 0; inversions < probabilities.length; inversions++) {
    cumulative += probabilities[inversions] as number;
    // A hair of slack so that a tail exactly at the level counts as within it.
    if (cumulative > tail * (1 + 1e-12)) break;
    cut = inversions + 1;
  }
  return cut;
}

/** Most points the exact interval is computed for (N ≈ 20,000 pairwise slopes, a few milliseconds). */
export const MAX_SLOPE_POINTS = 201;

/**
 * Theil–Sen slope of y over x with its interval at `confidence`. The x values must be distinct
 * (cycle numbers); null for fewer than two points.
 */
export function theilSen(x: readonly number[], y: readonly number[], confidence: number): SlopeInterval | null {
  const n = x.length;
  if (n !== y.length) throw new Error(`theilSen: ${n} x values for ${y.length} y values`);
  if (n > MAX_SLOPE_POINTS) throw new Error(`theilSen: at most ${MAX_SLOPE_POINTS} points, got ${n}`);
  if (n < 2) return null;
  const slopes = new Float64Array((n * (n - 1)) / 2);
  let count = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = (x[j] as number) - (x[i] as number);
      if (dx === 0) throw new Error('theilSen: the x values must be distinct');
      slopes[count++] = ((y[j] as number) - (y[i] as number)) / dx;
    }
  }
  slopes.sort();
  const middle = count % 2 === 1 ? (slopes[(count - 1) / 2] as number) : ((slopes[count / 2 - 1] as number) + (slopes[count / 2] as number)) / 2;
  const cut = kendallCut(n, confidence);
  return {
    slope: middle,
    low: cut > 0 ? (slopes[cut - 1] as number) : null,
    high: cut > 0 ? (slopes[count - cut] as number) : null,
  };
}

/** Points a two-sided interval at `confidence` needs at least (5 at 95 %). */
export function minPointsForSlopeInterval(confidence: number): number {
  for (let n = 2; n <= MAX_SLOPE_POINTS; n++) if (kendallCut(n, confidence) > 0) return n;
  return MAX_SLOPE_POINTS + 1;
}
