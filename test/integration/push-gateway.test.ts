/**
 * pushToGateway against Debian's real Prometheus Pushgateway on a loopback port: the series arrive
 * with the job and grouping labels, a second push replaces the group, and failures say what to do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError, RuntimeFailure } from '../../src/errors.js';
import { pushToGateway } from '../../src/io/push-gateway.js';
import { EXPORTED_METRICS, seriesLabels } from '../../src/monitoring/exported-metrics.js';
import { EXTREME_NAME, exportReport, okRows, renamed } from '../helpers/export-reports.js';
import { parseExposition, samplesOf, seriesValue } from '../helpers/exposition.js';
import { freePort } from '../helpers/free-port.js';
import { type RunningPushgateway, startPushgateway } from '../helpers/pushgateway.js';

const { loadDuration, inferenceDuration, memoryUsage, inferenceRuns, trialVerdict } = EXPORTED_METRICS;
const JOB = 'wtb-test';
// A "/" and a space: values a path segment cannot hold as they are.
const GROUPINGS = { branch: 'feature/otlp export', ci_run: '42' };
const GROUP = { job: JOB, ...GROUPINGS };

let gateway: RunningPushgateway;

beforeAll(async () => {
  gateway = await startPushgateway();
});

afterAll(async () => {
  await gateway?.stop();
});

async function pushFailure(push: Promise<void>): Promise<RuntimeFailure> {
  const error: unknown = await push.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(RuntimeFailure);
  expect(error).toMatchObject({ code: 'EXPORT_FAILED', exitCode: 3 });
  return error as RuntimeFailure;
}

describe('pushToGateway', () => {
  it('pushes every series of the report with the job and grouping labels', async () => {
    const report = exportReport('sample');
    await pushToGateway(report, { url: gateway.url, job: JOB, groupings: GROUPINGS });
    const exposition = parseExposition(await gateway.metrics());
    for (const row of okRows(report)) {
      const labels = { ...GROUP, ...seriesLabels(row) };
      expect(seriesValue(exposition, `${loadDuration.name}_count`, labels)).toBe(row.load?.samplesMs.length);
      expect(seriesValue(exposition, `${inferenceDuration.name}_count`, labels)).toBe(row.inference?.samplesMs.length);
      expect(samplesOf(exposition, `${inferenceDuration.name}_bucket`, labels)).toHaveLength(inferenceDuration.buckets.length + 1);
      expect(seriesValue(exposition, memoryUsage.name, labels)).toBe(row.memory?.peakBytes);
      expect(seriesValue(exposition, inferenceRuns.name, labels)).toBe(row.inference?.attempts);
      expect(seriesValue(exposition, trialVerdict.name, { ...labels, verdict: row.verdict })).toBe(1);
    }
    expect(seriesValue(exposition, 'push_time_seconds', GROUP)).toBeGreaterThan(0);
    expect(seriesValue(exposition, 'push_failure_time_seconds', GROUP)).toBe(0);
  });

  it('a second push to the group replaces what it held (PUT)', async () => {
    const first = exportReport('sample');
    const second = renamed(exportReport('hostile'), 0, EXTREME_NAME);
    await pushToGateway(first, { url: gateway.url, job: JOB, groupings: GROUPINGS });
    await pushToGateway(second, { url: gateway.url, job: JOB, groupings: GROUPINGS });
    const exposition = parseExposition(await gateway.metrics());
    const models = new Set(samplesOf(exposition, trialVerdict.name, GROUP).map((sample) => sample.labels.model));
    expect(models).toEqual(new Set([EXTREME_NAME, 'unsupported-operator.onnx']));
    const [measured] = okRows(second);
    expect(seriesValue(exposition, inferenceRuns.name, { ...GROUP, model: EXTREME_NAME })).toBe(measured?.inference?.attempts);
    expect(samplesOf(exposition, memoryUsage.name, GROUP)).toHaveLength(1);
  });

  it('another group keeps its own series', async () => {
    const other = { ...GROUPINGS, ci_run: '43' };
    await pushToGateway(exportReport('sample'), { url: gateway.url, job: JOB, groupings: other });
    await pushToGateway(exportReport('hostile'), { url: gateway.url, job: JOB, groupings: GROUPINGS });
    const exposition = parseExposition(await gateway.metrics());
    expect(samplesOf(exposition, memoryUsage.name, { job: JOB, ...other })).toHaveLength(6);
    expect(samplesOf(exposition, memoryUsage.name, GROUP)).toHaveLength(1);
  });

  it('a refused connection is EXPORT_FAILED naming the URL (password masked) and what to do', async () => {
    const port = await freePort();
    const error = await pushFailure(pushToGateway(exportReport('hostile'), { url: `http://ci:s3cret@127.0.0.1:${port}`, job: JOB, groupings: {} }));
    expect(error.message).toContain(`http://ci:***@127.0.0.1:${port}`);
    expect(error.message).not.toContain('s3cret');
    expect(error.message).toMatch(/connection refused \(nothing listens at 127\.0\.0\.1:\d+\)/);
    expect(error.message).toMatch(/check --push-gateway/);
  });

  it('a refusal by the gateway is EXPORT_FAILED with its status and answer', async () => {
    // A grouping label named like a label of the series: the gateway refuses the push (400).
    const error = await pushFailure(pushToGateway(exportReport('hostile'), { url: gateway.url, job: JOB, groupings: { model: 'x' } }));
    expect(error.message).toContain(gateway.url);
    expect(error.message).toMatch(/answered 400 Bad Request: ".*inconsistent with existing metrics/);
    expect(error.message).toMatch(/--push-label/);
  });

  it("a URL that is not the gateway's base is EXPORT_FAILED saying which URL to pass", async () => {
    const error = await pushFailure(pushToGateway(exportReport('hostile'), { url: `${gateway.url}/metrics`, job: JOB, groupings: {} }));
    expect(error.message).toMatch(/answered 404 Not Found/);
    expect(error.message).toMatch(/base URL, e\.g\. http:\/\/localhost:9091/);
  });

  it('a URL that is not http(s) is a usage error with an example', async () => {
    for (const url of ['localhost:9091', 'ftp://localhost:9091', 'not a url']) {
      const error: unknown = await pushToGateway(exportReport('hostile'), { url, job: JOB, groupings: {} }).then(
        () => null,
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(InputError);
      expect(error).toMatchObject({ code: 'USAGE', exitCode: 2, message: expect.stringContaining('--push-gateway http://localhost:9091') });
    }
  });
});
