/** RunReport → Prometheus text exposition format (0.0.4), through prom-client. Pure. */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { EXPORTED_METRICS } from '../monitoring/exported-metrics.js';
import { type SampledSeries, type ValuePoint, metricPoints } from '../monitoring/metric-points.js';
import type { RunReport } from '../report/schema.js';

interface MetricSpec {
  name: string;
  help: string;
  labels: readonly string[];
}

/**
 * The report's metrics in a registry of their own: never prom-client's global registry, so no
 * process metrics, and nothing carried over from another report. The Pushgateway push sends it too.
 */
export function prometheusRegistry(report: RunReport): Registry {
  const registry = new Registry();
  const points = metricPoints(report);
  const metrics = EXPORTED_METRICS;
  histogram(registry, metrics.loadDuration, points.loadDuration);
  histogram(registry, metrics.inferenceDuration, points.inferenceDuration);
  gauge(registry, metrics.memoryUsage, points.memoryUsage);
  counter(registry, metrics.inferenceRuns, points.inferenceRuns);
  counter(registry, metrics.inferenceErrors, points.inferenceErrors);
  gauge(registry, metrics.checkVerdict, points.checkVerdict);
  gauge(registry, metrics.trialVerdict, points.trialVerdict);
  return registry;
}

export async function renderPrometheus(report: RunReport): Promise<string> {
  return prometheusRegistry(report).metrics();
}

function histogram(registry: Registry, spec: MetricSpec & { buckets: readonly number[] }, series: readonly SampledSeries[]): void {
  const metric = new Histogram({ name: spec.name, help: spec.help, labelNames: spec.labels, buckets: [...spec.buckets], registers: [registry] });
  for (const { labels, samples } of series) {
    for (const seconds of samples) metric.observe(labels, seconds);
  }
}

function gauge(registry: Registry, spec: MetricSpec, points: readonly ValuePoint[]): void {
  const metric = new Gauge({ name: spec.name, help: spec.help, labelNames: spec.labels, registers: [registry] });
  for (const { labels, value } of points) metric.set(labels, value);
}

function counter(registry: Registry, spec: MetricSpec, points: readonly ValuePoint[]): void {
  const metric = new Counter({ name: spec.name, help: spec.help, labelNames: spec.labels, registers: [registry] });
  for (const { labels, value } of points) metric.inc(labels, value);
}
