/**
 * Outliers by the modified z-score (Iglewicz & Hoaglin): 0.6745·|x − median| / MAD > 3.5.
 * Robust to the outliers themselves, unlike mean ± k·σ. Counted and reported, never removed.
 * When more than half the samples tie (MAD = 0, common with coarse timers) the mean absolute
 * deviation scaled to match (×1.2533) stands in; if that is 0 too, nothing is an outlier.
 */
import { percentile } from './percentiles.js';

export const OUTLIER_Z = 3.5;

export function countOutliers(sorted: readonly number[]): number {
  if (sorted.length < 3) return 0;
  const median = percentile(sorted, 0.5);
  const deviations = sorted.map((x) => Math.abs(x - median)).sort((a, b) => a - b);
  const mad = percentile(deviations, 0.5);
  // With MAD = 0 the score becomes |x − median| / (1.2533·meanAD); scaling the spread by 0.6745
  // keeps the one formula below.
  const spread = mad > 0 ? mad : (0.6745 * 1.2533 * deviations.reduce((sum, d) => sum + d, 0)) / deviations.length;
  if (spread === 0) return 0;
  return sorted.filter((x) => (0.6745 * Math.abs(x - median)) / spread > OUTLIER_Z).length;
}
