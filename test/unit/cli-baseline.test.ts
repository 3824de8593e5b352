/**
 * Baselines through the whole CLI: save on "main", gate a "branch" on it with one flag, compare two
 * report files, and refuse corrupt or mismatched baselines with exit 2. In-process, on the
 * simulated node-wasm (the runtime is not under test): "main" and the branch draw their samples
 * with different seeds, and the planted slowdown (slow-run-ms) is the regression to catch.
 */
import type { Baseline } from '../../src/baseline/document.js';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/report/schema.js';
import { QUICK, RELAXED, readJson, tempDir } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';
import { runSimulated } from '../helpers/run-main.js';
import { JUNIT_XSD, reportSchemaErrors, xmllint } from '../helpers/validate.js';
import type { SimulationSpec } from '../../src/runtimes/simulated/simulation-spec.js';

/** The tiny MLP as fast as on a real machine (about 20 µs a run), 5 % spread between runs. */
const TINY: SimulationSpec['models'] = { 'tiny-mlp': { inferenceMs: 0.02, spread: 0.05 } };
const MAIN: SimulationSpec = { seed: 1, models: TINY };
const BRANCH: SimulationSpec = { seed: 2, models: TINY };

const runCli = (args: string[], options: { env?: NodeJS.ProcessEnv; spec?: SimulationSpec } = {}) => runSimulated(args, options.spec ?? BRANCH, { env: options.env });

// Enough timed runs for narrow P50/P99 intervals; load checks are left out of the gate (2 loads).
const MEASURE = [fixture('tiny-mlp').path, ...QUICK, ...RELAXED, '--warmup', 'auto', '--min-time', '1s', '--regression-level', 'load.p95=off'];
// The gate allows 5× (as on a real shared machine, where worker medians of a ~20 µs run can differ
// by 2×), and the slowed harness adds 2 ms to every run (100×), far beyond it either way.
const NOISE_PROOF = ['--max-regression', '5x'];
const SLOW = { WTB_TEST_FAULTS: 'slow-run-ms=2' };

function readReport(out: string): RunReport {
  const report = readJson<RunReport>(path.join(out, 'wasm-torch-bench.json'));
  expect(reportSchemaErrors(report)).toEqual([]);
  expect(xmllint(['--schema', JUNIT_XSD, path.join(out, 'wasm-torch-bench.junit.xml')]).status).toBe(0);
  return report;
}

function regression(report: RunReport, metric: string) {
  return report.results[0]?.checks.find((check) => check.id === `regression.${metric}`);
}

describe('save a baseline, then gate on it', () => {
  const dir = tempDir('wtb-baseline-');
  const baselineFile = path.join(dir, 'main.baseline.json');
  const mainOut = path.join(dir, 'main');

  beforeAll(async () => {
    const saved = await runCli([...MEASURE, '--out', mainOut, '--save-baseline', baselineFile], { spec: MAIN });
    expect(saved.status).toBe(0);
    expect(saved.stdout).toContain(`reports: ${path.join(mainOut, 'wasm-torch-bench.json')}, ${path.join(mainOut, 'wasm-torch-bench.junit.xml')}, ${baselineFile}`);
  });

  it('the baseline holds the samples, the fingerprint and the model sha256', () => {
    const baseline = readJson<Baseline>(baselineFile);
    const report = readReport(mainOut);
    expect(baseline.kind).toBe('wasm-torch-bench-baseline');
    expect(baseline.environment).toEqual(report.environment);
    const [entry] = baseline.entries;
    if (!entry) throw new Error('the baseline holds no entry');
    expect(entry.model.sha256).toBe(report.results[0]?.model.sha256);
    expect(entry).toMatchObject({ runtime: 'node-wasm', threads: 1 });
    expect(entry.inference.n).toBe(report.results[0]?.inference?.samplesMs.length);
    expect(entry.inferenceWorkerMediansMs).toHaveLength(10);
    expect(report.settings).toBeDefined();
  });

  it('a run against its own fresh baseline passes its regression checks', async () => {
    const out = tempDir();
    const result = await runCli([...MEASURE, ...NOISE_PROOF, '--out', out, '--baseline', baselineFile]);
    const report = readReport(out);
    expect(report.baseline).toMatchObject({ file: baselineFile, differences: [] });
    for (const metric of ['inference.p50', 'memory.peak']) expect(regression(report, metric)?.verdict).toBe('pass');
    expect(regression(report, 'inference.p99')?.verdict).not.toBe('fail');
    expect(regression(report, 'load.p95')?.verdict).toBe('skipped');
    expect(report.results[0]?.baseline?.reference).toMatchObject({ runtime: 'node-wasm', threads: 1 });
    // A baseline run measures inference in 10 fresh workers on both sides: the run-to-run noise,
    // bounded by the Mann–Whitney interval of the workers' Hodges–Lehmann shift.
    expect(report.results[0]?.inference?.workerMediansMs).toHaveLength(10);
    expect(report.results[0]?.baseline?.runNoise).toMatchObject({ df: 18, workersNow: 10, workersBaseline: 10 });
    expect(report.results[0]?.baseline?.runNoise.sigma).toBeGreaterThanOrEqual(0);
    const shift = report.results[0]?.baseline?.runNoise.shift;
    expect(shift?.low).toBeLessThanOrEqual(shift?.ratio as number);
    expect(shift?.high).toBeGreaterThanOrEqual(shift?.ratio as number);
    expect(result.stdout).toContain('Against the baseline');
    expect(result.stdout).toMatch(/PASS regression\.inference\.p50 < 5\.000×: \d+\.\d{3}×, 95 % interval \[\d+\.\d{3}×, \d+\.\d{3}×\]/);
    expect(result.status).toBe(0);
  });

  it('a slowed harness fails against it (exit 1), naming the metric and the ratio', async () => {
    const out = tempDir();
    // Fewer workers now than in the baseline (4 against 10): the gate needs no equal sides.
    const result = await runCli([...MEASURE, ...NOISE_PROOF, '--repeat', '4', '--out', out, '--baseline', baselineFile], { env: SLOW });
    const report = readReport(out);
    expect(report.results[0]?.baseline?.runNoise).toMatchObject({ workersNow: 4, workersBaseline: 10 });
    expect(regression(report, 'inference.p50')?.verdict).toBe('fail');
    expect(result.stdout).toMatch(/FAIL regression\.inference\.p50 < 5\.000×: \d+\.\d{3}×, 95 % interval \[.*\], wholly above the allowed 5\.000×/);
    expect(readFileSync(path.join(out, 'wasm-torch-bench.junit.xml'), 'utf8')).toMatch(
      /<failure type="kpi\.regression\.inference\.p50" message="regression\.inference\.p50 &lt; 5\.000×: \d+\.\d{3}×, 95 % interval/,
    );
    expect(result.status).toBe(1);
  });

  it('--max-regression loosens the gate until the slowed run passes', async () => {
    const slowOut = tempDir();
    await runCli([...MEASURE, '--out', slowOut], { env: SLOW });
    const out = tempDir();
    const result = await runCli(['compare', baselineFile, path.join(slowOut, 'wasm-torch-bench.json'), '--max-regression', '100000x', '--out', out]);
    expect(regression(readReport(out), 'inference.p50')).toMatchObject({ verdict: 'pass', threshold: 100_000 });
    expect(result.status).toBe(0);
  });

  it('compare reads its settings from WTB_* variables as run does, a flag over the variable', async () => {
    const slowOut = tempDir();
    await runCli([...MEASURE, '--out', slowOut], { env: SLOW });
    const slowReport = path.join(slowOut, 'wasm-torch-bench.json');
    const out = tempDir();
    const fromEnv = await runCli(['compare', baselineFile, slowReport, '--out', out], { env: { WTB_MAX_REGRESSION: '100000x', WTB_REPORTER: 'json' } });
    expect(fromEnv.status).toBe(0);
    expect(regression(readJson<RunReport>(path.join(out, 'wasm-torch-bench.json')), 'inference.p50')).toMatchObject({ verdict: 'pass', threshold: 100_000 });
    expect(existsSync(path.join(out, 'wasm-torch-bench.junit.xml'))).toBe(false);
    const flagWins = await runCli(['compare', baselineFile, slowReport, '--max-regression', '5x', '--out', tempDir()], { env: { WTB_MAX_REGRESSION: '100000x' } });
    expect(flagWins.status).toBe(1);
    const bad = await runCli(['compare', baselineFile, slowReport], { env: { WTB_INCONCLUSIVE: 'maybe' } });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('WTB_INCONCLUSIVE: unknown value "maybe"; choose from fail, warn, pass');
  });

  it('compare judges two report files without measuring, with table, JSON and JUnit', async () => {
    const out = tempDir();
    const newReport = path.join(mainOut, 'wasm-torch-bench.json');
    const result = await runCli(['compare', newReport, newReport, ...NOISE_PROOF, '--out', out]);
    const report = readReport(out);
    expect(report.baseline?.file).toBe(newReport);
    // The same samples on both sides: every ratio is exactly 1 (its interval still allows for the
    // noise between the run's own workers).
    expect(report.results[0]?.baseline?.ratios.inferenceP50?.ratio).toBe(1);
    expect(regression(report, 'inference.p50')?.verdict).toBe('pass');
    expect(result.stdout).toContain('Against the baseline');
    expect(result.status).toBe(0);
  });

  it('a model that changed since the baseline is compared with a warning naming the sha256; --strict refuses it (exit 2)', async () => {
    const changed = readJson<Baseline>(baselineFile);
    const [first] = changed.entries;
    if (!first) throw new Error('the baseline holds no entry');
    first.model.sha256 = 'f'.repeat(64);
    const file = path.join(dir, 'changed.baseline.json');
    writeFileSync(file, JSON.stringify(changed));
    const newReport = path.join(mainOut, 'wasm-torch-bench.json');

    const out = tempDir();
    const warned = await runCli(['compare', file, newReport, '--out', out]);
    expect(warned.status).toBe(0);
    expect(readReport(out).results[0]?.warnings).toContainEqual(expect.stringMatching(/^baseline differs: model sha256 ffffffffffff in the baseline, [0-9a-f]{12} now$/));
    expect(warned.stdout).toContain('warning: baseline differs: model sha256 ffffffffffff in the baseline');

    const strict = await runCli(['compare', file, newReport, '--strict', '--out', tempDir()]);
    expect(strict.status).toBe(2);
    expect(strict.stderr).toMatch(/--strict: baseline .*changed\.baseline\.json does not match this run:\n {2}- tiny-mlp\.onnx on node-wasm ×1: model sha256 ffffffffffff in the baseline/);
    expect(strict.stderr).toContain('save a new baseline here (--save-baseline), or drop --strict');
  });

  it('compare needs a run report as <new>, not a baseline (exit 2)', async () => {
    const result = await runCli(['compare', baselineFile, baselineFile, '--out', tempDir()]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`report ${baselineFile}: is not a wasm-torch-bench run report; pass the wasm-torch-bench.json a run wrote into --out`);
  });

  it('--strict refuses a baseline from another machine before measuring (exit 2)', async () => {
    const other = readJson<Baseline>(baselineFile);
    other.environment.cpuModel = 'Another CPU';
    const file = path.join(dir, 'other-machine.baseline.json');
    writeFileSync(file, JSON.stringify(other));
    const result = await runCli([...MEASURE, '--out', tempDir(), '--baseline', file, '--strict']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/cpuModel: Another CPU in the baseline, .+ now/);
    expect(result.stdout).toBe('');
  });
});

describe('bad baselines (exit 2, before measuring)', () => {
  const cases: [string, (dir: string) => string, RegExp][] = [
    ['a missing file', (dir) => path.join(dir, 'nope.json'), /baseline .*nope\.json: no such file; save one first with --save-baseline/],
    ['a truncated file', (dir) => write(dir, 'truncated.json', '{"kind":"wasm-torch-bench-baseline","entr'), /is not valid JSON .*corrupt or truncated: write it again/],
    [
      'some other JSON',
      (dir) => write(dir, 'other.json', '{"hello":"world"}'),
      /is neither a wasm-torch-bench baseline .* nor a run report; pass a file written by --save-baseline or a wasm-torch-bench\.json/,
    ],
    [
      'a baseline with a broken entry',
      (dir) =>
        write(
          dir,
          'broken.json',
          JSON.stringify({ kind: 'wasm-torch-bench-baseline', schemaVersion: 1, tool: { name: 'wasm-torch-bench', version: '0' }, createdAt: 'x', environment: {}, entries: [] }),
        ),
      /is not a valid baseline at environment\.\w+: .*; save it again with --save-baseline/,
    ],
  ];

  function write(dir: string, name: string, text: string): string {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  }

  for (const [name, make, message] of cases) {
    it(`${name}: run --baseline and compare both exit 2 and say what to do`, async () => {
      const dir = tempDir();
      const file = make(dir);
      const run = await runCli([...MEASURE, '--out', tempDir(), '--baseline', file]);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stdout).toBe('');
      const compared = await runCli(['compare', file, file, '--out', tempDir()]);
      expect(compared.status).toBe(2);
      expect(compared.stderr).toMatch(message);
    });
  }

  it('bad compare flags name the flag and the choices', async () => {
    const policy = await runCli(['compare', 'a.json', 'b.json', '--inconclusive', 'maybe']);
    expect(policy.status).toBe(2);
    expect(policy.stderr).toContain('--inconclusive: unknown value "maybe"; choose from fail, warn, pass');
    const reporter = await runCli(['compare', 'a.json', 'b.json', '--reporter', 'pdf']);
    expect(reporter.status).toBe(2);
    expect(reporter.stderr).toContain('--reporter: unknown value "pdf"; choose from table, json, junit, markdown, html');
  });

  it('bad --max-regression and --regression-level values name the flag and the fix', async () => {
    const bad = await runCli([...MEASURE, '--max-regression', 'fast']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--max-regression "fast": "fast" is not an allowed regression; use a percentage such as 10% or a factor such as 1.1x');
    const metric = await runCli(['compare', 'a.json', 'b.json', '--regression-level', 'load.p99=warn']);
    expect(metric.status).toBe(2);
    expect(metric.stderr).toContain('--regression-level "load.p99=warn": unknown metric "load.p99"; regression metrics: load.p50, load.p95, inference.p50, inference.p99, memory.peak');
  });
});
