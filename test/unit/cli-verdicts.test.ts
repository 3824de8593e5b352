/**
 * Verdicts with known confidence, through the whole CLI in-process on the simulated node-wasm (the
 * sampling loop, judge and reporters are the real ones): a default run decides every check, too
 * few samples are inconclusive (and what that does to the exit code). Non-finite outputs, which
 * only a real runtime produces, are in test/e2e/verdicts.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { QUICK } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';
import { runSimulatedAndRead } from '../helpers/reports.js';

const runAndRead = (args: string[]) => runSimulatedAndRead(args);

describe('a default run on the tiny model', () => {
  it('samples until every check is decided, within the default max time, on anytime-valid intervals', async () => {
    const { result, report } = await runAndRead([fixture('tiny-mlp').path, '--runtime', 'node-wasm']);
    const [trial] = report.results;
    expect(trial?.checks.map((check) => check.verdict).filter((verdict) => verdict !== 'pass' && verdict !== 'fail')).toEqual([]);
    expect(result.status).toBe(report.verdict === 'pass' ? 0 : 1);
    // load.p95 has an anytime-valid upper bound at 95 % only from 85 cold loads on, judged at each
    // count from --load-runs (20) on.
    const loads = trial?.load?.samplesMs.length ?? 0;
    expect(loads).toBeGreaterThanOrEqual(85);
    expect(loads).toBeLessThanOrEqual(100);
    expect(trial?.load?.looks).toBe(loads - 19);
    expect(trial?.inference?.stopReason).not.toBe('max-time');
    expect(trial?.inference?.timedPhaseMs).toBeLessThan(60_000);
    expect(trial?.inference?.looks).toBeGreaterThanOrEqual(1);
    expect(report.settings.confidence).toBe(0.95);
    const p95 = trial?.checks.find((check) => check.id === 'load.p95');
    expect(p95?.method).toBe('confidence-sequence');
    expect(p95?.looks).toBe(trial?.load?.looks);
    expect(p95?.interval?.high).not.toBeNull();
    expect(p95?.message).toContain(`95 % anytime-valid interval [`);
    expect(p95?.message).toContain(`] (beta-binomial confidence sequence, ${loads - 19} looks), n=${loads}`);
    // The table prints the interval the verdict used.
    expect(trial?.load?.percentiles.intervalMethod).toBe('confidence-sequence');
    expect(trial?.load?.percentiles.intervals.p95).toEqual({ low: p95?.interval?.low, high: p95?.interval?.high });
    const errorRate = trial?.checks.find((check) => check.id === 'error.rate');
    expect(errorRate?.method).toBe('confidence-sequence');
    expect(errorRate?.looks).toBe(trial?.inference?.looks);
    expect(errorRate?.n).toBeGreaterThanOrEqual(4311);
    expect(result.stdout).toMatch(/PASS error\.rate < 0\.1 %: 0 %, 95 % anytime-valid interval \[0 %, [\d.]+ %\] \(beta-binomial confidence sequence, \d+ looks?\)/);
    expect(trial?.inference?.warmupStoppedBecause).toMatch(/^(stable|cap)$/);
    expect(trial?.inference?.percentiles?.intervals.p99.high).not.toBeNull();
  });

  it('fixed counts (--max-load-runs = --load-runs, --max-time = --min-time) are never judged while sampling and keep fixed-n intervals', async () => {
    const { report, result } = await runAndRead([
      fixture('tiny-mlp').path,
      '--runtime',
      'node-wasm',
      '--load-runs',
      '3',
      '--max-load-runs',
      '3',
      '--warmup',
      '2',
      '--iterations',
      '50',
      '--min-time',
      '0.2s',
      '--max-time',
      '0.2s',
      '--inconclusive',
      'warn',
    ]);
    const [trial] = report.results;
    expect(trial?.load?.looks).toBe(0);
    expect(trial?.inference?.looks).toBe(0);
    expect(trial?.checks.find((check) => check.id === 'load.p95')).toMatchObject({ method: 'order-statistics', looks: null, samplesNeeded: 72 });
    expect(trial?.checks.find((check) => check.id === 'inference.p99')?.method).toBe('order-statistics');
    expect(trial?.checks.find((check) => check.id === 'error.rate')).toMatchObject({ method: 'clopper-pearson', looks: null });
    expect(result.stdout).not.toContain('anytime-valid');
  });
});

describe('inconclusive verdicts', () => {
  const fewLoads = [fixture('tiny-mlp').path, '--runtime', 'node-wasm', '--load-runs', '2', '--max-load-runs', '2', '--warmup', '2', '--min-time', '0s'];

  it('too few cold loads for load.p95 is inconclusive and fails the run by default', async () => {
    const { result, report, junit } = await runAndRead(fewLoads);
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

  it('--inconclusive warn lets it pass (exit 0); the report still says inconclusive', async () => {
    const { result, report, junit } = await runAndRead([...fewLoads, '--inconclusive', 'warn']);
    expect(result.status).toBe(0);
    expect(report.verdict).toBe('inconclusive');
    expect(junit).not.toContain('<failure');
    expect(junit).toContain('INCONCLUSIVE (does not fail the run: --inconclusive warn)');
  });

  it('a lower --confidence needs fewer samples: 90 % bounds P95 from 59 cold loads', async () => {
    const { report } = await runAndRead([
      fixture('tiny-mlp').path,
      '--runtime',
      'node-wasm',
      '--load-runs',
      '2',
      '--max-load-runs',
      '2',
      '--warmup',
      '2',
      '--min-time',
      '0s',
      '--confidence',
      '90%',
      '--inconclusive',
      'pass',
    ]);
    expect(report.results[0]?.checks.find((entry) => entry.id === 'load.p95')?.samplesNeeded).toBe(59);
    expect(report.settings.confidence).toBe(0.9);
  });
});

/** From test/e2e/run-models.test.ts: what a KPI's threshold and level do to the verdict, the exit code and the JUnit report. */
describe('a KPI out of reach, and KPI levels', () => {
  const quick = [fixture('tiny-mlp').path, ...QUICK];

  it('exits 1 with a failing JUnit testcase when a KPI is out of reach', async () => {
    const { result, report, junit } = await runAndRead([...quick, '--kpi', 'inference.p99=1us']);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/FAIL inference\.p99 < 1 µs: .*, 95 % anytime-valid interval \[.*\] \(beta-binomial confidence sequence, \d+ looks?\), n=\d+, wholly at or above 1 µs/);
    expect(report.verdict).toBe('fail');
    expect(junit).toMatch(/<testcase name="inference\.p99 &lt; 1 µs" classname="tiny-mlp\.onnx\/node-wasm">\s*<failure type="kpi\.inference\.p99"/);
    expect(junit).toMatch(/interval: \[.*\] at 95 % \(confidence-sequence, anytime-valid over \d+ looks?\)/);
    expect(junit).toMatch(/<testsuites [^>]*failures="1"/);
  });

  it('a failing warn-level KPI is reported but does not fail the run; level off is skipped', async () => {
    const { result, junit } = await runAndRead([...quick, '--kpi', 'inference.p99=1us', '--kpi-level', 'inference.p99=warn', '--kpi-level', 'memory.peak=off']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('WARN inference.p99 < 1 µs');
    expect(result.stdout).toContain('OFF  memory.peak < 100 MB: skipped');
    expect(junit).toMatch(/<skipped message="level off/);
    expect(junit).not.toContain('<failure');
  });
});

describe('--quiet', () => {
  it('prints nothing, passing or failing, and still writes the reports: the exit code tells the result', async () => {
    const passing = await runSimulatedAndRead([fixture('tiny-mlp').path, ...QUICK, '--quiet']);
    expect(passing.result.status).toBe(0);
    expect(passing.result.stdout).toBe('');
    expect(passing.result.stderr).toBe('');
    expect(passing.report.results[0]?.status).toBe('ok');
    const failing = await runSimulatedAndRead([fixture('tiny-mlp').path, ...QUICK, '--quiet', '--kpi', 'inference.p99=1us']);
    expect(failing.result.status).toBe(1);
    expect(failing.result.stdout).toBe('');
    expect(failing.result.stderr).toBe('');
    expect(failing.report.results[0]?.checks.find((check) => check.id === 'inference.p99')?.verdict).toBe('fail');
  });
});
