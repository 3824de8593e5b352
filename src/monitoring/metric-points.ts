/**
 * A finished run's report → the values to export, per metric of the exported-metric table. The
 * Prometheus renderer and the OTLP exporter both record exactly these, so the two always carry the
 * same numbers. Pure.
 */
import { RuntimeFailure } from '../errors.js';
import type { RunReport, TrialResult } from '../report/schema.js';
import { CHECK_VERDICTS, type EXPORTED_METRICS, type ExportedMetricKey, type SeriesLabels, VERDICT_LABEL, seriesLabels } from './exported-metrics.js';

export type PointLabels = Readonly<Record<string, string>>;

/** The observations of one histogram series, in the metric's unit (seconds); never empty. */
export interface SampledSeries {
  labels: PointLabels;
  samples: readonly number[];
}

/** One gauge or counter series. */
export interface ValuePoint {
  labels: PointLabels;
  value: number;
}

/** Keyed like EXPORTED_METRICS, so a metric added to the table must be filled here too. */
export type MetricPoints = {
  [K in ExportedMetricKey]: (typeof EXPORTED_METRICS)[K]['type'] extends 'histogram' ? SampledSeries[] : ValuePoint[];
};

const MS_PER_SECOND = 1000;

export function metricPoints(report: RunReport): MetricPoints {
  const points: MetricPoints = {
    loadDuration: [],
    inferenceDuration: [],
    memoryUsage: [],
    inferenceRuns: [],
    inferenceErrors: [],
    checkVerdict: [],
    trialVerdict: [],
  };
  const seen = new Set<string>();
  for (const result of report.results) {
    const labels = seriesLabels(result);
    assertUnique(seen, labels);
    if (result.status === 'ok') addMeasurements(points, result, labels);
    for (const check of result.checks) {
      points.checkVerdict.push(...stateSet({ ...labels, check: check.id, level: check.level }, check.verdict));
    }
    points.trialVerdict.push(...stateSet(labels, result.verdict));
  }
  return points;
}

function addMeasurements(points: MetricPoints, result: TrialResult, labels: SeriesLabels): void {
  const loadMs = result.load?.samplesMs ?? [];
  if (loadMs.length > 0) points.loadDuration.push({ labels, samples: loadMs.map((ms) => ms / MS_PER_SECOND) });
  const inference = result.inference;
  if (inference) {
    if (inference.samplesMs.length > 0) points.inferenceDuration.push({ labels, samples: inference.samplesMs.map((ms) => ms / MS_PER_SECOND) });
    points.inferenceRuns.push({ labels, value: inference.attempts });
    points.inferenceErrors.push({ labels, value: inference.errors });
  }
  const peakBytes = result.memory?.peakBytes ?? null;
  if (peakBytes !== null) points.memoryUsage.push({ labels, value: peakBytes });
}

/** One series per possible verdict: 1 for the one reached, 0 for the others. */
function stateSet(labels: PointLabels, verdict: (typeof CHECK_VERDICTS)[number]): ValuePoint[] {
  return CHECK_VERDICTS.map((state) => ({ labels: { ...labels, [VERDICT_LABEL]: state }, value: state === verdict ? 1 : 0 }));
}

/** Two rows with one label set would be merged into one series by both exporters, silently. */
function assertUnique(seen: Set<string>, labels: SeriesLabels): void {
  const key = JSON.stringify(labels);
  if (seen.has(key)) {
    throw new RuntimeFailure('INTERNAL', `two report rows have the same metric labels ${key}; their metrics cannot be told apart, so none are exported`);
  }
  seen.add(key);
}
