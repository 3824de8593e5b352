/**
 * --check-finite on node-wasm: the worker checks each run's outputs, so a model with NaN outputs
 * fails error.rate. The other verdicts run in-process on the simulated runtime in
 * test/unit/cli-verdicts.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { fixture } from '../helpers/fixtures.js';
import { runAndRead } from '../helpers/reports.js';

describe('--check-finite', () => {
  const nan = [fixture('nan-output').path, '--runtime', 'node-wasm', '--load-runs', '2', '--max-load-runs', '2', '--warmup', '2', '--min-time', '0s', '--iterations', '50'];

  it('counts every run with NaN outputs as failed, so error.rate fails', () => {
    const { result, report } = runAndRead([...nan, '--check-finite']);
    expect(result.status).toBe(1);
    const trial = report.results[0];
    expect(trial?.inference?.errors).toBe(trial?.inference?.attempts);
    expect(Object.keys(trial?.inference?.errorMessages ?? {})[0]).toMatch(/^non-finite output: output\[0\] is NaN$/);
    expect(trial?.checks.find((check) => check.id === 'error.rate')?.verdict).toBe('fail');
  });

  it('without it the same runs succeed', () => {
    const { report } = runAndRead([...nan, '--inconclusive', 'pass']);
    expect(report.results[0]?.inference?.errors).toBe(0);
  });
});
