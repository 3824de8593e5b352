/**
 * Quantile q of each inference worker, from pooled samples that hold the workers one after another
 * (`counts` samples each, as the report records them). Empty when the split is unknown or does not
 * add up: reports from before workerSampleCounts, or samples that were reordered.
 */
import { percentile, sortAscending } from './percentiles.js';

export function workerQuantiles(samplesMs: readonly number[], counts: readonly number[] | undefined, q: number): number[] {
  if (!counts || counts.length === 0 || counts.reduce((sum, count) => sum + count, 0) !== samplesMs.length) return [];
  let start = 0;
  return counts.map((count) => {
    const own = samplesMs.slice(start, start + count);
    start += count;
    return percentile(sortAscending(own), q);
  });
}
