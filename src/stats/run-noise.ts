/**
 * Run-to-run noise from the medians of independent workers (--repeat): the pooled standard
 * deviation of their logarithms, over every side with two or more workers. Reported so that a
 * reader sees how noisy the machine was; the gate's interval comes from worker-shift.ts.
 */

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
