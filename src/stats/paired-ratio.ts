/**
 * B over A from paired blocks. A block measures both sides back to back under the same machine
 * state (ABBA order, so linear drift lands on both) and yields one ratio of a metric, B's over
 * A's. The estimate is the median block ratio. Its interval is the anytime-valid interval for the
 * median of the block ratios: the beta-binomial confidence sequence for the 0.5-quantile.
 *
 * That interval asks only that each block's ratio fall below the true median with probability one
 * half, given the blocks before it (a sign test). Blocks need not share a spread, so a runner that
 * is slower and noisier for a minute leaves it valid, and it holds at every look, so blocks can be
 * added until it decides.
 */
import { anytimeQuantileInterval, minSamplesForAnytimeUpperBound } from './confidence-sequence.js';
import { percentile, sortAscending } from './percentiles.js';

export interface PairedRatio {
  /** The median of the block ratios (B / A). */
  ratio: number;
  /** Bounds of the median ratio; null while too few blocks bound it from that side. */
  low: number | null;
  high: number | null;
  blocks: number;
}

/** The median block ratio with its anytime-valid interval at `confidence`; null without blocks. */
export function pairedRatio(blockRatios: readonly number[], confidence: number): PairedRatio | null {
  const finite = blockRatios.filter((ratio) => Number.isFinite(ratio) && ratio > 0);
  if (finite.length === 0) return null;
  const sorted = sortAscending(finite);
  const interval = anytimeQuantileInterval(sorted, 0.5, confidence);
  return { ratio: percentile(sorted, 0.5), low: interval.low, high: interval.high, blocks: sorted.length };
}

/** Fewest blocks before the median ratio can be bounded from both sides (all blocks on one side). */
export function minBlocksForPairedInterval(confidence: number): number {
  return minSamplesForAnytimeUpperBound(0.5, confidence);
}
