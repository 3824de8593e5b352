/**
 * The built bin on real models: exit codes, the JSON report against its schema, the JUnit report
 * against the Jenkins xUnit XSD, and the numbers being present and sane (never their size).
 */
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/report/schema.js';
import { QUICK, STRUCTURE_ONLY, readJson, runCli, tempDir, BRIEF_TIMED_PHASE, BRIEF_TIMED_RUNS } from '../helpers/cli.js';
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
    // Two cold loads under a busy runner's load can lie wholly above 2 s: the load KPI is loosened,
    // the others keep their defaults.
    const result = runCli([model.path, ...QUICK, '--kpi', 'load.p95=10m', '--out', out]);
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

  // A KPI out of reach (exit 1), the KPI levels warn and off, and --quiet are the CLI's decisions:
  // they run in-process in test/unit/cli-verdicts.test.ts.
});

describe('hostile names, and --json', () => {
  it('a model name holding ANSI escapes and XML metacharacters still gives valid reports; --json prints the report on stdout, the table on stderr', () => {
    const dir = tempDir();
    const name = '\u001b[31mred\u001b[0m & <x> "q".onnx';
    copyFileSync(fixture('tiny-mlp').absolutePath, path.join(dir, name));
    const out = tempDir();
    const result = runCli([path.join(dir, name), ...QUICK, ...STRUCTURE_ONLY, '--json', '--out', out]);
    expect(result.stderr).not.toContain('internal error');
    expect(result.status).toBe(0);
    const report = expectValidReports(out);
    expect(report.results[0]?.model.name).toBe(name);
    const printed = JSON.parse(result.stdout) as RunReport;
    expect(reportSchemaErrors(printed)).toEqual([]);
    expect(printed.results[0]?.model.sha256).toBe(report.results[0]?.model.sha256);
    expect(result.stderr).toContain('Infer P99');
    const junit = readFileSync(path.join(out, 'wasm-torch-bench.junit.xml'), 'utf8');
    expect(junit).not.toContain('\u001b');
    expect(junit).toContain('classname="red &amp; &lt;x&gt; &quot;q&quot;.onnx/node-wasm"');
  });
});

describe('run on the other fixture models', () => {
  // silero-vad-v5 and ppocr-v4-rec are measured on node-wasm (with these same checks) in the run on
  // every runtime of test/e2e/native-and-parity.test.ts.

  // Two models to a run: each is measured as it would be alone, and the pair shows what only a pair can.
  it('int64-input, dynamic-batch and text-encoder in one run, one --dim per named dim across them: int64 inputs fed as int64, every input with a dim named batch or sequence shaped by it', () => {
    const out = tempDir();
    const models = ['int64-input', 'dynamic-batch', 'text-encoder'].map((id) => fixture(id).path);
    const result = runCli([...models, '--dim', 'batch=4', '--dim', 'sequence=16', ...QUICK, ...STRUCTURE_ONLY, ...BRIEF_TIMED_PHASE, '--out', out]);
    expect(result.stderr).not.toContain('internal error');
    expect(result.status).toBe(0);
    const report = expectValidReports(out);
    expectMeasured(report, 'int64-input.onnx', BRIEF_TIMED_RUNS);
    expect(expectMeasured(report, 'dynamic-batch.onnx', BRIEF_TIMED_RUNS).dims).toEqual({ batch: 4 });
    expect(expectMeasured(report, 'text-encoder.onnx', BRIEF_TIMED_RUNS).dims).toEqual({ batch: 4, sequence: 16 });
    expect(report.results.map((entry) => entry.feeds)).toEqual([
      [{ name: 'ids', dtype: 'int64', shape: [1, 16], values: null }],
      [{ name: 'input', dtype: 'float32', shape: [4, 32], values: null }],
      [
        { name: 'input_ids', dtype: 'int64', shape: [4, 16], values: null },
        { name: 'attention_mask', dtype: 'int64', shape: [4, 16], values: null },
      ],
    ]);
  });

  it('large-20mb exits 0 with valid reports, and shows a larger wasm memory peak than the tiny MLP', () => {
    const out = tempDir();
    const result = runCli([fixture('tiny-mlp').path, fixture('large-20mb').path, ...QUICK, ...STRUCTURE_ONLY, ...BRIEF_TIMED_PHASE, '--out', out]);
    expect(result.stderr).not.toContain('internal error');
    expect(result.status).toBe(0);
    const report = expectValidReports(out);
    const tiny = expectMeasured(report, 'tiny-mlp.onnx', BRIEF_TIMED_RUNS);
    const large = expectMeasured(report, 'large-20mb.onnx', BRIEF_TIMED_RUNS);
    expect(large.memory?.wasmPeakBytes).toBeGreaterThan((tiny.memory?.wasmPeakBytes ?? 0) + 20_000_000);
  });
});
