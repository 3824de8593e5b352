/**
 * The built bin on real models: exit codes, the JSON report against its schema, the JUnit report
 * against the Jenkins xUnit XSD, and the numbers being present and sane (never their size).
 */
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/report/schema.js';
import { QUICK, RELAXED, readJson, runCli, tempDir, BRIEF_TIMED_PHASE, BRIEF_TIMED_RUNS } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';
import { JUNIT_XSD, reportSchemaErrors, xmllint } from '../helpers/validate.js';

function expectValidReports(outDir: string): RunReport {
  const jsonPath = path.join(outDir, 'wasm-torch-bench.json');
  const junitPath = path.join(outDir, 'wasm-torch-bench.junit.xml');
  expect(existsSync(jsonPath)).toBe(true);
  expect(existsSync(junitPath)).toBe(true);
  const report = readJson<RunReport>(jsonPath);
  expect(reportSchemaErrors(report)).toEqual([]);
  const lint = xmllint(['--schema', JUNIT_XSD, junitPath]);
  expect(lint.output).toContain('validates');
  expect(lint.status).toBe(0);
  return report;
}

function expectMeasured(report: RunReport, modelName: string, minimumRuns = 20) {
  const result = report.results.find((entry) => entry.model.name === modelName);
  expect(result, `no result for ${modelName}`).toBeDefined();
  if (!result) throw new Error('unreachable');
  expect(result.status).toBe('ok');
  expect(result.error).toBeNull();
  expect(result.runtime).toBe('node-wasm');
  expect(result.load?.samplesMs).toHaveLength(2);
  for (const phase of ['readMs', 'runtimeInitMs', 'sessionCreateMs'] as const) {
    expect(result.load?.phases[phase]).toHaveLength(2);
  }
  // The phases partition each load sample.
  result.load?.samplesMs.forEach((total, i) => {
    const sum = (result.load?.phases.readMs[i] ?? 0) + (result.load?.phases.runtimeInitMs[i] ?? 0) + (result.load?.phases.sessionCreateMs[i] ?? 0);
    expect(Math.abs(sum - total)).toBeLessThan(1e-3);
  });
  // A worker's wall time holds its load plus the tool's own start-up and teardown.
  result.load?.workerWallMs.forEach((wall, i) => {
    expect(wall).toBeGreaterThan(result.load?.samplesMs[i] ?? Infinity);
  });
  expect(result.inference?.count).toBeGreaterThanOrEqual(minimumRuns);
  expect(result.inference?.samplesMs.every((sample) => sample > 0)).toBe(true);
  expect(result.inference?.errors).toBe(0);
  expect(result.firstInferenceMs).toBeGreaterThan(0);
  expect(result.memory?.peakSource).toBe('wasm-linear-memory');
  expect(result.memory?.peakBytes).toBe(result.memory?.wasmPeakBytes);
  // wasm memory grows in 64 KiB pages.
  expect((result.memory?.wasmPeakBytes ?? 1) % 65536).toBe(0);
  expect(result.memory?.rssPeakBytes).toBeGreaterThan(result.memory?.jsHeapPeakBytes ?? Infinity);
  expect(result.threads).toEqual({ requested: 1, used: 1 });
  expect(result.runtimeVersion).toMatch(/^\d+\.\d+\.\d+/);
  expect(result.checks.map((check) => check.id)).toEqual(['load.p95', 'inference.p99', 'memory.peak', 'error.rate']);
  return result;
}

describe('run on the default fixture', () => {
  it('exits 0 with a table, a schema-valid JSON report and a valid JUnit report', () => {
    const out = tempDir();
    const model = fixture('tiny-mlp');
    const result = runCli([model.path, ...QUICK, '--out', out]);
    expect(result.stderr).not.toContain('internal error');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/tiny-mlp\.onnx.*node-wasm.*INCONCLUSIVE/);
    expect(result.stdout).toContain('PASS inference.p99 < 500 ms');
    const report = expectValidReports(out);
    // Two cold loads cannot bound load.p95 (72 are needed at 95 %); QUICK accepts that.
    expect(report.verdict).toBe('inconclusive');
    expect(report.exitCode).toBe(0);
    expect(report.environment.onnxruntimeWebVersion).toMatch(/^\d+\.\d+\.\d+/);
    const measured = expectMeasured(report, 'tiny-mlp.onnx');
    expect(measured.model.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(measured.feeds).toEqual([{ name: 'input', dtype: 'float32', shape: [1, 64], values: null }]);
    expect(Object.fromEntries(measured.checks.map((check) => [check.id, check.verdict]))).toEqual({
      'load.p95': 'inconclusive',
      'inference.p99': 'pass',
      'memory.peak': 'pass',
      'error.rate': 'pass',
    });
  });

  it('exits 1 with a failing JUnit testcase when a KPI is out of reach', () => {
    const out = tempDir();
    const result = runCli([fixture('tiny-mlp').path, ...QUICK, '--kpi', 'inference.p99=1us', '--out', out]);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/FAIL inference\.p99 < 1 µs: .*, 95 % anytime-valid interval \[.*\] \(beta-binomial confidence sequence, \d+ looks?\), n=\d+, wholly at or above 1 µs/);
    const report = expectValidReports(out);
    expect(report.verdict).toBe('fail');
    const junit = readFileSync(path.join(out, 'wasm-torch-bench.junit.xml'), 'utf8');
    expect(junit).toMatch(/<testcase name="inference\.p99 &lt; 1 µs" classname="tiny-mlp\.onnx\/node-wasm">\s*<failure type="kpi\.inference\.p99"/);
    expect(junit).toMatch(/interval: \[.*\] at 95 % \(confidence-sequence, anytime-valid over \d+ looks?\)/);
    expect(junit).toMatch(/<testsuites [^>]*failures="1"/);
  });

  it('a failing warn-level KPI is reported but does not fail the run; level off is skipped', () => {
    const out = tempDir();
    const result = runCli([fixture('tiny-mlp').path, ...QUICK, '--kpi', 'inference.p99=1us', '--kpi-level', 'inference.p99=warn', '--kpi-level', 'memory.peak=off', '--out', out]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('WARN inference.p99 < 1 µs');
    expect(result.stdout).toContain('OFF  memory.peak < 100 MB: skipped');
    expectValidReports(out);
    const junit = readFileSync(path.join(out, 'wasm-torch-bench.junit.xml'), 'utf8');
    expect(junit).toMatch(/<skipped message="level off/);
    expect(junit).not.toContain('<failure');
  });

  it('--json prints the report to stdout and keeps the table off it', () => {
    const out = tempDir();
    const result = runCli([fixture('tiny-mlp').path, ...QUICK, '--json', '--out', out]);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as RunReport;
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(result.stderr).toContain('Infer P99');
  });

  it('--quiet prints nothing on success and still writes the reports', () => {
    const out = tempDir();
    const result = runCli([fixture('tiny-mlp').path, ...QUICK, '--quiet', '--out', out]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('');
    expectValidReports(out);
  });
});

describe('hostile names', () => {
  it('a model name holding ANSI escapes and XML metacharacters still gives valid reports', () => {
    const dir = tempDir();
    const name = '\u001b[31mred\u001b[0m & <x> "q".onnx';
    copyFileSync(fixture('tiny-mlp').absolutePath, path.join(dir, name));
    const out = tempDir();
    const result = runCli([path.join(dir, name), ...QUICK, '--out', out]);
    expect(result.status).toBe(0);
    const report = expectValidReports(out);
    expect(report.results[0]?.model.name).toBe(name);
    const junit = readFileSync(path.join(out, 'wasm-torch-bench.junit.xml'), 'utf8');
    expect(junit).not.toContain('\u001b');
    expect(junit).toContain('classname="red &amp; &lt;x&gt; &quot;q&quot;.onnx/node-wasm"');
  });
});

describe('run on the other fixture models', () => {
  it.each(['int64-input', 'dynamic-batch', 'large-20mb', 'silero-vad-v5', 'ppocr-v4-rec'])('%s exits 0 with valid reports', (id) => {
    const out = tempDir();
    const model = fixture(id);
    const result = runCli([model.path, ...model.args, ...QUICK, ...RELAXED, ...BRIEF_TIMED_PHASE, '--out', out]);
    expect(result.stderr).not.toContain('internal error');
    expect(result.status).toBe(0);
    const report = expectValidReports(out);
    expectMeasured(report, path.basename(model.path), BRIEF_TIMED_RUNS);
  });

  it('int64 inputs are fed as int64 and the dynamic batch takes the given shape', () => {
    const out = tempDir();
    const result = runCli([fixture('int64-input').path, fixture('dynamic-batch').path, ...fixture('dynamic-batch').args, ...QUICK, ...RELAXED, '--out', out]);
    expect(result.status).toBe(0);
    const report = readJson<RunReport>(path.join(out, 'wasm-torch-bench.json'));
    expect(report.results.map((entry) => entry.feeds)).toEqual([[{ name: 'ids', dtype: 'int64', shape: [1, 16], values: null }], [{ name: 'input', dtype: 'float32', shape: [4, 32], values: null }]]);
  });

  it('the 20 MB model shows a larger wasm memory peak than the tiny MLP', () => {
    const out = tempDir();
    const result = runCli([fixture('tiny-mlp').path, fixture('large-20mb').path, ...QUICK, ...RELAXED, ...BRIEF_TIMED_PHASE, '--out', out]);
    expect(result.status).toBe(0);
    const [tiny, large] = readJson<RunReport>(path.join(out, 'wasm-torch-bench.json')).results;
    expect(large?.memory?.wasmPeakBytes).toBeGreaterThan((tiny?.memory?.wasmPeakBytes ?? 0) + 20_000_000);
  });
});
