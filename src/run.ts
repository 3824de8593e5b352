/**
 * The whole pipeline without a terminal: plan → measure each trial in isolation → report.
 * No printing and no process.exit; progress goes to an optional callback.
 */
import { readBaseline } from './baseline/read-baseline.js';
import { baselineMismatches, refuseMismatchedBaseline } from './baseline/strict-check.js';
import { RuntimeFailure, WtbError, describeError } from './errors.js';
import { captureEnvironment, toolVersion } from './env/fingerprint.js';
import { buildPlan, modelRef, type PlanEntry } from './plan/build-plan.js';
import { selectShard } from './plan/shard.js';
import { runtimePackageFacts } from './plan/runtime-packages.js';
import type { Environment } from './report/schema.js';
import { NOT_MEASURED_REASON, NOT_MEASURED_YET_REASON } from './report/not-measured.js';
import { buildReport, type ReportContext, type TrialIdentity, type TrialOutcome } from './report/build-report.js';
import type { RunReport } from './report/schema.js';
import { samplingJudge } from './gate/sampling-judge.js';
import type { RuntimeFacts, RuntimeLauncher } from './runtimes/measurement.js';
import { RuntimeSessions } from './runtimes/runtime-sessions.js';
import { REFERENCE_RUNTIME, type ProgressEvent, type RuntimeName, type Trial } from './types.js';
import type { RunConfig } from './config/run-config-schema.js';

export interface RunHooks {
  onProgress?: (event: ProgressEvent) => void;
  /** What the runtimes and the machine's fingerprint read (default: process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Launchers that replace the real runtimes' (the tests' simulated runtime). */
  launchers?: Partial<Record<RuntimeName, RuntimeLauncher>>;
  /**
   * Aborting closes every runtime (workers, browser) at once; the run then resolves with a partial
   * report: what was measured, the rest listed as not measured. A string reason (the signal's name)
   * is reported.
   */
  signal?: AbortSignal;
  /**
   * Called once the plan is checked, before anything is measured (the CLI proves --out writable
   * here): a config or input mistake then leaves nothing behind, and a long run no lost report.
   */
  beforeMeasuring?: () => Promise<void>;
  /** What --shard keys model paths against (default: process.cwd()). */
  cwd?: string;
  /**
   * Called after each row but the last with the report so far (the rows ahead listed as not
   * measured yet, `partial: true`), so that a run that crashes or is killed keeps what it measured.
   */
  afterRow?: (report: RunReport) => Promise<void>;
}

function failureOf(error: unknown): { code: WtbError['code']; message: string } {
  return error instanceof WtbError ? { code: error.code, message: error.message } : { code: 'INTERNAL', message: describeError(error) };
}

function planningFailure(entry: Extract<PlanEntry, { kind: 'failed' }>): TrialOutcome {
  const { model, variant, runtime, threads, kpis, tags } = entry;
  return { kind: 'failed', model, variant, runtime, threads, feeds: [], dims: {}, kpis, tags, error: failureOf(entry.error) };
}

async function measureEntry(
  entry: PlanEntry,
  index: number,
  total: number,
  sessions: RuntimeSessions,
  config: Readonly<RunConfig>,
  onProgress: (event: ProgressEvent) => void,
  signal: AbortSignal | undefined,
): Promise<TrialOutcome> {
  if (entry.kind === 'failed') return planningFailure(entry);
  const { trial } = entry;
  const identity = trialIdentity(trial);
  onProgress({ kind: 'trial-start', trial, index, total });
  try {
    const session = await sessions.get(trial.runtime);
    const settings = { ...config, kpis: trial.kpis, timeoutMs: trial.timeoutMs };
    const measurement = await session.measure(trial, { ...settings, judge: samplingJudge(settings) }, onProgress);
    onProgress({ kind: 'trial-end', trial, status: 'ok' });
    return { kind: 'measured', ...identity, measurement };
  } catch (error) {
    // A runtime the user did not ask for by name (a default) that cannot start here is skipped, so a
    // machine without a browser still gets a verdict on the runtimes it has.
    if (error instanceof RuntimeFailure && error.code === 'RUNTIME_UNAVAILABLE' && config.skipUnavailableRuntimes) {
      onProgress({ kind: 'trial-end', trial, status: 'skipped' });
      return { kind: 'skipped', ...identity, reason: error.message };
    }
    onProgress({ kind: 'trial-end', trial, status: signal?.aborted ? 'skipped' : 'error' });
    return { kind: 'failed', ...identity, error: failureOf(error) };
  }
}

export async function runBenchmark(config: Readonly<RunConfig>, hooks: RunHooks = {}): Promise<RunReport> {
  const onProgress = hooks.onProgress ?? (() => {});
  const env: NodeJS.ProcessEnv = { ...(hooks.env ?? process.env) };
  const startedAt = new Date();
  const startMs = performance.now();
  const baseline = config.baselineFile ? { file: config.baselineFile, document: await readBaseline(config.baselineFile) } : null;
  const wholePlan = await buildPlan(config, hooks.cwd ?? process.cwd());
  // The machine's fingerprint, taken once: the strict baseline check and every report share it.
  const environment = { ...captureEnvironment(config.threads, env), ...runtimePackageFacts(wholePlan.map(packageOf)) };
  if (baseline && config.strictBaseline) {
    const rows = wholePlan.flatMap((entry) =>
      entry.kind === 'trial'
        ? [
            {
              ...entry.trial,
              runtimeVersion: entry.trial.adapter
                ? entry.trial.adapter.version
                : (entry.trial.runtimePackage?.version ?? (entry.trial.runtime === REFERENCE_RUNTIME ? environment.onnxruntimeNodeVersion : environment.onnxruntimeWebVersion)),
            },
          ]
        : [],
    );
    refuseMismatchedBaseline(baseline.file, baselineMismatches(baseline.document, environment, rows));
  }
  const shard = config.shard ? selectShard(wholePlan, config.shard, { cwd: hooks.cwd ?? process.cwd(), config, baseline: baseline?.document ?? null }) : null;
  const plan = shard ? shard.entries : wholePlan;
  await hooks.beforeMeasuring?.();
  const sessions = new RuntimeSessions(config, env, hooks.launchers ?? {});
  const outcomes: TrialOutcome[] = [];
  const closeOnAbort = () => void sessions.closeAll();
  hooks.signal?.addEventListener('abort', closeOnAbort, { once: true });
  let runtimeFacts: RuntimeFacts;
  const reportOf = (rows: readonly TrialOutcome[], facts: RuntimeFacts, ending: Pick<ReportContext, 'interruptedBy' | 'unfinished'>) =>
    buildReport(rows, {
      toolVersion: toolVersion(),
      startedAt,
      durationMs: performance.now() - startMs,
      environment: { ...environment, ...facts, adapter: adapterOf(plan) },
      config,
      baseline,
      shard: shard?.record ?? null,
      ...ending,
    });
  try {
    for (const [i, entry] of plan.entries()) {
      if (hooks.signal?.aborted) break;
      const outcome = await measureEntry(entry, i + 1, plan.length, sessions, config, onProgress, hooks.signal);
      // A trial cut short by the interrupt failed because its workers were closed, not on its own.
      outcomes.push(hooks.signal?.aborted && outcome.kind === 'failed' && entry.kind === 'trial' ? notMeasured(entry, interruptedBy(hooks.signal)) : outcome);
      const ahead = plan.slice(outcomes.length);
      if (hooks.afterRow && ahead.length > 0 && !hooks.signal?.aborted) {
        const rows = [...outcomes, ...ahead.map((next) => (next.kind === 'trial' ? notMeasured(next, null) : planningFailure(next)))];
        await hooks.afterRow(reportOf(rows, await sessions.descriptions(), { unfinished: true }));
      }
    }
    for (const entry of plan.slice(outcomes.length)) {
      outcomes.push(entry.kind === 'trial' ? notMeasured(entry, interruptedBy(hooks.signal)) : planningFailure(entry));
    }
    runtimeFacts = await sessions.descriptions();
  } finally {
    hooks.signal?.removeEventListener('abort', closeOnAbort);
    await sessions.closeAll();
  }
  return reportOf(outcomes, runtimeFacts, { interruptedBy: hooks.signal?.aborted ? interruptedBy(hooks.signal) : null });
}

/** The signal's name when the CLI aborted on one; "abort" for an AbortController without a reason. */
function interruptedBy(signal: AbortSignal | undefined): string {
  return typeof signal?.reason === 'string' ? signal.reason : 'abort';
}

function trialIdentity(trial: Trial): TrialIdentity {
  return { model: modelRef(trial.model), variant: trial.variant, runtime: trial.runtime, threads: trial.threads, feeds: trial.feeds, dims: trial.dims, kpis: trial.kpis, tags: trial.tags };
}

/**
 * A trial the interrupt kept from being measured (or from finishing), or one still ahead (signal
 * null): listed, so a partial report says what is missing.
 */
function notMeasured(entry: Extract<PlanEntry, { kind: 'trial' }>, signal: string | null): TrialOutcome {
  return { kind: 'skipped', ...trialIdentity(entry.trial), reason: signal === null ? NOT_MEASURED_YET_REASON : `${NOT_MEASURED_REASON} (${signal})` };
}

/** The adapter the plan's trials run on (one per run), for the environment fingerprint. */
const packageOf = (entry: PlanEntry) => (entry.kind === 'trial' ? entry.trial.runtimePackage : entry.runtimePackage);

function adapterOf(plan: readonly PlanEntry[]): Environment['adapter'] {
  for (const entry of plan) {
    if (entry.kind === 'trial' && entry.trial.adapter) return { ...entry.trial.adapter };
  }
  return null;
}
