/**
 * The metrics wasm-torch-bench exports to monitoring stacks (Prometheus exposition, Pushgateway,
 * OTLP), with the names of the project's monitoring framework. One table, read by the exporters,
 * the alert rules and the Grafana dashboard, so they cannot disagree on a name or a bucket.
 */
import { rowLabel } from '../report/row-label.js';
import type { TrialResult } from '../report/schema.js';

/** Labels on every per-row series: the row's model label (variant included), runtime and threads. */
export const SERIES_LABELS = ['model', 'runtime', 'threads'] as const;
export type SeriesLabel = (typeof SERIES_LABELS)[number];
export type SeriesLabels = Record<SeriesLabel, string>;

/** Extra labels of the check state set: the check's id (e.g. inference.p99) and its level (warn, error). */
export const CHECK_LABELS = ['check', 'level'] as const;
/**
 * The label holding a state set's state, one series per verdict (kube-state-metrics style; the
 * Prometheus text format has no state-set type).
 */
export const VERDICT_LABEL = 'verdict';

export function seriesLabels(result: TrialResult): SeriesLabels {
  return { model: rowLabel(result), runtime: result.runtime, threads: String(result.threads.used ?? result.threads.requested) };
}

/**
 * Bucket upper bounds in seconds. Fixed (not derived from a run's KPIs) so series from different
 * runs aggregate; each default KPI threshold (2 s load, 500 ms inference) is a bound, so
 * histogram_quantile is exact at the threshold rather than interpolated across it.
 */
export const LOAD_BUCKETS_SECONDS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30, 60] as const;
export const INFERENCE_BUCKETS_SECONDS = [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

export const EXPORTED_METRICS = {
  loadDuration: {
    name: 'wasm_torch_model_load_duration_seconds',
    type: 'histogram',
    help: 'Cold model load time (read + runtime init + session create), one observation per cold load in a fresh worker',
    labels: SERIES_LABELS,
    buckets: LOAD_BUCKETS_SECONDS,
  },
  inferenceDuration: {
    name: 'wasm_torch_inference_duration_seconds',
    type: 'histogram',
    help: 'Inference latency, one observation per timed run() sample in a warm session (a per-run mean when runs were timed in batches)',
    labels: SERIES_LABELS,
    buckets: INFERENCE_BUCKETS_SECONDS,
  },
  memoryUsage: {
    name: 'wasm_torch_memory_usage_bytes',
    type: 'gauge',
    help: 'Peak model-attributable memory: WebAssembly linear memory for wasm runtimes, RSS growth for native (what memory.peak gates on)',
    labels: SERIES_LABELS,
  },
  inferenceRuns: {
    name: 'wasm_torch_inference_runs_total',
    type: 'counter',
    help: 'Timed run() calls attempted',
    labels: SERIES_LABELS,
  },
  inferenceErrors: {
    name: 'wasm_torch_inference_errors_total',
    type: 'counter',
    help: 'Timed run() calls that failed',
    labels: SERIES_LABELS,
  },
  checkVerdict: {
    name: 'wasm_torch_check_verdict',
    type: 'gauge',
    help: 'KPI and regression check results as a state set: 1 for the verdict the check reached, 0 for the others',
    labels: [...SERIES_LABELS, ...CHECK_LABELS, VERDICT_LABEL],
  },
  trialVerdict: {
    name: 'wasm_torch_trial_verdict',
    type: 'gauge',
    help: 'Each model × runtime × threads row as a state set: 1 for its verdict, 0 for the others',
    labels: [...SERIES_LABELS, VERDICT_LABEL],
  },
} as const;

/** The states of both state sets (a row's verdict takes the same values as a check's). */
export const CHECK_VERDICTS = ['pass', 'fail', 'inconclusive', 'skipped', 'error'] as const;

export type ExportedMetricKey = keyof typeof EXPORTED_METRICS;
