/**
 * Verdicts with known confidence, end to end on node-wasm: a default run decides every check,
 * too few samples are inconclusive (and what that does to the exit code), non-finite outputs
 * count as errors.
 */
import { describe, expect, it } from 'vitest';
import { fixture } from '../helpers/fixtures.js';
import { runAndRead } from '../helpers/reports.js';

describe('a default run on the tiny model', () => {
  it('samples until every check is decided, within the default max time', () => {
    const { result, report } = runAndRead([fixture('tiny-mlp').path, '--runtime', 'node-wasm']);
    const [trial] = report.results;
    expect(trial?.checks.map((check) => check.verdict).filter((verdict) => verdict !== 'pass' && verdict !== 'fail')).toEqual([]);
    expect(result.status).toBe(report.verdict === 'pass' ? 0 : 1);
    // load.p95 has an upper bound at 95 % only from 72 cold loads on.
    expect(trial?.load?.samplesMs.length).toBeGreaterThanOrEqual(72);
    expect(trial?.load?.samplesMs.length).toBeLessThanOrEqual(100);
    expect(trial?.inference?.stopReason).not.toBe('max-time');
    expect(trial?.inference?.timedPhaseMs).toBeLessThan(60_000);
    expect(report.settings.confidence).toBe(0.95);
    const p95 = trial?.checks.find((check) => check.id === 'load.p95');
    expect(p95?.method).toBe('order-statistics');
    expect(p95?.interval?.high).not.toBeNull();
    const errorRate = trial?.checks.find((check) => check.id === 'error.rate');
    expect(errorRate?.method).toBe('clopper-pearson');
    expect(errorRate?.n).toBeGreaterThanOrEqual(3688);
    expect(trial?.inference?.warmupStoppedBecause).toMatch(/^(stable|cap)$/);
    expect(trial?.inference?.percentiles?.intervals.p99.high).not.toBeNull();
  }, 300_000);
});

describe('inconclusive verdicts', () => {
  const fewLoads = [fixture('tiny-mlp').path, '--runtime', 'node-wasm', '--load-runs', '2', '--max-load-runs', '2', '--warmup', '2', '--min-time', '0s'];

  it('too few cold loads for load.p95 is inconclusive and fails the run by default', () => {
    const { result, report, junit } = runAndRead(fewLoads);
    expect(result.status).toBe(1);
    expect(report.verdict).toBe('inconclusive');
    const check = report.results[0]?.checks.find((entry) => entry.id === 'load.p95');
    expect(check?.verdict).toBe('inconclusive');
    expect(check?.samplesNeeded).toBe(72);
    expect(check?.interval?.high).toBeNull();
    expect(result.stdout).toMatch(/INCONCLUSIVE load\.p95 < 2 s: inconclusive, .*2 samples cannot bound P95 at 95 % \(it needs 72\); raise --max-load-runs/);
    expect(result.stdout).toContain('--inconclusive warn to let it pass');
    expect(junit).toMatch(/<testcase name="load\.p95 &lt; 2 s"[^>]*>\s*<failure type="kpi\.load\.p95\.inconclusive"/);
  });

  it('--inconclusive warn lets it pass (exit 0); the report still says inconclusive', () => {
    const { result, report, junit } = runAndRead([...fewLoads, '--inconclusive', 'warn']);
    expect(result.status).toBe(0);
    expect(report.verdict).toBe('inconclusive');
    expect(junit).not.toContain('<failure');
    expect(junit).toContain('INCONCLUSIVE (does not fail the run: --inconclusive warn)');
  });

  it('a lower --confidence needs fewer samples: 90 % bounds P95 from 59 cold loads', () => {
    const { report } = runAndRead([fixture('tiny-mlp').path, '--runtime', 'node-wasm', '--load-runs', '2', '--max-load-runs', '2', '--warmup', '2', '--min-time', '0s', '--confidence', '90%', '--inconclusive', 'pass']);
    expect(report.results[0]?.checks.find((entry) => entry.id === 'load.p95')?.samplesNeeded).toBe(59);
    expect(report.settings.confidence).toBe(0.9);
  });
});

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
