/**
 * `wasm-torch-bench profile`: for each runtime asked for, one profiling job in a fresh worker
 * (or browser context), its onnxruntime trace written as a file DevTools and Perfetto open, and
 * the document that says where the time and memory went. No printing, no process.exit.
 */
import path from 'node:path';
import { RuntimeFailure, WtbError, describeError } from '../errors.js';
import { captureEnvironment, toolVersion } from '../env/fingerprint.js';
import { WARMUP_RUNS } from '../harness/profile-job.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { buildPlan, modelRef } from '../plan/build-plan.js';
import { reportedFeeds } from '../report/build-report.js';
import type { RuntimeFacts, RuntimeLauncher, RuntimeSession } from '../runtimes/measurement.js';
import { RUNTIME_LAUNCHERS } from '../runtimes/registry.js';
import { percentile } from '../stats/percentiles.js';
import { exitCodeForErrorCode, type ErrorCode, type ExitCode } from '../errors.js';
import type { RuntimeName, Trial } from '../types.js';
import type { RunConfig } from '../config/run-config-schema.js';
import { PROFILE_KIND, PROFILE_SCHEMA_VERSION, type ProfileReport, type ProfileRuntimeResult } from './document.js';
import { operatorProfile } from './operator-table.js';

export interface ProfileOptions {
  /** Timed runs per session (with the profiler, and as many without). */
  runs: number;
  outDir: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Launchers that replace the real runtimes' (tests). */
  launchers?: Partial<Record<RuntimeName, RuntimeLauncher>>;
  onRuntime?: (runtime: string, index: number, total: number) => void;
  /** The project folder the onnxruntime packages are resolved from (default: process.cwd()). */
  cwd?: string;
  /** Called once the model and inputs are checked, before any worker starts (the CLI makes --out here). */
  beforeProfiling?: () => Promise<void>;
}

const median = (values: readonly number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );

function failedResult(trial: Trial, error: unknown): ProfileRuntimeResult {
  const { code, message } = error instanceof WtbError ? error : { code: 'INTERNAL', message: describeError(error) };
  return {
    runtime: trial.runtime,
    status: 'error',
    error: { code, message },
    runtimeVersion: null,
    threads: { requested: trial.threads, used: null },
    phases: null,
    memory: [],
    operators: null,
    overhead: null,
    files: [],
  };
}

async function profileOne(session: RuntimeSession, trial: Trial, config: Readonly<RunConfig>, options: ProfileOptions): Promise<ProfileRuntimeResult> {
  const capture = await session.profile({
    trial,
    job: { kind: 'profile', threads: trial.threads, feeds: trial.feeds, seed: config.seed, runs: options.runs, graphOptimization: config.graphOptimization },
    outDir: options.outDir,
    timeoutMs: trial.timeoutMs,
  });
  if (capture.events.length === 0) throw new RuntimeFailure('INTERNAL', `${trial.runtime} produced no profiler events`);
  const ortFile = path.join(options.outDir, `${trial.runtime}.ort-profile.json`);
  // Chrome's JSON Array trace format: DevTools, chrome://tracing and Perfetto open it as it is.
  await writeFileAtomic(ortFile, `[\n${capture.events.map((event) => JSON.stringify(event)).join(',\n')}\n]\n`);
  const { result } = capture;
  const profiled = median(result.profiledRunsMs);
  const plain = median(result.plainRunsMs);
  return {
    runtime: trial.runtime,
    status: 'ok',
    error: null,
    runtimeVersion: result.runtimeVersion,
    threads: { requested: trial.threads, used: result.threadsUsed },
    phases: result.phases,
    memory: result.memory,
    operators: operatorProfile(capture.events, WARMUP_RUNS),
    overhead: { profiledMedianMs: profiled, plainMedianMs: plain, ratio: profiled / plain },
    files: [{ kind: 'ort-profile', path: ortFile }, ...capture.files],
  };
}

export async function runProfile(config: Readonly<RunConfig>, options: ProfileOptions): Promise<ProfileReport> {
  const startedAt = new Date();
  const plan = await buildPlan(config, options.cwd);
  const failed = plan.find((entry) => entry.kind === 'failed');
  if (failed?.kind === 'failed') throw failed.error;
  // One row per runtime, at the first thread setting: a profile is for reading, not for sweeping.
  await options.beforeProfiling?.();
  const trials = plan.flatMap((entry) => (entry.kind === 'trial' && entry.trial.threads === config.threads[0] ? [entry.trial] : []));
  const results: ProfileRuntimeResult[] = [];
  let facts: RuntimeFacts = {};
  for (const [index, trial] of trials.entries()) {
    options.onRuntime?.(trial.runtime, index + 1, trials.length);
    let session: RuntimeSession | null = null;
    try {
      session = await (options.launchers?.[trial.runtime] ?? RUNTIME_LAUNCHERS[trial.runtime]).open(config, { ...options.env });
      results.push(await profileOne(session, trial, config, options));
      facts = { ...facts, ...session.describe() };
    } catch (error) {
      results.push(failedResult(trial, error));
    } finally {
      await session?.close();
    }
  }
  const first = trials[0] as Trial;
  const exitCode = results.reduce<ExitCode>((worst, result) => (result.error ? (Math.max(worst, exitCodeForErrorCode(result.error.code as ErrorCode)) as ExitCode) : worst), 0);
  return {
    kind: PROFILE_KIND,
    schemaVersion: PROFILE_SCHEMA_VERSION,
    tool: { name: 'wasm-torch-bench', version: toolVersion() },
    startedAt: startedAt.toISOString(),
    environment: { ...captureEnvironment(config.threads.slice(0, 1), options.env), ...facts },
    model: modelRef(first.model),
    feeds: reportedFeeds(first.feeds),
    warmupRuns: WARMUP_RUNS,
    runs: options.runs,
    graphOptimization: config.graphOptimization,
    results,
    exitCode,
  };
}
