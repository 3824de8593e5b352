/**
 * Percentiles with the intervals the checks judge them by, made once per sample set: the report
 * prints the very intervals the verdict used.
 */
import { countOutliers } from '../stats/outliers.js';
import { PERCENTILE_METHOD } from '../stats/percentiles.js';
import { SUMMARY_PERCENTILES } from '../stats/summary.js';
import { percentileInterval, sampleSetOf, type Bounds, type PercentileKey, type SampleSet, type Sampling } from './evaluate-checks.js';
import type { SummaryRecord } from './records.js';

/** The percentile definition of every summary (the report states it). */
export { PERCENTILE_METHOD };

/** Sorted samples with their summary and their percentiles' intervals for samples gathered this way; null for no samples. */
export function judgedSampleSet(samples: readonly number[], confidence: number, sampling: Sampling): SampleSet | null {
  const set = sampleSetOf(samples);
  if (!set) return null;
  const interval = (key: PercentileKey): Bounds => {
    const { low, high } = percentileInterval(set.sorted, SUMMARY_PERCENTILES[key], confidence, sampling);
    return { low, high };
  };
  return { ...set, intervals: { p50: interval('p50'), p90: interval('p90'), p95: interval('p95'), p99: interval('p99') } };
}

/** The report's summary of a judged sample set: its percentiles, their intervals (the checks' own) and the outlier count. */
export function summaryRecord(set: SampleSet & { intervals: NonNullable<SampleSet['intervals']> }, confidence: number, sampling: Sampling): SummaryRecord {
  const outliers = countOutliers(set.sorted);
  return {
    ...set.summary,
    confidence,
    intervalMethod: sampling.kind === 'adaptive' ? 'confidence-sequence' : 'order-statistics',
    intervals: set.intervals,
    outliers: { count: outliers, share: outliers / set.summary.n },
  };
}
