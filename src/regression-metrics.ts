/**
 * The metrics a baseline comparison can gate on and their default largest ratios now/baseline.
 * Imports only types, so config/ and gate/ can both read it.
 */
import type { CheckLevel } from './types.js';

export const REGRESSION_METRICS = ['load.p50', 'load.p95', 'inference.p50', 'inference.p99', 'memory.peak'] as const;
export type RegressionMetric = (typeof REGRESSION_METRICS)[number];

export interface RegressionSpec {
  id: RegressionMetric;
  /** Largest allowed ratio new/old, e.g. 1.1 for "10 % slower at most". */
  maxRatio: number;
  level: CheckLevel;
}

export const DEFAULT_MAX_REGRESSION = 1.1;

/**
 * load.p95 reports without gating by default: an upper bound on a P95 ratio needs 86 cold loads on
 * each side at 95 % (each side's interval at 97.5 %), more than a run usually makes; the median
 * of the same loads decides with a few dozen.
 */
export const DEFAULT_REGRESSIONS: readonly RegressionSpec[] = REGRESSION_METRICS.map((id) => ({
  id,
  maxRatio: DEFAULT_MAX_REGRESSION,
  level: id === 'load.p95' ? 'warn' : 'error',
}));
