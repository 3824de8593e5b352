/**
 * RunReport → the JSON of two benchmark trackers, for teams already on one:
 * - Bencher Metric Format (bencher run --adapter json): { benchmark: { measure: { value, lower_value, upper_value } } },
 *   `latency` in nanoseconds (Bencher's built-in measure), the others named with their unit;
 * - github-action-benchmark's customSmallerIsBetter: [{ name, unit, value, range, extra }].
 * Only measured rows appear; bounds are the report's confidence intervals where both sides exist.
 */
import { formatConfidence } from '../format.js';
import type { RunReport, SummaryRecord, TrialResult } from '../report/schema.js';
import { rowLabel } from '../report/row-label.js';

interface TrackedValue {
  /** BMF measure slug. */
  measure: string;
  /** github-action-benchmark entry suffix. */
  title: string;
  unit: 'ns' | 'ms' | 'bytes' | 'ratio';
  value: number;
  low: number | null;
  high: number | null;
}

function benchmarkName(result: TrialResult): string {
  return `${rowLabel(result)} (${result.runtime} ×${result.threads.used ?? result.threads.requested})`;
}

function quantile(measure: string, title: string, summary: SummaryRecord | null | undefined, key: 'p50' | 'p95' | 'p99', unit: 'ns' | 'ms'): TrackedValue[] {
  if (!summary) return [];
  const scale = unit === 'ns' ? 1e6 : 1;
  const { low, high } = summary.intervals[key];
  return [{ measure, title, unit, value: clean(summary[key] * scale), low: low === null ? null : clean(low * scale), high: high === null ? null : clean(high * scale) }];
}

function trackedValues(result: TrialResult): TrackedValue[] {
  const inference = result.inference?.percentiles;
  return [
    ...quantile('latency', 'inference P50', inference, 'p50', 'ns'),
    ...quantile('inference-p99-ns', 'inference P99', inference, 'p99', 'ns'),
    ...quantile('load-p95-ms', 'load P95', result.load?.percentiles, 'p95', 'ms'),
    ...quantile('load-warm-p95-ms', 'warm load P95', result.warmLoad?.percentiles, 'p95', 'ms'),
    ...(result.memory?.peakBytes != null ? [{ measure: 'memory-peak-bytes', title: 'peak memory', unit: 'bytes' as const, value: result.memory.peakBytes, low: null, high: null }] : []),
    ...(result.inference ? [{ measure: 'error-rate', title: 'error rate', unit: 'ratio' as const, value: result.inference.errorRate, low: null, high: null }] : []),
  ];
}

// Scaling ms to ns and back must not print 0.009557999999999999.
const clean = (value: number) => Number(value.toPrecision(12));

const measured = (report: RunReport) => report.results.filter((result) => result.status === 'ok');

export function renderBmf(report: RunReport): string {
  const document: Record<string, Record<string, { value: number; lower_value?: number; upper_value?: number }>> = {};
  for (const result of measured(report)) {
    const measures: (typeof document)[string] = {};
    for (const tracked of trackedValues(result)) {
      measures[tracked.measure] = {
        value: tracked.value,
        ...(tracked.low !== null && tracked.high !== null ? { lower_value: tracked.low, upper_value: tracked.high } : {}),
      };
    }
    document[benchmarkName(result)] = measures;
  }
  return `${JSON.stringify(document, null, 2)}\n`;
}

export function renderBenchmarkAction(report: RunReport): string {
  const confidence = formatConfidence(report.settings.confidence);
  const entries = measured(report).flatMap((result) =>
    trackedValues(result).map((tracked) => {
      // The action shows `range` as given; ns values are shown in ms, the unit people read.
      const scale = tracked.unit === 'ns' ? 1e-6 : 1;
      const unit = tracked.unit === 'ns' ? 'ms' : tracked.unit;
      const bounded = tracked.low !== null && tracked.high !== null;
      return {
        name: `${benchmarkName(result)} ${tracked.title}`,
        unit,
        value: clean(tracked.value * scale),
        ...(bounded ? { range: `${confidence} interval ${clean((tracked.low as number) * scale)}–${clean((tracked.high as number) * scale)} ${unit}` } : {}),
        extra: `${result.runtime} ${result.runtimeVersion ?? ''}; load n=${result.load?.percentiles.n ?? 0}, inference n=${result.inference?.percentiles?.n ?? 0}; verdict ${result.verdict}`,
      };
    }),
  );
  return `${JSON.stringify(entries, null, 2)}\n`;
}
