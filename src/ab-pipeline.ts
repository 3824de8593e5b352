/**
 * `ab`: two sides of one model measured as pairs on each runtime, judged B against A. The
 * library-level pipeline: no printing, no exit; the CLI (cli/ab-command.ts) prints and exits.
 */
import { InputError, RuntimeFailure, UsageError, WtbError, describeError } from './errors.js';
import { captureEnvironment, toolVersion } from './env/fingerprint.js';
import { sideWithSettings } from './config/ab-side-settings.js';
import type { RunConfig } from './config/run-config-schema.js';
import { LOAD_METRICS, pairedJudge } from './gate/ab-judge.js';
import { requireFeedsFitSideB, requireSameInputs, type AbSide } from './plan/ab-sides.js';
import { buildPlan, type PlanEntry } from './plan/build-plan.js';
import { loadModelInfo } from './plan/model-info.js';
import { checkDimNamesKnown, dimsDeclaredBy } from './plan/named-dims.js';
import type { AbReport } from './report/ab-schema.js';
import { AB_REPORT_SCHEMA_VERSION } from './report/ab-schema.js';
import { buildAbReport, type AbRowOutcome } from './report/build-ab-report.js';
import { dimSizes } from './report/build-report.js';
import { CHUNK_MS } from './runtimes/measure-paired.js';
import type { PairedEvent, RuntimeLauncher } from './runtimes/measurement.js';
import { RuntimeSessions } from './runtimes/runtime-sessions.js';
import type { ModelInfo, RuntimeName, RuntimePackageName, Trial } from './types.js';

export interface AbOptions {
  env: NodeJS.ProcessEnv;
  /** In place of the real runtimes (tests: the simulated runtime). */
  launchers?: Partial<Record<RuntimeName, RuntimeLauncher>>;
  /** Aborting closes the runtimes; the rows not finished become errors. */
  signal?: AbortSignal;
  onEvent?: (runtime: RuntimeName, threads: number, event: PairedEvent | { kind: 'start' }) => void;
  /** Called once both sides and the plan are checked, before anything is measured (the CLI proves --out writable here). */
  beforeMeasuring?: () => Promise<void>;
  /** The project folder each side's onnxruntime packages are resolved from (default: process.cwd()). */
  cwd?: string;
}

type Side = 'A' | 'B';

/** A side to measure: the model, the settings it runs with (the run's, or its own --a / --b), and those as typed. */
export interface AbRunSide {
  side: AbSide;
  config: Readonly<RunConfig>;
  overrides: readonly string[];
}

/** The plan's trials for one side: one per runtime and thread count; a planning failure is an input error here. */
async function sideTrials(config: RunConfig, side: AbSide, info: ModelInfo, cwd: string | undefined): Promise<Trial[]> {
  // A dim only the other side names (its own is fixed there) is not this side's typo.
  const dims = dimsDeclaredBy(info, config.dims);
  const entries = await buildPlan({ ...config, dims, models: config.models.map((spec) => ({ ...spec, path: side.path })) }, cwd);
  return entries.map((entry: PlanEntry) => {
    if (entry.kind === 'failed') {
      const { error } = entry;
      throw error instanceof WtbError ? new RuntimeFailure(error.code, `side ${side.label} (${side.spec}): ${error.message}`) : error;
    }
    return { ...entry.trial, model: { ...entry.trial.model, name: side.spec } };
  });
}

/** A side's trials; a usage error in its settings (an --ort-web version not installed) names the side and how it was set. */
async function sideTrialsNamed(run: AbRunSide, info: ModelInfo, cwd: string | undefined): Promise<Trial[]> {
  try {
    return await sideTrials(run.config, run.side, info, cwd);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    throw new UsageError(`${sideWithSettings(run.side.label, run.overrides)}: ${error.message}`);
  }
}

/** The side's model header; a missing or broken file is an input error naming the side. */
async function sideInfo(side: AbSide) {
  try {
    return await loadModelInfo(side.path);
  } catch (error) {
    if (error instanceof InputError) throw new InputError(error.code, `side ${side.label}: ${error.message}`);
    throw error;
  }
}

function failedRow(trials: Record<Side, Trial>, error: unknown): AbRowOutcome {
  const failure = error instanceof WtbError ? { code: error.code, message: error.message } : { code: 'INTERNAL', message: describeError(error) };
  return { runtime: trials.A.runtime, threads: trials.A.threads, sideThreads: { A: trials.A.threads, B: trials.B.threads }, kind: 'failed', ...failure };
}

/** The onnxruntime package a side's trials import, as the reports name it. */
function packageOf(trials: readonly Trial[], name: RuntimePackageName) {
  const found = trials.find((trial) => trial.runtimePackage?.name === name)?.runtimePackage;
  return found ? { version: found.version, source: found.source, path: found.dir } : null;
}

/** What a side runs with, for the report. */
function runtimeSettingsOf(run: AbRunSide, trials: readonly Trial[]) {
  return {
    threads: [...run.config.threads],
    runtimeAdapter: run.config.runtimeAdapter,
    graphOptimization: run.config.graphOptimization,
    onnxruntimeWeb: packageOf(trials, 'onnxruntime-web'),
    onnxruntimeNode: packageOf(trials, 'onnxruntime-node'),
    given: [...run.overrides],
  };
}

export async function runAb(runSides: Record<Side, AbRunSide>, config: RunConfig, options: AbOptions): Promise<AbReport> {
  const startedAt = new Date();
  const startMs = performance.now();
  const sides = { A: runSides.A.side, B: runSides.B.side };
  const [infoA, infoB] = await Promise.all([sideInfo(sides.A), sideInfo(sides.B)]);
  requireSameInputs(infoA, infoB);
  checkDimNamesKnown(config.dims, [
    { ...infoA, name: `side A (${sides.A.spec})` },
    { ...infoB, name: `side B (${sides.B.spec})` },
  ]);
  const [trialsA, trialsB] = await Promise.all([sideTrialsNamed(runSides.A, infoA, options.cwd), sideTrialsNamed(runSides.B, infoB, options.cwd)]);
  for (const trial of trialsA) requireFeedsFitSideB(trial.feeds, infoA, infoB);
  await options.beforeMeasuring?.();
  const environment = captureEnvironment(config.threads, options.env);
  const sessions = new RuntimeSessions(config, options.env, options.launchers ?? {});
  const onAbort = () => void sessions.closeAll();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const outcomes: AbRowOutcome[] = [];
  const skipped: { runtime: string; reason: string }[] = [];
  const judge = pairedJudge({ confidence: config.confidence, regressions: config.regressions });
  const measureLoads = config.regressions.some((spec) => LOAD_METRICS.includes(spec.id) && spec.level !== 'off');
  try {
    for (const [index, trialA] of trialsA.entries()) {
      // Both sides get A's feeds (the inputs were checked to match).
      const trials = { A: trialA, B: { ...(trialsB[index] as Trial), feeds: trialA.feeds } };
      options.onEvent?.(trialA.runtime, trialA.threads, { kind: 'start' });
      try {
        const session = await sessions.get(trialA.runtime);
        const settings = { ...config, timeoutMs: trialA.timeoutMs, pairedJudge: judge, measureLoads };
        const measured = await session.measurePaired(trials, settings, (event) => options.onEvent?.(trialA.runtime, trialA.threads, event));
        outcomes.push({ runtime: trialA.runtime, threads: trialA.threads, sideThreads: { A: trialA.threads, B: trials.B.threads }, kind: 'measured', measured });
      } catch (error) {
        if (error instanceof RuntimeFailure && error.code === 'RUNTIME_UNAVAILABLE' && config.skipUnavailableRuntimes) {
          skipped.push({ runtime: trialA.runtime, reason: error.message });
          continue;
        }
        outcomes.push(failedRow(trials, options.signal?.aborted ? new RuntimeFailure('INTERNAL', `interrupted (${String(options.signal.reason)}) before this runtime finished`) : error));
      }
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await sessions.closeAll();
  }
  const modelOf = (side: Side, info: typeof infoA) => ({ path: sides[side].path, name: sides[side].spec, bytes: info.bytes, sha256: info.sha256 });
  return buildAbReport(
    outcomes,
    {
      schemaVersion: AB_REPORT_SCHEMA_VERSION,
      kind: 'ab',
      tool: { name: 'wasm-torch-bench', version: toolVersion() },
      startedAt: startedAt.toISOString(),
      durationMs: performance.now() - startMs,
      environment: { ...environment, ...(await sessions.descriptions()) },
      sides: {
        A: { spec: sides.A.spec, source: sides.A.source, model: modelOf('A', infoA), runtimeSettings: runtimeSettingsOf(runSides.A, trialsA) },
        B: { spec: sides.B.spec, source: sides.B.source, model: modelOf('B', infoB), runtimeSettings: runtimeSettingsOf(runSides.B, trialsB) },
      },
      skippedRuntimes: skipped,
      settings: {
        confidence: config.confidence,
        maxTimeMs: config.maxTimeMs,
        chunkMs: CHUNK_MS,
        seed: config.seed,
        inconclusive: config.inconclusive,
        regressions: config.regressions,
        parityLevel: config.parityLevel,
        atol: config.atol,
        rtol: config.rtol,
        dims: dimSizes(config.dims),
      },
    },
    config.inconclusive,
  );
}
