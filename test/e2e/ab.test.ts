/**
 * `wasm-torch-bench ab` on the real runtimes, through the built bin: two real model files on
 * node-wasm with a planted slowdown on B that must be caught, a git side against a side run with
 * its own settings (--b), and chrome-wasm's shared page. The verdicts' statistics have their
 * property test; this proves the runtimes' part.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AbReport } from '../../src/report/ab-schema.js';
import { readJson, runCli, tempDir } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';
import { abReportSchemaErrors } from '../helpers/validate.js';

const LOADS_OFF = ['--regression-level', 'load.p50=off', '--regression-level', 'load.p95=off', '--regression-level', 'memory.peak=off'];

function copies(id: string): { a: string; b: string } {
  const dir = tempDir('wtb-ab-e2e-');
  const a = path.join(dir, 'side-a.onnx');
  const b = path.join(dir, 'side-b.onnx');
  copyFileSync(fixture(id).path, a);
  copyFileSync(fixture(id).path, b);
  return { a, b };
}

describe('ab on node-wasm', () => {
  it('Silero VAD with every run of B 30 % longer: slower at inference P50, cold loads paired too, exit 1', () => {
    const { a, b } = copies('silero-vad-v5');
    const out = tempDir('wtb-ab-out-');
    // Cold loads get half of --max-time, and under another file's load a block of four fresh workers
    // can overrun it; 40 s leaves the inference blocks room to decide (they stop once they do).
    const result = runCli(['ab', a, b, ...fixture('silero-vad-v5').args, '--runtime', 'node-wasm', '--max-time', '40s', '--inconclusive', 'warn', '--reporter', 'table,json', '--out', out], {
      env: { WTB_TEST_FAULTS: 'stretch-run=0.3:side-b' },
    });
    expect(result.stderr).not.toContain('internal error');
    const report = readJson<AbReport>(path.join(out, 'wasm-torch-bench-ab.json'));
    const seen = report.rows.map((entry) => ({
      stopReason: entry.stopReason,
      loadBlocks: entry.loadBlocks.length,
      inferenceBlocks: entry.inferenceBlocks.length,
      checks: entry.checks.map((check) => check.message),
    }));
    expect(result.status, JSON.stringify(seen, null, 1)).toBe(1);
    expect(abReportSchemaErrors(report)).toEqual([]);
    const row = report.rows[0];
    expect(row).toMatchObject({ runtime: 'node-wasm', status: 'ok' });
    const p50 = row?.checks.find((check) => check.id === 'ab.inference.p50');
    expect(p50?.outcome).toBe('slower');
    // Sampling stops at the first look whose interval clears 1, so its low end is only known to be
    // above 1, not near the planted 1.3.
    expect(p50?.interval?.low).toBeGreaterThan(1);
    expect(p50?.interval?.high).toBeGreaterThan(1.1);
    expect(row?.loadBlocks.length).toBeGreaterThan(0);
    expect(row?.loadBlocks[0]?.aLoadMs[0]).toBeGreaterThan(0);
    expect(row?.sides?.A.runtimeVersion).toMatch(/^\d+\.\d+\.\d+/);
    // One worker holds both sessions: the side opened second has its first inference after the other's.
    const after = [row?.sides?.A.firstInferenceAfter, row?.sides?.B.firstInferenceAfter];
    expect([
      ['B', null],
      [null, 'A'],
    ]).toContainEqual(after);
    expect(result.stdout).toMatch(/first inference [\d.]+ [µm]?s \(after [AB]'s in the same worker\)/);
    expect(row?.parityCheck?.verdict).toBe('pass');
    expect(result.stdout).toMatch(/FAIL: B is slower than A on node-wasm ×1 at inference P50/);
  }, 120_000);

  it('side A from a git commit against the working copy, B on two threads without graph optimisation: a warm worker per side, each with its own settings', () => {
    const repo = tempDir('wtb-ab-repo-');
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: repo, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
    git('init', '-q', '-b', 'main');
    mkdirSync(path.join(repo, 'models'));
    copyFileSync(fixture('tiny-mlp').path, path.join(repo, 'models/model.onnx'));
    git('add', '.');
    git('commit', '-q', '-m', 'model');
    const out = tempDir('wtb-ab-out-');
    const args = ['ab', 'git:main:models/model.onnx', 'models/model.onnx', '--b', 'threads=2', '--b', 'graph-optimization=disabled'];
    const result = runCli([...args, '--runtime', 'node-wasm', '--max-time', '10s', ...LOADS_OFF, '--inconclusive', 'warn', '--reporter', 'table,json', '--out', out], { cwd: repo });
    expect(result.stderr).not.toContain('internal error');
    const report = readJson<AbReport>(path.join(out, 'wasm-torch-bench-ab.json'));
    expect(abReportSchemaErrors(report)).toEqual([]);
    expect(report.sides.A.source).toMatchObject({ kind: 'git', ref: 'main', pathInRepo: 'models/model.onnx' });
    expect(report.sides.A.model.sha256).toBe(report.sides.B.model.sha256);
    expect(report.sides.B.runtimeSettings).toMatchObject({ threads: [2], graphOptimization: 'disabled', given: ['threads=2', 'graph-optimization=disabled'] });
    const row = report.rows[0];
    expect(row).toMatchObject({ runtime: 'node-wasm', status: 'ok', sideThreads: { A: 1, B: 2 } });
    // The runtime reports the threads each side's session really used.
    expect(row?.sides?.A.threadsUsed).toBe(1);
    expect(row?.sides?.B.threadsUsed).toBe(2);
    // A worker each: both first inferences ran first in their process.
    expect([row?.sides?.A.firstInferenceAfter, row?.sides?.B.firstInferenceAfter]).toEqual([null, null]);
    expect(row?.inferenceBlocks.every((block) => block.a.runs > 0 && block.b.runs > 0)).toBe(true);
    expect(row?.parityCheck?.verdict).toBe('pass');
    expect(result.stdout).toMatch(/^node-wasm ×1 vs ×2 /m);
    expect(result.status).toBe(report.exitCode);
  }, 60_000);
});

describe('ab on chrome-wasm', () => {
  it('both sides in one page: paired inference blocks, parity, the browser in the fingerprint, an exit code from the verdict', () => {
    const { a, b } = copies('tiny-mlp');
    const out = tempDir('wtb-ab-out-');
    const result = runCli(['ab', a, b, '--runtime', 'chrome-wasm', '--max-time', '12s', ...LOADS_OFF, '--inconclusive', 'warn', '--reporter', 'json', '--out', out]);
    expect(result.stderr).not.toContain('internal error');
    const report = readJson<AbReport>(path.join(out, 'wasm-torch-bench-ab.json'));
    expect(abReportSchemaErrors(report)).toEqual([]);
    const row = report.rows[0];
    expect(row).toMatchObject({ runtime: 'chrome-wasm', status: 'ok', loadBlocks: [] });
    expect(row?.inferenceBlocks.length).toBeGreaterThanOrEqual(7);
    expect(row?.inferenceBlocks.every((block) => block.a.runs > 0 && block.b.runs > 0)).toBe(true);
    expect([
      ['B', null],
      [null, 'A'],
    ]).toContainEqual([row?.sides?.A.firstInferenceAfter, row?.sides?.B.firstInferenceAfter]);
    expect(row?.parityCheck?.verdict).toBe('pass');
    expect(report.environment.browser?.name).toMatch(/Chrom/);
    expect(result.status).toBe(report.exitCode);
  }, 90_000);
});
