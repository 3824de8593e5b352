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
import { expectNodeWasmMeasured } from '../helpers/measured.js';
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
  expectNodeWasmMeasured(result, { minimumRuns });
  expect(result.checks.map((check) => check.id)).toEqual(['load.p95', 'inference.p99', 'memory.peak', 'error.rate', 'memory.retained']);
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
      // No --retained-cycles: not measured.
      'memory.retained': 'skipped',
    });
  });

  // A KPI out of reach (exit 1) and the KPI levels warn and off are the gate's decisions: they run
  // in-process in test/unit/cli-verdicts.test.ts.

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
  // silero-vad-v5 and ppocr-v4-rec are measured on node-wasm (with these same checks) in the run on
  // every runtime of test/e2e/native-and-parity.test.ts.

  // Two models to a run: each is measured as it would be alone, and the pair shows what only a pair can.
  it('int64-input and dynamic-batch exit 0 with valid reports; int64 inputs are fed as int64 and the dynamic batch takes the given shape', () => {
    const out = tempDir();
    const result = runCli([fixture('int64-input').path, fixture('dynamic-batch').path, ...fixture('dynamic-batch').args, ...QUICK, ...RELAXED, ...BRIEF_TIMED_PHASE, '--out', out]);
    expect(result.stderr).not.toContain('internal error');
    expect(result.status).toBe(0);
    const report = expectValidReports(out);
    expectMeasured(report, 'int64-input.onnx', BRIEF_TIMED_RUNS);
    expectMeasured(report, 'dynamic-batch.onnx', BRIEF_TIMED_RUNS);
    expect(report.results.map((entry) => entry.feeds)).toEqual([[{ name: 'ids', dtype: 'int64', shape: [1, 16], values: null }], [{ name: 'input', dtype: 'float32', shape: [4, 32], values: null }]]);
  });

  it('large-20mb exits 0 with valid reports, and shows a larger wasm memory peak than the tiny MLP', () => {
    const out = tempDir();
    const result = runCli([fixture('tiny-mlp').path, fixture('large-20mb').path, ...QUICK, ...RELAXED, ...BRIEF_TIMED_PHASE, '--out', out]);
    expect(result.stderr).not.toContain('internal error');
    expect(result.status).toBe(0);
    const report = expectValidReports(out);
    const tiny = expectMeasured(report, 'tiny-mlp.onnx', BRIEF_TIMED_RUNS);
    const large = expectMeasured(report, 'large-20mb.onnx', BRIEF_TIMED_RUNS);
    expect(large.memory?.wasmPeakBytes).toBeGreaterThan((tiny.memory?.wasmPeakBytes ?? 0) + 20_000_000);
  });
});
