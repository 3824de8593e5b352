/**
 * The whole pipeline without a terminal: plan → measure each trial in isolation → report.
 * No printing and no process.exit; progress goes to an optional callback.
 */
import { WtbError, describeError } from './errors.js';
import { captureEnvironment, toolVersion } from './env/fingerprint.js';
import { buildPlan, modelRef } from './plan/build-plan.js';
import { buildReport, type TrialOutcome } from './report/build-report.js';
import type { RunReport } from './report/schema.js';
import { RUNTIME_LAUNCHERS } from './runtimes/registry.js';
import type { ProgressEvent, RunConfig } from './types.js';

export interface RunHooks {
  onProgress?: (event: ProgressEvent) => void;
  env?: NodeJS.ProcessEnv;
}

export async function runBenchmark(config: Readonly<RunConfig>, hooks: RunHooks = {}): Promise<RunReport> {
  const onProgress = hooks.onProgress ?? (() => {});
  const startedAt = new Date();
  const startMs = performance.now();
  const plan = await buildPlan(config);
  const outcomes: TrialOutcome[] = [];
  let index = 0;
  for (const entry of plan) {
    index++;
    if (entry.kind === 'failed') {
      outcomes.push({ kind: 'failed', model: entry.model, runtime: entry.runtime, threads: entry.threads, feeds: [], error: { code: entry.error.code, message: entry.error.message } });
      continue;
    }
    const { trial } = entry;
    const identity = { model: modelRef(trial.model), runtime: trial.runtime, threads: trial.threads, feeds: trial.feeds };
    onProgress({ kind: 'trial-start', trial, index, total: plan.length });
    try {
      const measurement = await RUNTIME_LAUNCHERS[trial.runtime].measure(trial, config, onProgress);
      outcomes.push({ kind: 'measured', ...identity, measurement });
      onProgress({ kind: 'trial-end', trial, status: 'ok' });
    } catch (error) {
      const failure = error instanceof WtbError ? { code: error.code, message: error.message } : { code: 'INTERNAL' as const, message: describeError(error) };
      outcomes.push({ kind: 'failed', ...identity, error: failure });
      onProgress({ kind: 'trial-end', trial, status: 'error' });
    }
  }
  return buildReport(outcomes, {
    toolVersion: toolVersion(),
    startedAt,
    durationMs: performance.now() - startMs,
    environment: captureEnvironment(config.threads, hooks.env ?? process.env),
    config,
  });
}
