import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { REPO_ROOT } from './fixtures.js';

export const BIN = path.join(REPO_ROOT, 'bin/wasm-torch-bench.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The environment a spawned bin inherits: the test runner's own GitHub Actions hooks left out. */
function inheritedEnv(): NodeJS.ProcessEnv {
  const { GITHUB_ACTIONS: _actions, GITHUB_STEP_SUMMARY: _summary, ...rest } = process.env;
  return rest;
}

/** Spawns the built bin as a user would, without colour and outside CI detection quirks. */
export function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...inheritedEnv(), NO_COLOR: '1', ...options.env },
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A bin started in the background: its output so far, a wait for a line, and its end. */
export interface RunningCli {
  child: ChildProcess;
  output(): { stdout: string; stderr: string };
  /** Resolves once stderr matches (progress goes there); rejects if the bin ends first. */
  waitForStderr(pattern: RegExp): Promise<void>;
  done: Promise<CliResult>;
}

export function startCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? REPO_ROOT, env: { ...inheritedEnv(), NO_COLOR: '1', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const watchers = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    for (const watcher of watchers) watcher();
  });
  const done = new Promise<CliResult>((resolve) => child.once('close', (status, signal) => resolve({ status: status ?? (signal ? -1 : null), stdout, stderr })));
  return {
    child,
    output: () => ({ stdout, stderr }),
    waitForStderr: (pattern) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!pattern.test(stderr)) return;
          watchers.delete(check);
          resolve();
        };
        watchers.add(check);
        check();
        void done.then(() => {
          if (watchers.delete(check)) reject(new Error(`the bin ended before its stderr matched ${pattern}:\n${stderr}`));
        });
      }),
    done,
  };
}

/** runCli without blocking the test's event loop, for tests that serve the bin (a receiver in this process). */
export function runCliAsync(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return startCli(args, options).done;
}

/** A fresh folder inside the test run's own temp folder (removed when the run ends). */
export function tempDir(prefix = 'wtb-test-'): string {
  return mkdtempSync(path.join(inject('testTempRoot'), prefix));
}

/**
 * Flags that keep an e2e run short; the numbers are still real measurements. So few samples leave
 * some checks inconclusive, which these runs accept (--inconclusive warn): the verdict logic has
 * tests of its own.
 */
export const QUICK_SAMPLES = ['--load-runs', '2', '--max-load-runs', '2', '--warmup', '2', '--iterations', '20', '--min-time', '0s', '--max-time', '10s', '--inconclusive', 'warn'];

export const BRIEF_TIMED_RUNS = 5;

/**
 * For tests of structure on slow models (hundreds of ms per run): 5 timed runs, and the timed phase
 * stops after 3 s instead of going on while a check is undecided (QUICK_SAMPLES' full 10 s).
 */
export const BRIEF_TIMED_PHASE = ['--iterations', String(BRIEF_TIMED_RUNS), '--max-time', '3s'];

/** The machine's speed is not under test: timing KPIs this loose leave verdicts to reflect structure. */
export const RELAXED = ['--kpi', 'load.p95=10m', '--kpi', 'inference.p99=10m'];

/**
 * RELAXED, with inference.p99 and error.rate at warn level. Sampling waits only for error-level
 * checks, and a P99 or an error rate of 0.1 % needs hundreds to thousands of runs to decide, so under
 * RELAXED a slow model or a browser row spends all of --max-time on checks no test asserts. With
 * these, a row stops after --iterations: for tests of structure (rows, reports, parity, errors).
 */
export const STRUCTURE_ONLY = [...RELAXED, '--kpi-level', 'inference.p99=warn', '--kpi-level', 'error.rate=warn'];

/** QUICK_SAMPLES on node-wasm alone; a later --runtime on the command line overrides it. */
export const QUICK = [...QUICK_SAMPLES, '--runtime', 'node-wasm'];

export function readJson<T = unknown>(filePath: string): T {
  return JSON.parse(readFileSync(filePath, 'utf8')) as T;
}
