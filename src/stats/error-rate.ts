/**
 * The error rate as a binomial proportion with an exact (Clopper–Pearson) equal-tailed interval:
 * never below the nominal coverage, and meaningful at zero failures, where a normal
 * approximation would claim a rate of exactly 0.
 */
import type BetaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import { loadedOnFirstUse } from './lazy-library.js';

const betaQuantile = loadedOnFirstUse<typeof BetaQuantile>('@stdlib/stats-base-dists-beta-quantile');

export interface RateInterval {
  low: number;
  high: number;
}

export function clopperPearson(failures: number, attempts: number, confidence: number): RateInterval {
  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError(`need at least one attempt, got ${attempts}`);
  if (!Number.isInteger(failures) || failures < 0 || failures > attempts) {
    throw new RangeError(`failures must be in 0..${attempts}, got ${failures}`);
  }
  const tail = (1 - confidence) / 2;
  return {
    low: failures === 0 ? 0 : betaQuantile()(tail, failures, attempts - failures + 1),
    high: failures === attempts ? 1 : betaQuantile()(1 - tail, failures + 1, attempts - failures),
  };
}

/**
 * Runs without a failure needed before the upper bound drops below `threshold`:
 * with zero failures the upper bound is 1 − tail^(1/n).
 */
export function runsNeededForZeroFailures(threshold: number, confidence: number): number {
  const tail = (1 - confidence) / 2;
  return Math.ceil(Math.log(tail) / Math.log(1 - threshold) - 1e-9);
}
