/**
 * The Prometheus reporter on real reports: Debian's promtool accepts the exposition without a
 * lint remark, and reading it back gives the report's numbers.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CHECK_VERDICTS, EXPORTED_METRICS, seriesLabels } from '../../src/monitoring/exported-metrics.js';
import type { RunReport } from '../../src/report/schema.js';
import { renderPrometheus } from '../../src/reporters/prometheus.js';
import { EXTREME_NAME, cumulativeCounts, exportReport, okRows, renamed } from '../helpers/export-reports.js';
import { type Exposition, parseExposition, samplesOf, seriesValue } from '../helpers/exposition.js';
import { reportSchemaErrors } from '../helpers/validate.js';

const { loadDuration, inferenceDuration, memoryUsage, inferenceRuns, inferenceErrors, checkVerdict, trialVerdict } = EXPORTED_METRICS;

function promtoolCheck(exposition: string): { status: number | null; output: string } {
  const result = spawnSync('promtool', ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
  if (result.error) throw new Error(`promtool is not installed (apt-get install prometheus): ${result.error.message}`);
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function expectHistogram(exposition: Exposition, spec: typeof loadDuration | typeof inferenceDuration, labels: Record<string, string>, samplesMs: readonly number[]) {
  expect(seriesValue(exposition, `${spec.name}_count`, labels)).toBe(samplesMs.length);
  const secondsSum = samplesMs.reduce((sum, ms) => sum + ms / 1000, 0);
  expect(seriesValue(exposition, `${spec.name}_sum`, labels)).toBeCloseTo(secondsSum, 9);
  const buckets = samplesOf(exposition, `${spec.name}_bucket`, labels);
  expect(buckets.map((bucket) => bucket.labels.le)).toEqual([...spec.buckets.map(String), '+Inf']);
  const counts = buckets.map((bucket) => bucket.value);
  expect(counts.slice(0, -1)).toEqual(cumulativeCounts(samplesMs, spec.buckets));
  expect(counts.at(-1)).toBe(samplesMs.length);
  counts.slice(1).forEach((count, index) => {
    expect(count).toBeGreaterThanOrEqual(counts[index] as number);
  });
}

/** Every series of the report as the exposition must hold it. */
function expectReportNumbers(exposition: Exposition, report: RunReport) {
  for (const row of report.results) {
    const labels = seriesLabels(row);
    if (row.status === 'ok') {
      expectHistogram(exposition, loadDuration, labels, row.load?.samplesMs ?? []);
      expectHistogram(exposition, inferenceDuration, labels, row.inference?.samplesMs ?? []);
      expect(seriesValue(exposition, memoryUsage.name, labels)).toBe(row.memory?.peakBytes);
      expect(seriesValue(exposition, inferenceRuns.name, labels)).toBe(row.inference?.attempts);
      expect(seriesValue(exposition, inferenceErrors.name, labels)).toBe(row.inference?.errors);
    } else {
      for (const name of [`${loadDuration.name}_count`, `${inferenceDuration.name}_count`, memoryUsage.name, inferenceRuns.name, inferenceErrors.name]) {
        expect(samplesOf(exposition, name, labels), `${name} of a ${row.status} row`).toEqual([]);
      }
    }
    for (const check of row.checks) {
      const states = samplesOf(exposition, checkVerdict.name, { ...labels, check: check.id, level: check.level });
      expect(states.map((state) => state.labels.verdict)).toEqual([...CHECK_VERDICTS]);
      expect(states.filter((state) => state.value === 1).map((state) => state.labels.verdict)).toEqual([check.verdict]);
      expect(states.filter((state) => state.value !== 1).every((state) => state.value === 0)).toBe(true);
    }
    const rowStates = samplesOf(exposition, trialVerdict.name, labels);
    expect(rowStates).toHaveLength(CHECK_VERDICTS.length);
    expect(rowStates.filter((state) => state.value === 1).map((state) => state.labels.verdict)).toEqual([row.verdict]);
  }
  const checks = report.results.reduce((sum, row) => sum + row.checks.length, 0);
  expect(samplesOf(exposition, checkVerdict.name)).toHaveLength(checks * CHECK_VERDICTS.length);
}

describe('renderPrometheus', () => {
  it('the fixtures are valid run reports with what these tests need', () => {
    const sample = exportReport('sample');
    const hostile = exportReport('hostile');
    expect(reportSchemaErrors(sample)).toEqual([]);
    expect(reportSchemaErrors(hostile)).toEqual([]);
    expect(okRows(sample)).toHaveLength(6);
    expect(sample.results.flatMap((row) => row.checks.map((check) => check.id))).toContain('regression.inference.p99');
    expect(hostile.results.map((row) => row.status)).toEqual(['ok', 'error']);
  });

  it.each(['sample', 'hostile'] as const)("%s report: promtool check metrics passes without a remark, and the numbers are the report's", async (name) => {
    const report = exportReport(name);
    const text = await renderPrometheus(report);
    expect(promtoolCheck(text)).toEqual({ status: 0, output: '' });
    const exposition = parseExposition(text);
    expect([...exposition.types]).toEqual(Object.values(EXPORTED_METRICS).map((metric) => [metric.name, metric.type]));
    expect(
      exposition.samples.every((sample) => sample.name.startsWith('wasm_torch_')),
      'no process or Node.js default metrics',
    ).toBe(true);
    expectReportNumbers(exposition, report);
  });

  it('escapes hostile model names so they read back exactly', async () => {
    const report = renamed(exportReport('hostile'), 0, EXTREME_NAME);
    const text = await renderPrometheus(report);
    expect(promtoolCheck(text)).toEqual({ status: 0, output: '' });
    expect(text).toContain(String.raw`model="evil \"q\" 's' C:\\new\\tab`);
    const exposition = parseExposition(text);
    expect(new Set(samplesOf(exposition, trialVerdict.name).map((sample) => sample.labels.model))).toEqual(new Set([EXTREME_NAME, 'unsupported-operator.onnx']));
    expectReportNumbers(exposition, report);
    const fixtureName = exportReport('hostile').results[0]?.model.name;
    expect(fixtureName).toMatch(/"mlp".*\\.*\n.*模型/s);
  });

  it('an error row exports its verdicts only', async () => {
    const report = exportReport('hostile');
    const errorRow = report.results[1];
    const exposition = parseExposition(await renderPrometheus(report));
    expect(errorRow?.status).toBe('error');
    const ofRow = exposition.samples.filter((sample) => sample.labels.model === errorRow?.model.name);
    expect(new Set(ofRow.map((sample) => sample.name))).toEqual(new Set([checkVerdict.name, trialVerdict.name]));
    expect(seriesValue(exposition, trialVerdict.name, { model: 'unsupported-operator.onnx', verdict: 'error' })).toBe(1);
  });

  it('is a pure function of the report: the same bytes twice, nothing shared between calls', async () => {
    const sample = exportReport('sample');
    const first = await renderPrometheus(sample);
    await renderPrometheus(exportReport('hostile'));
    expect(await renderPrometheus(sample)).toBe(first);
  });

  it('refuses two rows it could not tell apart rather than merging their samples', async () => {
    const report = exportReport('sample');
    const [first] = report.results;
    const twin = { ...report, results: [first, first].filter((row) => row !== undefined) };
    await expect(renderPrometheus(twin)).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('same metric labels') });
  });
});
