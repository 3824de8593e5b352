/**
 * exportOtlp against a local OTLP/HTTP receiver on a loopback port. This exporter version sends
 * OTLP/JSON (Content-Type application/json), so the receiver decodes the bodies with JSON.parse.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { InputError, RuntimeFailure } from '../../src/errors.js';
import { exportOtlp, otlpMetricsUrl } from '../../src/io/otlp-export.js';
import { CHECK_VERDICTS, EXPORTED_METRICS, seriesLabels } from '../../src/monitoring/exported-metrics.js';
import type { RunReport } from '../../src/report/schema.js';
import { renderPrometheus } from '../../src/reporters/prometheus.js';
import { EXTREME_NAME, exportReport, okRows, renamed } from '../helpers/export-reports.js';
import { parseExposition, samplesOf, seriesValue } from '../helpers/exposition.js';
import { freePort } from '../helpers/free-port.js';
import { type OtlpDataPoint, type OtlpMetric, type OtlpMetricsRequest, type OtlpReceiver, attributesOf, startOtlpReceiver } from '../helpers/otlp-receiver.js';

const M = EXPORTED_METRICS;
const CUMULATIVE = 2;
const HEADERS = { authorization: 'Bearer test-token', 'x-scope-orgid': 'wtb-ci' };

let receiver: OtlpReceiver | null = null;

afterEach(async () => {
  await receiver?.close();
  receiver = null;
});

/** Exports the report to a receiver answering 200 and returns the one request it got, decoded. */
async function exportAndReceive(report: RunReport, endpointOf: (base: string) => string = (base) => base) {
  receiver = await startOtlpReceiver({ status: 200, body: '{}' });
  await exportOtlp(report, { endpoint: endpointOf(receiver.url), headers: HEADERS });
  expect(receiver.requests).toHaveLength(1);
  const [request] = receiver.requests;
  const body = JSON.parse(request?.body.toString('utf8') ?? '') as OtlpMetricsRequest;
  const metrics = body.resourceMetrics.flatMap((resource) => resource.scopeMetrics.flatMap((scope) => scope.metrics));
  const metric = (name: string): OtlpMetric => {
    const found = metrics.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`no metric ${name} among ${metrics.map((candidate) => candidate.name).join(', ')}`);
    return found;
  };
  return { request: request!, body, metrics, metric };
}

function pointOf(points: readonly OtlpDataPoint[] | undefined, labels: Record<string, string>): OtlpDataPoint {
  const found = (points ?? []).filter((point) => Object.entries(labels).every(([key, value]) => attributesOf(point.attributes)[key] === value));
  if (found.length !== 1) throw new Error(`${found.length} points with ${JSON.stringify(labels)}`);
  return found[0] as OtlpDataPoint;
}

async function exportFailure(report: RunReport, endpoint: string): Promise<RuntimeFailure> {
  const error: unknown = await exportOtlp(report, { endpoint, headers: HEADERS }).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(RuntimeFailure);
  expect(error).toMatchObject({ code: 'EXPORT_FAILED', exitCode: 3 });
  return error as RuntimeFailure;
}

describe('exportOtlp', () => {
  it('sends OTLP/JSON to <endpoint>/v1/metrics with the headers, the resource and every metric of the table', async () => {
    const report = exportReport('sample');
    const { request, body, metrics } = await exportAndReceive(report);
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/metrics');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers).toMatchObject(HEADERS);
    expect(body.resourceMetrics).toHaveLength(1);
    expect(attributesOf(body.resourceMetrics[0]?.resource.attributes ?? [])).toEqual({ 'service.name': 'wasm-torch-bench', 'service.version': report.tool.version });
    expect(body.resourceMetrics[0]?.scopeMetrics.map((scope) => scope.scope)).toEqual([{ name: 'wasm-torch-bench', version: report.tool.version }]);
    expect(metrics.map((metric) => metric.name).sort()).toEqual(
      Object.values(M)
        .map((spec) => spec.name)
        .sort(),
    );
    expect(Object.fromEntries(metrics.map((metric) => [metric.name, metric.description]))).toEqual(Object.fromEntries(Object.values(M).map((spec) => [spec.name, spec.help])));
  });

  it("histograms: the table's bounds in seconds, every sample counted, sums in seconds", async () => {
    const report = exportReport('sample');
    const { metric } = await exportAndReceive(report);
    for (const [spec, samplesOfRow] of [
      [M.loadDuration, (row: RunReport['results'][number]) => row.load?.samplesMs ?? []],
      [M.inferenceDuration, (row: RunReport['results'][number]) => row.inference?.samplesMs ?? []],
    ] as const) {
      const histogram = metric(spec.name);
      expect(histogram.unit).toBe('s');
      expect(histogram.histogram?.aggregationTemporality).toBe(CUMULATIVE);
      expect(histogram.histogram?.dataPoints).toHaveLength(okRows(report).length);
      for (const row of okRows(report)) {
        const samplesMs = samplesOfRow(row);
        const point = pointOf(histogram.histogram?.dataPoints, seriesLabels(row));
        expect(point.explicitBounds).toEqual([...spec.buckets]);
        expect(Number(point.count)).toBe(samplesMs.length);
        expect(point.sum).toBeCloseTo(
          samplesMs.reduce((sum, ms) => sum + ms / 1000, 0),
          9,
        );
        const bounds = [...spec.buckets, Infinity];
        const expected = bounds.map((bound, index) => samplesMs.filter((ms) => ms / 1000 <= bound && (index === 0 || ms / 1000 > (bounds[index - 1] as number))).length);
        expect(point.bucketCounts?.map(Number)).toEqual(expected);
      }
    }
  });

  it('counters and gauges: runs, errors, peak memory and both state sets', async () => {
    const report = exportReport('sample');
    const { metric } = await exportAndReceive(report);
    const runs = metric(M.inferenceRuns.name);
    expect(runs.sum).toMatchObject({ isMonotonic: true, aggregationTemporality: CUMULATIVE });
    for (const row of okRows(report)) {
      const labels = seriesLabels(row);
      expect(Number(pointOf(runs.sum?.dataPoints, labels).asInt)).toBe(row.inference?.attempts);
      expect(Number(pointOf(metric(M.inferenceErrors.name).sum?.dataPoints, labels).asInt)).toBe(row.inference?.errors);
      expect(Number(pointOf(metric(M.memoryUsage.name).gauge?.dataPoints, labels).asInt)).toBe(row.memory?.peakBytes);
      for (const check of row.checks) {
        for (const state of CHECK_VERDICTS) {
          const point = pointOf(metric(M.checkVerdict.name).gauge?.dataPoints, { ...labels, check: check.id, level: check.level, verdict: state });
          expect(Number(point.asInt)).toBe(state === check.verdict ? 1 : 0);
        }
      }
      const rowStates = (metric(M.trialVerdict.name).gauge?.dataPoints ?? []).filter(
        (point) => attributesOf(point.attributes).model === labels.model && attributesOf(point.attributes).runtime === labels.runtime,
      );
      expect(rowStates.filter((point) => Number(point.asInt) === 1).map((point) => attributesOf(point.attributes).verdict)).toEqual([row.verdict]);
    }
    expect(metric(M.memoryUsage.name).unit).toBe('By');
  });

  it('carries the same numbers as the Prometheus exposition', async () => {
    const report = renamed(exportReport('hostile'), 0, EXTREME_NAME);
    const { metric } = await exportAndReceive(report);
    const exposition = parseExposition(await renderPrometheus(report));
    const labels = seriesLabels(report.results[0]!);
    expect(labels.model).toBe(EXTREME_NAME);
    for (const spec of [M.loadDuration, M.inferenceDuration]) {
      const point = pointOf(metric(spec.name).histogram?.dataPoints, labels);
      const perBucket = point.bucketCounts?.map(Number) ?? [];
      const cumulative = perBucket.map((_, index) => perBucket.slice(0, index + 1).reduce((sum, count) => sum + count, 0));
      expect(samplesOf(exposition, `${spec.name}_bucket`, labels).map((sample) => sample.value)).toEqual(cumulative);
      expect(seriesValue(exposition, `${spec.name}_sum`, labels)).toBeCloseTo(point.sum ?? Number.NaN, 12);
    }
    for (const spec of [M.inferenceRuns, M.inferenceErrors]) {
      expect(Number(pointOf(metric(spec.name).sum?.dataPoints, labels).asInt)).toBe(seriesValue(exposition, spec.name, labels));
    }
    expect(Number(pointOf(metric(M.memoryUsage.name).gauge?.dataPoints, labels).asInt)).toBe(seriesValue(exposition, M.memoryUsage.name, labels));
    const ones = (points: readonly OtlpDataPoint[] | undefined) => (points ?? []).filter((point) => Number(point.asInt) === 1).length;
    expect(ones(metric(M.checkVerdict.name).gauge?.dataPoints)).toBe(samplesOf(exposition, M.checkVerdict.name).filter((sample) => sample.value === 1).length);
    expect(ones(metric(M.trialVerdict.name).gauge?.dataPoints)).toBe(2);
  });

  it('an error row sends its verdicts only', async () => {
    const { metrics } = await exportAndReceive(exportReport('hostile'));
    const ofErrorRow = metrics.filter((metric) =>
      [...(metric.histogram?.dataPoints ?? []), ...(metric.sum?.dataPoints ?? []), ...(metric.gauge?.dataPoints ?? [])].some(
        (point) => attributesOf(point.attributes).model === 'unsupported-operator.onnx',
      ),
    );
    expect(ofErrorRow.map((metric) => metric.name).sort()).toEqual([M.checkVerdict.name, M.trialVerdict.name]);
  });

  it('takes a full /v1/metrics URL as it is, and appends /v1/metrics to a base URL with a path', async () => {
    const full = await exportAndReceive(exportReport('hostile'), (base) => `${base}/v1/metrics`);
    expect(full.request.path).toBe('/v1/metrics');
    await receiver?.close();
    const prefixed = await exportAndReceive(exportReport('hostile'), (base) => `${base}/otlp/`);
    expect(prefixed.request.path).toBe('/otlp/v1/metrics');
    expect(otlpMetricsUrl('https://collector.example:4318')).toBe('https://collector.example:4318/v1/metrics');
  });

  it('a receiver answering 500 is EXPORT_FAILED naming the endpoint, the answer and what to do', async () => {
    receiver = await startOtlpReceiver({ status: 500, body: '{"message":"storage is full"}' });
    const withPassword = receiver.url.replace('http://', 'http://ci:s3cret@');
    const error = await exportFailure(exportReport('hostile'), withPassword);
    expect(receiver.requests).toHaveLength(1);
    expect(error.message).toContain(`${receiver.url.replace('http://', 'http://ci:***@')}/v1/metrics`);
    expect(error.message).not.toContain('s3cret');
    expect(error.message).toMatch(/answered 500 Internal Server Error: ".*storage is full/);
    expect(error.message).toMatch(/its logs say why/);
  });

  it('a refused connection is EXPORT_FAILED naming the endpoint and what to do', async () => {
    const endpoint = `http://127.0.0.1:${await freePort()}`;
    const error = await exportFailure(exportReport('hostile'), endpoint);
    expect(error.message).toContain(`${endpoint}/v1/metrics`);
    expect(error.message).toMatch(/connection refused/);
    expect(error.message).toMatch(/check --otlp-endpoint/);
  });

  it('an endpoint that is not http(s) is a usage error with an example', async () => {
    for (const endpoint of ['localhost:4318', 'grpc://localhost:4317', '']) {
      const error: unknown = await exportOtlp(exportReport('hostile'), { endpoint, headers: {} }).then(
        () => null,
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(InputError);
      expect(error).toMatchObject({ code: 'USAGE', message: expect.stringContaining('--otlp-endpoint http://localhost:4318') });
    }
  });
});
