/**
 * The verdict on one metric of an A/B run, from the paired ratio B / A and its anytime-valid
 * interval, and the tolerance `maxRegression` (0.05: ±5 %):
 *
 *   same    the interval lies within [1 / (1 + tolerance), 1 + tolerance]
 *   slower  otherwise, the interval lies above 1
 *   faster  otherwise, the interval lies below 1
 *   unsure  none of these (yet)
 *
 * Each is a claim the interval makes at its confidence, at whatever look sampling stopped: "slower"
 * is wrong (B not slower) at most (1 − c)/2 of the time, and so is "same" when B is slower than
 * the tolerance. A change well under the tolerance reads "same" (the band fits before the interval
 * clears 1); one near or over it reads "slower".
 */
import type { PairedRatio } from '../stats/paired-ratio.js';

export type AbVerdict = 'slower' | 'faster' | 'same' | 'unsure';

export function abVerdict(estimate: PairedRatio | null, maxRegression: number): AbVerdict {
  if (!estimate) return 'unsure';
  const { low, high } = estimate;
  const ceiling = 1 + maxRegression;
  if (low !== null && high !== null && low >= 1 / ceiling && high <= ceiling) return 'same';
  if (low !== null && low > 1) return 'slower';
  if (high !== null && high < 1) return 'faster';
  return 'unsure';
}

/** Whether more blocks could still change the verdict's kind: only "unsure" asks for more. */
export function abDecided(verdict: AbVerdict): boolean {
  return verdict !== 'unsure';
}
