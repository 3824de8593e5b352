/**
 * Run-to-run noise from the medians of independent workers (--repeat): the pooled standard
 * deviation of their logarithms, over every side with two or more workers. Two runs differ by more
 * than their samples say (process layout, JIT, CPU state); a gate that ignores this flags
 * regressions that are noise.
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

export interface RunNoise {
  /** Relative spread between workers (SD of log medians); null when no side had two workers. */
  sigma: number | null;
  /** Degrees of freedom behind sigma. */
  df: number;
}

export function runNoise(...sides: readonly (readonly number[])[]): RunNoise {
  let sumSquares = 0;
  let df = 0;
  for (const medians of sides) {
    const logs = medians.filter((median) => median > 0).map(Math.log);
    if (logs.length < 2) continue;
    const mean = logs.reduce((sum, value) => sum + value, 0) / logs.length;
    sumSquares += logs.reduce((sum, value) => sum + (value - mean) ** 2, 0);
    df += logs.length - 1;
  }
  return df > 0 ? { sigma: Math.sqrt(sumSquares / df), df } : { sigma: null, df: 0 };
}

/**
 * The half-width, as a factor, of the two-sample t interval for the ratio of two runs' typical
 * medians from `workersA` and `workersB` workers: exp(t · σ · √(1/a + 1/b)) at the two-sided
 * `confidence`, σ the pooled spread of log medians. A ratio interval is at least ratio ·/ this.
 */
export function noiseWidening(noise: RunNoise, workersA: number, workersB: number, confidence: number): number {
  if (noise.sigma === null || workersA < 1 || workersB < 1) return 1;
  const t = tQuantile(1 - (1 - confidence) / 2, noise.df);
  return Math.exp(t * noise.sigma * Math.sqrt(1 / workersA + 1 / workersB));
}
