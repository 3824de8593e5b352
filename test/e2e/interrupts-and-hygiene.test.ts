/**
 * SIGINT/SIGTERM stop a run and still leave its reports (marked partial); a second SIGINT exits at
 * once. And whatever way a run ends, it leaves no process, listening port, temp folder or temp file
 * behind. Every run here gets its own TMPDIR and a mark in its environment that its workers and the
 * browser inherit, so what it left is found by looking, not by trusting the tool.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/report/schema.js';
import { QUICK_SAMPLES, RELAXED, readJson, startCli, tempDir, type RunningCli } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';
import { MARK_VARIABLE, listeningPortsOf, markedProcesses, markedProcessesAfter, newMark, stillListening } from '../helpers/resources.js';
import { JUNIT_XSD, reportSchemaErrors, xmllint } from '../helpers/validate.js';

/** Time a killed process may take to be reaped: generous, this is no timing assertion. */
const REAP_LIMIT_MS = 15_000;

interface WatchedRun {
  cli: RunningCli;
  mark: string;
  tmp: string;
  out: string;
}

function startWatched(args: readonly string[]): WatchedRun {
  return startWatchedWith(args, {});
}

function startWatchedWith(args: readonly string[], env: NodeJS.ProcessEnv): WatchedRun {
  const mark = newMark();
  const tmp = tempDir('wtb-run-tmp-');
  const out = path.join(tempDir(), 'reports');
  mkdirSync(out);
  const cli = startCli([...args, '--out', out], { env: { ...env, [MARK_VARIABLE]: mark, TMPDIR: tmp } });
  return { cli, mark, tmp, out };
}

/** What the run's processes listen on right now (the bin's page server, the browser's ports). */
function portsInUse(run: WatchedRun): number[] {
  return listeningPortsOf(markedProcesses(run.mark).map((process) => process.pid));
}

/**
 * Waits until chrome-wasm is measuring: the browser is up and the page server listens. Resolves
 * with the ports then in use.
 */
async function chromeMeasuring(run: WatchedRun): Promise<number[]> {
  await run.cli.waitForStderr(/on chrome-wasm\n/);
  for (;;) {
    const browserUp = markedProcesses(run.mark).some((process) => /chrom/.test(process.command));
    const ports = portsInUse(run);
    if (browserUp && ports.length > 0) return ports;
    if (run.cli.child.exitCode !== null) throw new Error(`the run ended before chrome-wasm measured:\n${run.cli.output().stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function expectNothingLeft(run: WatchedRun, ports: readonly number[]): Promise<void> {
  expect(await markedProcessesAfter(run.mark, REAP_LIMIT_MS)).toEqual([]);
  expect(stillListening(ports)).toEqual([]);
  expect(readdirSync(run.tmp)).toEqual([]);
  expect(readdirSync(run.out).filter((name) => name.endsWith('.tmp'))).toEqual([]);
}

function expectValidReports(out: string): RunReport {
  const report = readJson<RunReport>(path.join(out, 'wasm-torch-bench.json'));
  expect(reportSchemaErrors(report)).toEqual([]);
  expect(xmllint(['--schema', JUNIT_XSD, path.join(out, 'wasm-torch-bench.junit.xml')]).status).toBe(0);
  return report;
}

const tiny = () => fixture('tiny-mlp').path;

/** Cold loads are not under test here: one per row gets each run to what it is about sooner. */
const ONE_LOAD = ['--load-runs', '1', '--max-load-runs', '1'];

describe('interrupts', () => {
  it('SIGINT while chrome-wasm measures: 130, partial reports of what was measured, the browser and workers gone', async () => {
    const run = startWatched([tiny(), '--runtime', 'node-wasm,chrome-wasm', ...QUICK_SAMPLES, ...RELAXED]);
    const ports = await chromeMeasuring(run);
    run.cli.child.kill('SIGINT');
    const result = await run.cli.done;

    expect(result.status).toBe(130);
    expect(result.stderr).toMatch(/SIGINT: stopping: closing workers and the browser, then writing the reports/);
    expect(result.stderr).toMatch(/partial report, interrupted: 1 of 2 rows done, the rest not measured \(exit code 130\)/);
    expect(result.stdout).toMatch(/PARTIAL: interrupted: 1 of 2 rows done/);
    const report = expectValidReports(run.out);
    expect(report.partial).toBe(true);
    expect(report.exitCode).toBe(130);
    expect(report.results.map((row) => [row.runtime, row.status])).toEqual([
      ['node-wasm', 'ok'],
      ['chrome-wasm', 'skipped'],
    ]);
    expect(report.results[0]?.inference?.samplesMs.length).toBeGreaterThan(0);
    expect(report.results[1]?.skipReason).toBe('not measured: the run was interrupted (SIGINT)');
    expect(readFileSync(path.join(run.out, 'wasm-torch-bench.junit.xml'), 'utf8')).toContain('not measured: the run was interrupted (SIGINT)');
    await expectNothingLeft(run, ports);
  });

  it('SIGTERM during timed inference: 143, the row cut short listed as not measured', async () => {
    const baselineFile = path.join(tempDir(), 'partial.baseline.json');
    const run = startWatched([
      tiny(),
      '--runtime',
      'node-wasm',
      ...QUICK_SAMPLES,
      '--min-time',
      '60s',
      '--max-time',
      '60s',
      '--reporter',
      'table,json,junit,markdown',
      '--save-baseline',
      baselineFile,
    ]);
    await run.cli.waitForStderr(/tiny-mlp\.onnx on node-wasm: timed inference/);
    run.cli.child.kill('SIGTERM');
    const result = await run.cli.done;

    expect(result.status).toBe(143);
    // An interrupted run must not stand in for a whole one as the next baseline.
    expect(result.stderr).toContain(`; no baseline saved to ${baselineFile}`);
    expect(existsSync(baselineFile)).toBe(false);
    const report = expectValidReports(run.out);
    expect(report).toMatchObject({ partial: true, exitCode: 143 });
    expect(report.results[0]).toMatchObject({ status: 'skipped', skipReason: 'not measured: the run was interrupted (SIGTERM)' });
    expect(readFileSync(path.join(run.out, 'wasm-torch-bench.md'), 'utf8')).toMatch(/\*\*Partial report\*\*: interrupted: 0 of 1 row done/);
    await expectNothingLeft(run, []);
  });

  it('a run killed outright (SIGKILL) keeps the reports written after its last finished row: partial, exit code 3, the rest not measured yet', async () => {
    // The second model's run() never returns, so the run is surely still going when it is killed.
    const hung = fixture('int64-input');
    const run = startWatchedWith([tiny(), hung.path, '--runtime', 'node-wasm', ...QUICK_SAMPLES, ...RELAXED, ...ONE_LOAD], { WTB_TEST_FAULTS: 'hang-run=int64-input' });
    try {
      // The reports of the first row are written before the second row starts.
      await run.cli.waitForStderr(/\[2\/2\] int64-input\.onnx on node-wasm/);
      run.cli.child.kill('SIGKILL');
      await run.cli.done;
      const report = expectValidReports(run.out);
      expect(report.partial).toBe(true);
      expect(report.exitCode).toBe(3);
      const [first, second] = report.results;
      expect(first).toMatchObject({ status: 'ok', model: { name: 'tiny-mlp.onnx' } });
      expect(first?.load?.samplesMs.length).toBeGreaterThan(0);
      expect(second).toMatchObject({ status: 'skipped', model: { name: 'int64-input.onnx' } });
      expect(second?.skipReason).toBe('not measured: the run had not reached this row when this report was written, and never finished');
    } finally {
      // The hung worker outlives its killed parent; end it here (what a kill leaves is not under test).
      for (const { pid } of markedProcesses(run.mark)) process.kill(pid, 'SIGKILL');
    }
  });

  it('a second SIGINT exits at once, still killing the workers and the browser and removing its profile', async () => {
    const run = startWatched([tiny(), '--runtime', 'chrome-wasm', ...QUICK_SAMPLES, ...RELAXED]);
    const ports = await chromeMeasuring(run);
    run.cli.child.kill('SIGINT');
    // Sent back to back, the two may arrive as one; the second must come once the first is handled.
    await run.cli.waitForStderr(/SIGINT: stopping/);
    run.cli.child.kill('SIGINT');
    const result = await run.cli.done;

    expect(result.status).toBe(130);
    expect(result.stderr).not.toContain('partial report');
    await expectNothingLeft(run, ports);
  });
});

describe('resource hygiene', () => {
  it('a run that fails (a KPI, a model the runtime refuses) leaves nothing behind either', async () => {
    const run = startWatched([tiny(), fixture('unsupported-operator').path, '--runtime', 'node-wasm,chrome-wasm', ...QUICK_SAMPLES, ...ONE_LOAD, '--kpi', 'inference.p99=1us']);
    const ports = await chromeMeasuring(run);
    const result = await run.cli.done;

    expect(result.status).toBe(3);
    const report = expectValidReports(run.out);
    expect(report.partial).toBe(false);
    expect(report.results.map((row) => row.verdict)).toEqual(['fail', 'fail', 'error', 'error']);
    await expectNothingLeft(run, ports);
  });
});
