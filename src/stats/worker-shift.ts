/**
 * The run-to-run shift between two runs, from their inference workers' medians: the
 * Hodges–Lehmann estimate of the ratio new/old (the median of all pairwise ratios) with the
 * distribution-free confidence interval that inverts the Mann–Whitney test (Lehmann 1963;
 * Hollander & Wolfe, Nonparametric Statistical Methods, §4.3), computed on log medians so that it is
 * a ratio at any speed.
 *
 * Why not a t interval on the log medians: on shared machines a worker lands on a contended CPU
 * now and then and runs 30–70 % slower for its whole life. Those workers make the spread
 * heavy-tailed and skewed; a t interval widens with every one of them, while this interval rests
 * on ranks, assumes no distribution, and is moved by an outlier no more than by any other worker.
 */

export interface WorkerShift {
  /** Hodges–Lehmann estimate of the ratio new/old of typical worker medians. */
  ratio: number;
  /** Interval bounds at the confidence asked; null when the workers are too few to bound it. */
  low: number | null;
  high: number | null;
}

/** Whether the shift has both bounds (the workers were enough to bound it). */
export const bounded = (shift: WorkerShift | null | undefined): shift is WorkerShift & { low: number; high: number } =>
  shift !== null && shift !== undefined && shift.low !== null && shift.high !== null;

const countsCache = new Map<string, Float64Array>();

/**
 * How many of the C(m+n, m) equally likely rank orders give each value of the Mann–Whitney U
 * (0 … m·n) when both samples come from one continuous distribution. Counts by the recurrence
 * f(m, n, u) = f(m−1, n, u−n) + f(m, n−1, u); doubles hold them exactly up to 2⁵³ and to 1e−16
 * relative beyond, which is all a tail probability needs.
 */
export function mannWhitneyCounts(m: number, n: number): Float64Array {
  const key = `${Math.min(m, n)},${Math.max(m, n)}`;
  const cached = countsCache.get(key);
  if (cached) return cached;
  // rows[j] holds f(i, j, ·) for the current i; i grows from 0 to m.
  let rows: Float64Array[] = Array.from({ length: n + 1 }, () => Float64Array.of(1));
  for (let i = 1; i <= m; i++) {
    const next: Float64Array[] = [Float64Array.of(1)];
    for (let j = 1; j <= n; j++) {
      const counts = new Float64Array(i * j + 1);
      const fewerFirst = rows[j] as Float64Array; // f(i−1, j, ·)
      const fewerSecond = next[j - 1] as Float64Array; // f(i, j−1, ·)
      for (let u = 0; u < fewerFirst.length; u++) counts[u + j] = (counts[u + j] as number) + (fewerFirst[u] as number);
      for (let u = 0; u < fewerSecond.length; u++) counts[u] = (counts[u] as number) + (fewerSecond[u] as number);
      next.push(counts);
    }
    rows = next;
  }
  const result = rows[n] as Float64Array;
  countsCache.set(key, result);
  return result;
}

/**
 * The number k of pairwise differences cut from each end for a two-sided `confidence` interval:
 * the largest k with P(U ≤ k − 1) ≤ (1 − confidence)/2. Zero when even the most extreme order is
 * too likely, i.e. the samples are too small to bound the shift at this confidence.
 */
export function mannWhitneyCut(m: number, n: number, confidence: number): number {
  if (m < 1 || n < 1) return 0;
  const counts = mannWhitneyCounts(m, n);
  const total = counts.reduce((sum, count) => sum + count, 0);
  const tail = (1 - confidence) / 2;
  let cumulative = 0;
  let cut = 0;
  for (let u = 0; u < counts.length; u++) {
    cumulative += counts[u] as number;
    // A hair of slack so that a tail exactly at the level (e.g. 1/40 at 95 %) counts as within it.
    if (cumulative / total > tail * (1 + 1e-12)) break;
    cut = u + 1;
  }
  return cut;
}

/** The ratio new/old with its interval, from each run's worker medians (positive values only). */
export function workerShift(newMedians: readonly number[], oldMedians: readonly number[], confidence: number): WorkerShift | null {
  const a = newMedians.filter((median) => median > 0).map(Math.log);
  const b = oldMedians.filter((median) => median > 0).map(Math.log);
  if (a.length === 0 || b.length === 0) return null;
  const differences = new Float64Array(a.length * b.length);
  let i = 0;
  for (const x of a) for (const y of b) differences[i++] = x - y;
  differences.sort();
  const count = differences.length;
  const middle = count % 2 === 1 ? (differences[(count - 1) / 2] as number) : ((differences[count / 2 - 1] as number) + (differences[count / 2] as number)) / 2;
  const cut = mannWhitneyCut(a.length, b.length, confidence);
  return {
    ratio: Math.exp(middle),
    low: cut > 0 ? Math.exp(differences[cut - 1] as number) : null,
    high: cut > 0 ? Math.exp(differences[count - cut] as number) : null,
  };
}
