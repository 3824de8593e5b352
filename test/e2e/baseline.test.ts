/**
 * A baseline gate on the real node-wasm: the worker's planted slowdown (slow-run-ms of
 * WTB_TEST_FAULTS) is caught as a regression, exit 1. Everything else about baselines (saving,
 * noise, compare, --strict, bad files) runs in-process on the simulated runtime in
 * test/unit/cli-baseline.test.ts.
 */
import path from 'node:path';
import { expect, it } from 'vitest';
import type { RunReport } from '../../src/report/schema.js';
import { QUICK, RELAXED, readJson, runCli, tempDir } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';

// Two inference workers a side keep it short; the gate allows 5× and the slowdown adds 2 ms to a
// ~20 µs run (40× or more).
const MEASURE = [fixture('tiny-mlp').path, ...QUICK, ...RELAXED, '--warmup', 'auto', '--repeat', '2', '--regression-level', 'load.p95=off', '--max-regression', '5x'];

it('a slowed worker fails against the baseline of an unslowed one (exit 1)', () => {
  const dir = tempDir('wtb-baseline-');
  const baselineFile = path.join(dir, 'main.baseline.json');
  expect(runCli([...MEASURE, '--out', path.join(dir, 'main'), '--save-baseline', baselineFile]).status).toBe(0);
  const out = path.join(dir, 'branch');
  const result = runCli([...MEASURE, '--out', out, '--baseline', baselineFile], { env: { WTB_TEST_FAULTS: 'slow-run-ms=2' } });
  const report = readJson<RunReport>(path.join(out, 'wasm-torch-bench.json'));
  expect(report.results[0]?.checks.find((check) => check.id === 'regression.inference.p50')?.verdict).toBe('fail');
  expect(result.stdout).toMatch(/FAIL regression\.inference\.p50 < 5\.000×/);
  expect(result.status).toBe(1);
}, 180_000);
