/**
 * Sends a run's metrics to an OpenTelemetry collector over OTLP/HTTP (this exporter version
 * encodes JSON), with the same points as the Prometheus exposition: every load and inference
 * sample into histograms with the table's bucket bounds, the counters and the gauges.
 */
import { type Attributes, type Meter, ValueType } from '@opentelemetry/api';
import { AggregationTemporalityPreference, OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { RuntimeFailure, describeError } from '../errors.js';
import { describeAnswer, maskedUrl, requireHttpUrl } from './http-endpoint.js';
import { EXPORTED_METRICS } from '../monitoring/exported-metrics.js';
import { type MetricPoints, type SampledSeries, type ValuePoint, metricPoints } from '../monitoring/metric-points.js';
import type { RunReport } from '../report/schema.js';
import type { OtlpSettings } from '../types.js';

const SERVICE_NAME = 'wasm-torch-bench';
const METRICS_PATH = '/v1/metrics';
/** The exporter's deadline for one export, its retries (refused connections, 429/502/503/504) included. */
export const EXPORT_TIMEOUT_MS = 10_000;
/** A last guard in case the SDK never calls back: well past the exporter's own deadline. */
const FLUSH_GUARD_MS = 2 * EXPORT_TIMEOUT_MS;
/** ExportResultCode.SUCCESS of @opentelemetry/core (the SDK's dependency, not this package's). */
const EXPORT_SUCCEEDED = 0;

type ExportResult = Parameters<Parameters<OTLPMetricExporter['export']>[1]>[0];

interface InstrumentSpec {
  name: string;
  help: string;
}

/** http://host:4318 (or …/prefix) gets /v1/metrics appended; a URL ending in /v1/metrics is kept. */
export function otlpMetricsUrl(endpoint: string): string {
  const url = requireHttpUrl(endpoint, 'OTLP endpoint', '--otlp-endpoint http://localhost:4318');
  if (!url.pathname.endsWith(METRICS_PATH)) url.pathname = `${url.pathname.replace(/\/+$/, '')}${METRICS_PATH}`;
  return url.toString();
}

export async function exportOtlp(report: RunReport, { endpoint, headers }: OtlpSettings): Promise<void> {
  const url = otlpMetricsUrl(endpoint);
  const points = metricPoints(report);
  const exporter = new OTLPMetricExporter({
    url,
    headers,
    timeoutMillis: EXPORT_TIMEOUT_MS,
    // One collection: cumulative and delta carry the same numbers; fixed so no environment variable picks.
    temporalityPreference: AggregationTemporalityPreference.CUMULATIVE,
    keepAlive: false,
  });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': SERVICE_NAME, 'service.version': report.tool.version }),
    readers: [new FlushExportingReader(exporter)],
  });
  record(provider.getMeter(SERVICE_NAME, report.tool.version), points);
  try {
    await provider.forceFlush({ timeoutMillis: FLUSH_GUARD_MS });
  } catch (error) {
    throw new RuntimeFailure('EXPORT_FAILED', `exporting metrics over OTLP to ${maskedUrl(url)} failed: ${problem(error)}`, { cause: error });
  } finally {
    await provider.shutdown({ timeoutMillis: FLUSH_GUARD_MS });
  }
}

/**
 * Exports once, when flushed, and fails the flush when the export fails.
 * PeriodicExportingMetricReader would hand a failed export to the global error handler, which
 * only logs it through diag (silent unless a diag logger is installed).
 */
class FlushExportingReader extends MetricReader {
  private readonly exporter: OTLPMetricExporter;

  constructor(exporter: OTLPMetricExporter) {
    super({
      aggregationTemporalitySelector: (instrumentType) => exporter.selectAggregationTemporality(instrumentType),
      aggregationSelector: (instrumentType) => exporter.selectAggregation(instrumentType),
    });
    this.exporter = exporter;
  }

  protected override async onForceFlush(): Promise<void> {
    const { resourceMetrics, errors } = await this.collect();
    if (errors.length > 0) throw new AggregateError(errors, `collecting the metrics failed: ${errors.map(describeError).join('; ')}`);
    const result = await new Promise<ExportResult>((resolve) => this.exporter.export(resourceMetrics, resolve));
    if (result.code !== EXPORT_SUCCEEDED) throw result.error ?? new Error('the exporter reported a failure without a reason');
  }

  protected override async onShutdown(): Promise<void> {
    await this.exporter.shutdown();
  }
}

function record(meter: Meter, points: MetricPoints): void {
  const metrics = EXPORTED_METRICS;
  histogram(meter, metrics.loadDuration, points.loadDuration);
  histogram(meter, metrics.inferenceDuration, points.inferenceDuration);
  gauge(meter, metrics.memoryUsage, 'By', points.memoryUsage);
  counter(meter, metrics.inferenceRuns, points.inferenceRuns);
  counter(meter, metrics.inferenceErrors, points.inferenceErrors);
  gauge(meter, metrics.checkVerdict, '1', points.checkVerdict);
  gauge(meter, metrics.trialVerdict, '1', points.trialVerdict);
}

function histogram(meter: Meter, spec: InstrumentSpec & { buckets: readonly number[] }, series: readonly SampledSeries[]): void {
  const instrument = meter.createHistogram(spec.name, { description: spec.help, unit: 's', advice: { explicitBucketBoundaries: [...spec.buckets] } });
  for (const { labels, samples } of series) {
    for (const seconds of samples) instrument.record(seconds, labels as Attributes);
  }
}

function gauge(meter: Meter, spec: InstrumentSpec, unit: string, points: readonly ValuePoint[]): void {
  const instrument = meter.createGauge(spec.name, { description: spec.help, unit, valueType: ValueType.INT });
  for (const { labels, value } of points) instrument.record(value, labels as Attributes);
}

function counter(meter: Meter, spec: InstrumentSpec, points: readonly ValuePoint[]): void {
  const instrument = meter.createCounter(spec.name, { description: spec.help, unit: '{run}', valueType: ValueType.INT });
  for (const { labels, value } of points) instrument.add(value, labels as Attributes);
}

/** What went wrong and what to do, from the exporter's error (an HTTP answer, a socket error, a timeout). */
function problem(error: unknown): string {
  const { code, data } = (error ?? {}) as { code?: unknown; data?: unknown };
  const checkEndpoint = 'check --otlp-endpoint (is an OTLP/HTTP receiver, e.g. an OpenTelemetry Collector on port 4318, running there and reachable?)';
  if (typeof code === 'number') {
    const advice =
      code === 401 || code === 403
        ? 'check the credentials passed with --otlp-header'
        : code === 404 || code === 405
          ? `check that --otlp-endpoint is the receiver's base URL (…:4318) or its ${METRICS_PATH} URL`
          : code >= 500
            ? 'the receiver failed on its side; its logs say why'
            : 'the receiver refused the request (its answer says why); it must accept OTLP/HTTP with JSON bodies';
    return `${describeAnswer(code, typeof data === 'string' ? data : '')}; ${advice}`;
  }
  if (code === 'ECONNREFUSED') return `connection refused (retried for up to ${EXPORT_TIMEOUT_MS / 1000} s); ${checkEndpoint}`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `host not found; ${checkEndpoint}`;
  const message = describeError(error);
  if (/retryable status/i.test(message)) return `it kept answering "busy or unavailable" (429, 502, 503 or 504) for ${EXPORT_TIMEOUT_MS / 1000} s; ${checkEndpoint}`;
  if (/timed out/i.test(message)) return `no answer within ${EXPORT_TIMEOUT_MS / 1000} s; ${checkEndpoint}`;
  return `${message}; ${checkEndpoint}`;
}
