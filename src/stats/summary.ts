import { percentile } from './percentiles.js';

/** Descriptive statistics of one sample set; all values in the samples' unit. */
export interface Summary {
  n: number;
  min: number;
  max: number;
  mean: number;
  /** Sample standard deviation (n − 1 denominator); 0 for n = 1. */
  stddev: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
}

export const SUMMARY_PERCENTILES = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 } as const;

/** Summarises samples sorted ascending. Returns null for an empty sample. */
export function summarize(sorted: readonly number[]): Summary | null {
  const n = sorted.length;
  if (n === 0) return null;
  // Welford's update keeps the variance accurate for large n and tightly clustered samples.
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    const x = sorted[i] as number;
    const delta = x - mean;
    mean += delta / (i + 1);
    m2 += delta * (x - mean);
  }
  return {
    n,
    min: sorted[0] as number,
    max: sorted[n - 1] as number,
    mean,
    stddev: n > 1 ? Math.sqrt(m2 / (n - 1)) : 0,
    p50: percentile(sorted, SUMMARY_PERCENTILES.p50),
    p90: percentile(sorted, SUMMARY_PERCENTILES.p90),
    p95: percentile(sorted, SUMMARY_PERCENTILES.p95),
    p99: percentile(sorted, SUMMARY_PERCENTILES.p99),
  };
}
