/**
 * What the CLI decides about output parity, in-process on the simulated runtime with a planted
 * disagreement (outputScale: one runtime's outputs scaled): the level (--parity error fails the
 * run), the tolerances (--atol/--rtol) and which row is the reference without node-native. That the
 * real runtimes produce comparable outputs, and a real disagreement is caught, is in
 * test/e2e/native-and-parity.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { RunReport, TrialResult } from '../../src/report/schema.js';
import type { SimulationSpec } from '../../src/runtimes/simulated/simulation-spec.js';
import { QUICK_SAMPLES, RELAXED } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';
import { runSimulatedAndRead } from '../helpers/reports.js';

function row(report: RunReport, runtime: string): TrialResult {
  const found = report.results.find((result) => result.runtime === runtime);
  if (!found) throw new Error(`no ${runtime} row in ${report.results.map((result) => result.runtime).join(', ')}`);
  return found;
}

function parityCheck(result: TrialResult) {
  return result.checks.find((check) => check.id === 'parity');
}

/** node-wasm's and chrome-wasm's float outputs 1.5 times node-native's: every float element disagrees beyond the default tolerances. */
const DISAGREEING: SimulationSpec = { models: { 'random-output': { outputScale: { 'node-wasm': 1.5, 'chrome-wasm': 1.5 } } } };
const model = fixture('random-output').path;

describe('a planted disagreement (simulated runtimes)', () => {
  it('at the default level warn it fails the parity check, naming the output and its worst element; the run still passes', async () => {
    const { result, report } = await runSimulatedAndRead([model, ...QUICK_SAMPLES, ...RELAXED, '--runtime', 'node-wasm,node-native'], DISAGREEING);
    expect(result.status).toBe(0);
    expect(parityCheck(row(report, 'node-wasm'))).toMatchObject({ verdict: 'fail', level: 'warn', n: 9 });
    expect(result.stdout).toMatch(/WARN parity with node-native ×1: \d of 8 elements of 'noisy' disagree \(beyond atol 0\.0001 \+ rtol 0\.001·\|ref\|\); worst noisy\[0,\d\]: [\d.]+ vs [\d.]+/);
  });

  it('--parity error makes the disagreement fail the run (exit 1)', async () => {
    const { result, report, junit } = await runSimulatedAndRead([model, ...QUICK_SAMPLES, ...RELAXED, '--runtime', 'node-wasm,node-native', '--parity', 'error'], DISAGREEING);
    expect(result.status).toBe(1);
    expect(report.verdict).toBe('fail');
    expect(row(report, 'node-wasm').verdict).toBe('fail');
    // The reference has no parity check of its own (its load.p95 is merely undecided on 2 loads).
    expect(parityCheck(row(report, 'node-native'))).toBeUndefined();
    expect(row(report, 'node-native').verdict).toBe('inconclusive');
    expect(result.stdout).toMatch(/FAIL parity with node-native ×1: /);
    expect(junit).toMatch(/<testcase name="parity &lt; 1"[^>]*>\s*<failure /);
  });

  it('--atol and --rtol wide enough make the difference agree', async () => {
    const { result, report } = await runSimulatedAndRead([model, ...QUICK_SAMPLES, ...RELAXED, '--runtime', 'node-wasm,node-native', '--parity', 'error', '--atol', '1', '--rtol', '0'], DISAGREEING);
    expect(result.status).toBe(0);
    expect(parityCheck(row(report, 'node-wasm'))?.verdict).toBe('pass');
    expect(report.settings).toMatchObject({ atol: 1, rtol: 0, parityLevel: 'error' });
  });

  it('without node-native the first runtime is the reference', async () => {
    const spec: SimulationSpec = { models: { 'random-output': { outputScale: { 'chrome-wasm': 1.5 } } } };
    const { report } = await runSimulatedAndRead([model, ...QUICK_SAMPLES, ...RELAXED, '--runtime', 'node-wasm,chrome-wasm'], spec);
    expect(parityCheck(row(report, 'node-wasm'))).toBeUndefined();
    expect(row(report, 'chrome-wasm').parity?.reference).toEqual({ runtime: 'node-wasm', threads: 1 });
    expect(parityCheck(row(report, 'chrome-wasm'))?.verdict).toBe('fail');
    expect(row(report, 'chrome-wasm').comparison).toBeNull();
  });
});
