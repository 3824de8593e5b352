/**
 * Trial outcomes → the versioned RunReport. Pure: the clock, environment and tool version come in
 * as arguments.
 */
import { EXIT_RUNTIME, exitCodeForSignal, type ErrorCode } from '../errors.js';
import { judgeFailedTrial, judgeSkippedTrial, judgeTrial, type TrialJudgement, type TrialMeasurements } from '../gate/judge-trial.js';
import { kpisForTemperature } from '../gate/load-temperature-kpis.js';
import type { LoadPhasesMs } from '../harness/measure-load.js';
import { PERCENTILE_METHOD } from '../gate/percentile-summary.js';
import { exitCodeFor, runVerdict } from '../gate/run-verdict.js';
import type { ModelRef } from '../plan/build-plan.js';
import type { TrialMeasurement } from '../runtimes/measurement.js';
import { measuresWarm, type DimSize, type FeedSpec, type KpiSpec, type RuntimeName } from '../types.js';
import type { RunConfig } from '../config/run-config-schema.js';
import { applyBaseline, type BaselineRef } from './attach-baseline.js';
import { attachCrossRuntime } from './attach-cross-runtime.js';
import { REPORT_SCHEMA_VERSION, type Environment, type RunReport, type ShardRecord, type TrialResult } from './schema.js';

export type { BaselineRef };

export interface TrialIdentity {
  model: ModelRef;
  variant: string | null;
  runtime: RuntimeName;
  threads: number;
  feeds: FeedSpec[];
  /** The named dims (--dim) the model declares and their sizes. */
  dims: Record<string, number>;
  /** The KPIs this row is judged by (the model's own, else the run's). */
  kpis: KpiSpec[];
  tags: string[];
}

/** Feeds as the report states them: a file's path and sha256, not its bytes. */
export function reportedFeeds(feeds: readonly FeedSpec[]): TrialResult['feeds'] {
  return feeds.map((feed) => ({
    name: feed.name,
    dtype: feed.dtype,
    shape: feed.shape,
    values: feed.values?.kind === 'file' ? { kind: 'file' as const, path: feed.values.path, sha256: feed.values.sha256 } : feed.values,
  }));
}

export type TrialOutcome =
  | ({ kind: 'measured'; measurement: TrialMeasurement } & TrialIdentity)
  | ({ kind: 'failed'; error: { code: ErrorCode; message: string } } & TrialIdentity)
  | ({ kind: 'skipped'; reason: string } & TrialIdentity);

export interface ReportContext {
  toolVersion: string;
  startedAt: Date;
  durationMs: number;
  environment: Environment;
  config: Readonly<RunConfig>;
  /** What the regression checks compare with, when --baseline was given. */
  baseline?: BaselineRef | null;
  /** The signal that stopped the run early: the report is then partial and exits 128 + its number. */
  interruptedBy?: string | null;
  /**
   * A report written while the run goes on, after a row: partial, exit code 3. It stays on disk
   * only when the run never finishes (a crash, a kill), and then says what was measured.
   */
  unfinished?: boolean;
  /** Which part of the plan the run measured (--shard); absent for the whole plan. */
  shard?: ShardRecord | null;
}

/** Samples are kept to the nanosecond: the clock resolves no finer, and it halves the report size. */
function roundMs(samples: readonly number[]): number[] {
  return samples.map((sample) => Math.round(sample * 1e6) / 1e6);
}

/** The trial's measurements as the report keeps them (rounded samples), which is what the gate judges. */
/** Load phases as the report keeps them: each phase's samples, rounded. */
function reportedPhases(loads: readonly LoadPhasesMs[]): TrialMeasurements['loadPhasesMs'] {
  const phase = (key: 'readMs' | 'runtimeInitMs' | 'sessionCreateMs') => roundMs(loads.map((load) => load[key]));
  return { readMs: phase('readMs'), runtimeInitMs: phase('runtimeInitMs'), sessionCreateMs: phase('sessionCreateMs') };
}

function reportedMeasurements(measurement: TrialMeasurement, config: Readonly<RunConfig>): TrialMeasurements {
  const { inference } = measurement;
  const warm = measurement.warmLoads ?? null;
  return {
    loadSamplesMs: roundMs(measurement.loads.map((load) => load.totalMs)),
    loadPhasesMs: reportedPhases(measurement.loads),
    loadLooks: measurement.loadLooks,
    warmLoad: warm ? { samplesMs: roundMs(warm.loads.map((load) => load.totalMs)), phasesMs: reportedPhases(warm.loads), looks: warm.looks } : null,
    inferenceSamplesMs: roundMs(inference.samplesMs),
    inferenceLooks: inference.looks,
    errors: inference.errors,
    attempts: inference.attempts,
    firstInferenceMs: inference.firstInferenceMs,
    memoryPeakBytes: measurement.memory.peakBytes,
    memoryRssBytes: measurement.memory.rssPeakBytes,
    retained: measurement.retained,
    batchSize: inference.batchSize,
    clockResolutionMs: measurement.clockResolutionMs,
    stopReason: inference.stopReason,
    iterationsRequested: config.iterations,
    warnings: measurement.warnings,
  };
}

/** The row's warm loads as the report keeps them; the key only when warm loads were asked for. */
function warmLoadOf(measurement: TrialMeasurement | null, measured: TrialMeasurements | null, judged: TrialJudgement | null, config: Readonly<RunConfig>): Pick<TrialResult, 'warmLoad'> {
  if (!measuresWarm(config.loadTemperature)) return {};
  const warm = measurement?.warmLoads ?? null;
  const samples = measured?.warmLoad ?? null;
  const summaries = judged?.warmLoad ?? null;
  if (!warm || !samples || !summaries) return { warmLoad: null };
  return {
    warmLoad: {
      samplesMs: [...samples.samplesMs],
      phases: { readMs: [...samples.phasesMs.readMs], runtimeInitMs: [...samples.phasesMs.runtimeInitMs], sessionCreateMs: [...samples.phasesMs.sessionCreateMs] },
      percentiles: summaries.percentiles,
      workerWallMs: roundMs(warm.workerWallMs),
      looks: warm.looks,
      phasePercentiles: summaries.phasePercentiles,
      fillLoads: warm.fillLoads,
      codeCacheHits: [...warm.codeCacheHits],
      codeCacheNote: warm.codeCacheNote,
    },
  };
}

function measuredResult(outcome: Extract<TrialOutcome, { kind: 'measured' }>, config: Readonly<RunConfig>): TrialResult {
  const { measurement } = outcome;
  const { inference } = measurement;
  const measured = reportedMeasurements(measurement, config);
  const judged = judgeTrial(measured, kpisForTemperature(outcome.kpis, config.loadTemperature), config.confidence);
  return {
    model: outcome.model,
    variant: outcome.variant,
    tags: outcome.tags,
    runtime: outcome.runtime,
    runtimeVersion: measurement.runtimeVersion,
    threads: { requested: outcome.threads, used: measurement.threadsUsed },
    status: 'ok',
    skipReason: null,
    crossOriginIsolated: measurement.crossOriginIsolated,
    wasmModule: measurement.wasmModule,
    feeds: reportedFeeds(outcome.feeds),
    dims: { ...outcome.dims },
    load: judged.load
      ? {
          samplesMs: [...measured.loadSamplesMs],
          phases: { readMs: [...measured.loadPhasesMs.readMs], runtimeInitMs: [...measured.loadPhasesMs.runtimeInitMs], sessionCreateMs: [...measured.loadPhasesMs.sessionCreateMs] },
          percentiles: judged.load.percentiles,
          workerWallMs: roundMs(measurement.loadWorkerWallMs),
          looks: measurement.loadLooks,
          phasePercentiles: judged.load.phasePercentiles,
        }
      : null,
    ...warmLoadOf(measurement, measured, judged, config),
    firstInferenceMs: inference.firstInferenceMs,
    inference: {
      samplesMs: [...measured.inferenceSamplesMs],
      warmupMs: roundMs(inference.warmupMs),
      count: inference.samplesMs.length,
      attempts: inference.attempts,
      errors: inference.errors,
      errorRate: inference.attempts > 0 ? inference.errors / inference.attempts : 0,
      errorMessages: inference.errorMessages,
      batchSize: inference.batchSize,
      workerMediansMs: roundMs(inference.workerMediansMs),
      workerSampleCounts: inference.workerSampleCounts,
      warmupStoppedBecause: inference.warmupStoppedBecause,
      timedPhaseMs: inference.timedPhaseMs,
      stopReason: inference.stopReason,
      looks: inference.looks,
      percentiles: judged.inference,
    },
    memory: { ...measurement.memory, retained: judged.retained },
    clockResolutionMs: measurement.clockResolutionMs,
    comparison: null,
    baseline: null,
    parity: null,
    checks: judged.checks,
    verdict: judged.verdict,
    error: null,
    warnings: judged.warnings,
  };
}

function failedResult(outcome: Extract<TrialOutcome, { kind: 'failed' }>, config: Readonly<RunConfig>): TrialResult {
  const checks = judgeFailedTrial(kpisForTemperature(outcome.kpis, config.loadTemperature), config.confidence, outcome.error.code);
  return {
    model: outcome.model,
    variant: outcome.variant,
    tags: outcome.tags,
    runtime: outcome.runtime,
    runtimeVersion: null,
    threads: { requested: outcome.threads, used: null },
    status: 'error',
    skipReason: null,
    crossOriginIsolated: null,
    wasmModule: null,
    feeds: reportedFeeds(outcome.feeds),
    dims: { ...outcome.dims },
    load: null,
    ...warmLoadOf(null, null, null, config),
    firstInferenceMs: null,
    inference: null,
    memory: null,
    clockResolutionMs: null,
    comparison: null,
    baseline: null,
    parity: null,
    checks,
    verdict: 'error',
    error: outcome.error,
    warnings: [],
  };
}

function skippedResult(outcome: Extract<TrialOutcome, { kind: 'skipped' }>, config: Readonly<RunConfig>): TrialResult {
  const checks = judgeSkippedTrial(kpisForTemperature(outcome.kpis, config.loadTemperature), config.confidence, outcome.reason);
  return {
    ...failedResult({ ...outcome, kind: 'failed', error: { code: 'RUNTIME_UNAVAILABLE', message: outcome.reason } }, config),
    status: 'skipped',
    skipReason: outcome.reason,
    checks,
    verdict: 'skipped',
    error: null,
  };
}

function resultOf(outcome: TrialOutcome, config: Readonly<RunConfig>): TrialResult {
  switch (outcome.kind) {
    case 'measured':
      return measuredResult(outcome, config);
    case 'failed':
      return failedResult(outcome, config);
    case 'skipped':
      return skippedResult(outcome, config);
  }
}

/** Named dims as reports state them: size by name. */
export function dimSizes(dims: readonly DimSize[]): Record<string, number> {
  return Object.fromEntries(dims.map((dim) => [dim.name, dim.size]));
}

/** The settings as the report states them (and as the shards of one run must share them, but configFile). */
export function reportedSettings(config: Readonly<RunConfig>): RunReport['settings'] {
  return {
    configFile: config.configFile,
    tags: [...config.tags],
    runtimes: [...config.runtimes],
    confidence: config.confidence,
    inconclusive: config.inconclusive,
    maxLoadRuns: config.maxLoadRuns,
    checkFinite: config.checkFinite,
    skipUnavailableRuntimes: config.skipUnavailableRuntimes,
    loadRuns: config.loadRuns,
    ...(measuresWarm(config.loadTemperature) ? { loadTemperature: config.loadTemperature } : {}),
    warmup: config.warmup,
    iterations: config.iterations,
    repeat: config.repeat,
    minTimeMs: config.minTimeMs,
    maxTimeMs: config.maxTimeMs,
    timeoutMs: config.timeoutMs,
    memoryLimitBytes: config.memoryLimitBytes,
    threads: [...config.threads],
    graphOptimization: config.graphOptimization,
    seed: config.seed,
    atol: config.atol,
    rtol: config.rtol,
    parityLevel: config.parityLevel,
    regressions: config.regressions.map((spec) => ({ ...spec })),
    kpis: config.kpis.map((kpi) => ({ ...kpi })),
    dims: dimSizes(config.dims),
  };
}

export function buildReport(outcomes: readonly TrialOutcome[], context: ReportContext): RunReport {
  const { config } = context;
  const results = attachCrossRuntime(
    outcomes.map((outcome) => {
      const measured = outcome.kind === 'measured' ? outcome.measurement : null;
      return { result: resultOf(outcome, config), outputs: measured?.outputs ?? null, outputsNote: measured?.outputsNote ?? null };
    }),
    { confidence: config.confidence, atol: config.atol, rtol: config.rtol, parityLevel: config.parityLevel },
  );
  const verdict = runVerdict(results);
  const report: RunReport = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'wasm-torch-bench', version: context.toolVersion },
    startedAt: context.startedAt.toISOString(),
    durationMs: context.durationMs,
    percentileMethod: PERCENTILE_METHOD,
    environment: context.environment,
    settings: reportedSettings(config),
    verdict,
    exitCode: exitCodeFor(results, config.inconclusive),
    partial: false,
    baseline: null,
    results,
    ...(context.shard ? { shard: context.shard } : {}),
  };
  const judged = context.baseline ? applyBaseline(report, context.baseline, { confidence: config.confidence, regressions: config.regressions }) : report;
  if (context.interruptedBy) return { ...judged, partial: true, exitCode: exitCodeForSignal(context.interruptedBy) };
  return context.unfinished ? { ...judged, partial: true, exitCode: EXIT_RUNTIME } : judged;
}
