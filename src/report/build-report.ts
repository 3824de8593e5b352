/**
 * Trial outcomes → the versioned RunReport. Pure: the clock, environment and tool version come in
 * as arguments.
 */
import type { Baseline } from '../baseline/document.js';
import { environmentDifferences } from '../baseline/environment-differences.js';
import { attachBaseline, type BaselineSettings } from '../baseline/regression-checks.js';
import { attachCrossRuntime } from '../compare/cross-runtime.js';
import { EXIT_CHECK_FAILED, EXIT_OK, EXIT_RUNTIME, exitCodeForErrorCode, exitCodeForSignal, type ErrorCode, type ExitCode } from '../errors.js';
import { checkName, evaluateChecks, percentileInterval, sampleSetOf, samplingAfter, trialVerdict, type GateInputs, type Sampling, type SampleSet } from '../gate/evaluate-checks.js';
import type { ModelRef } from '../plan/build-plan.js';
import type { TrialMeasurement } from '../runtimes/measurement.js';
import { formatMs, formatRatio } from '../format.js';
import { countOutliers } from '../stats/outliers.js';
import { PERCENTILE_METHOD } from '../stats/percentiles.js';
import type { FeedSpec, InconclusivePolicy, KpiSpec, RuntimeName } from '../types.js';
import type { RunConfig } from '../config/run-config-schema.js';
import { REPORT_SCHEMA_VERSION, type Environment, type RunReport, type ShardRecord, type TrialResult } from './schema.js';

export interface TrialIdentity {
  model: ModelRef;
  variant: string | null;
  runtime: RuntimeName;
  threads: number;
  feeds: FeedSpec[];
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

export interface BaselineRef {
  file: string;
  document: Baseline;
}

/** Clock resolution coarser than a tenth of the median sample makes the samples untrustworthy. */
const CLOCK_RESOLUTION_FACTOR = 10;

/** Samples are kept to the nanosecond: the clock resolves no finer, and it halves the report size. */
function roundMs(samples: readonly number[]): number[] {
  return samples.map((sample) => Math.round(sample * 1e6) / 1e6);
}

type SummaryRecord = NonNullable<TrialResult['load']>['percentiles'];

/** Share of outliers above which a result gets a warning (hyperfine warns on outliers too). */
const OUTLIER_WARN_SHARE = 0.1;

/** Percentiles with their intervals (those the gate judges by, for samples gathered this way) and the outlier count. */
function summaryRecord(set: SampleSet, confidence: number, sampling: Sampling): SummaryRecord {
  const interval = (q: number) => {
    const { low, high } = percentileInterval(set.sorted, q, confidence, sampling);
    return { low, high };
  };
  const outliers = countOutliers(set.sorted);
  return {
    ...set.summary,
    confidence,
    intervalMethod: sampling.kind === 'adaptive' ? 'confidence-sequence' : 'order-statistics',
    intervals: { p50: interval(0.5), p90: interval(0.9), p95: interval(0.95), p99: interval(0.99) },
    outliers: { count: outliers, share: outliers / set.summary.n },
  };
}

function summaryOf(samples: readonly number[], confidence: number, sampling: Sampling): SummaryRecord | null {
  const set = sampleSetOf(samples);
  return set ? summaryRecord(set, confidence, sampling) : null;
}

function measuredResult(outcome: Extract<TrialOutcome, { kind: 'measured' }>, config: Readonly<RunConfig>): TrialResult {
  const { measurement } = outcome;
  const loadSamples = roundMs(measurement.loads.map((load) => load.totalMs));
  const phase = (key: 'readMs' | 'runtimeInitMs' | 'sessionCreateMs') => roundMs(measurement.loads.map((load) => load[key]));
  const { confidence } = config;
  const loadSampling = samplingAfter(measurement.loadLooks);
  const inferenceSampling = samplingAfter(measurement.inference.looks);
  const loadSet = sampleSetOf(loadSamples);
  const loadSummary = loadSet ? summaryRecord(loadSet, confidence, loadSampling) : null;
  const inference = { ...measurement.inference, samplesMs: roundMs(measurement.inference.samplesMs), warmupMs: roundMs(measurement.inference.warmupMs) };
  const inferenceSet = sampleSetOf(inference.samplesMs);
  const inferenceSummary = inferenceSet ? summaryRecord(inferenceSet, confidence, inferenceSampling) : null;
  const gateInputs: GateInputs = {
    load: loadSet,
    inference: inferenceSet,
    firstInferenceMs: inference.firstInferenceMs,
    memoryPeakBytes: measurement.memory.peakBytes,
    memoryRssBytes: measurement.memory.rssPeakBytes,
    errors: inference.errors,
    attempts: inference.attempts,
    loadSampling,
    inferenceSampling,
  };
  const checks = evaluateChecks(outcome.kpis, gateInputs, confidence);
  const warnings = [...measurement.warnings];
  for (const [label, summary] of [
    ['cold loads', loadSummary],
    ['inference samples', inferenceSummary],
  ] as const) {
    if (summary && summary.outliers.share > OUTLIER_WARN_SHARE) {
      warnings.push(
        `${summary.outliers.count} of ${summary.n} ${label} (${formatRatio(summary.outliers.share)}) are outliers (modified z-score > 3.5); something else may be using this machine's CPU`,
      );
    }
  }
  if (inference.batchSize > 1) {
    warnings.push(
      `one run takes less than ${CLOCK_RESOLUTION_FACTOR}× the clock resolution (${formatMs(measurement.clockResolutionMs)}), so each sample times ${inference.batchSize} runs together and records their mean; inference percentiles describe such batches, not single runs`,
    );
  } else if (inferenceSummary && inferenceSummary.p50 < CLOCK_RESOLUTION_FACTOR * measurement.clockResolutionMs) {
    warnings.push(
      `inference P50 ${formatMs(inferenceSummary.p50)} is within ${CLOCK_RESOLUTION_FACTOR}× of the clock resolution (${formatMs(measurement.clockResolutionMs)}); samples are quantised to that step`,
    );
  }
  if (inference.stopReason === 'max-time' && inference.attempts < config.iterations) {
    warnings.push(`--max-time stopped the timed runs after ${inference.attempts} of the ${config.iterations} asked for; raise --max-time for more samples`);
  }
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
    load: loadSummary
      ? {
          samplesMs: loadSamples,
          phases: { readMs: phase('readMs'), runtimeInitMs: phase('runtimeInitMs'), sessionCreateMs: phase('sessionCreateMs') },
          percentiles: loadSummary,
          workerWallMs: roundMs(measurement.loadWorkerWallMs),
          looks: measurement.loadLooks,
          phasePercentiles: {
            readMs: summaryOf(phase('readMs'), confidence, loadSampling) as SummaryRecord,
            runtimeInitMs: summaryOf(phase('runtimeInitMs'), confidence, loadSampling) as SummaryRecord,
            sessionCreateMs: summaryOf(phase('sessionCreateMs'), confidence, loadSampling) as SummaryRecord,
          },
        }
      : null,
    firstInferenceMs: inference.firstInferenceMs,
    inference: {
      samplesMs: inference.samplesMs,
      warmupMs: inference.warmupMs,
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
      percentiles: inferenceSummary,
    },
    memory: measurement.memory,
    clockResolutionMs: measurement.clockResolutionMs,
    comparison: null,
    baseline: null,
    parity: null,
    checks,
    verdict: trialVerdict('ok', checks),
    error: null,
    warnings,
  };
}

function failedResult(outcome: Extract<TrialOutcome, { kind: 'failed' }>, config: Readonly<RunConfig>): TrialResult {
  const checks = evaluateChecks(outcome.kpis, null, config.confidence).map((check) => (check.verdict === 'error' ? { ...check, message: `${check.message}: ${outcome.error.code}` } : check));
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
    load: null,
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
  const checks = evaluateChecks(outcome.kpis, null, config.confidence).map((check) => ({ ...check, verdict: 'skipped' as const, message: `${checkName(check)}: skipped, ${outcome.reason}` }));
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

/**
 * Worst outcome wins: runtime failure 3 > input error 2 > failed check 1 > 0. An inconclusive
 * check counts as failed under --inconclusive fail (the default) and not otherwise.
 */
export function exitCodeFor(results: readonly TrialResult[], inconclusive: InconclusivePolicy): ExitCode {
  let exitCode: ExitCode = EXIT_OK;
  for (const result of results) {
    const failed = result.verdict === 'fail' || (result.verdict === 'inconclusive' && inconclusive === 'fail');
    const code = result.error ? exitCodeForErrorCode(result.error.code as ErrorCode) : failed ? EXIT_CHECK_FAILED : EXIT_OK;
    exitCode = Math.max(exitCode, code) as ExitCode;
  }
  return exitCode;
}

export function runVerdict(results: readonly TrialResult[]): RunReport['verdict'] {
  for (const verdict of ['error', 'fail', 'inconclusive'] as const) {
    if (results.some((result) => result.verdict === verdict)) return verdict;
  }
  return 'pass';
}

/**
 * The report compared with a baseline: any earlier comparison is replaced by this one (so
 * `compare` can re-judge a report), then the verdict and exit code follow the new checks.
 */
export function applyBaseline(report: RunReport, baseline: BaselineRef, settings: BaselineSettings): RunReport {
  const cleared = report.results.map((result) => {
    const checks = result.checks.filter((check) => !check.id.startsWith('regression.'));
    const warnings = result.warnings.filter((warning) => !warning.startsWith('baseline differs: ') && !warning.startsWith('the baseline has no '));
    return { ...result, baseline: null, checks, warnings, verdict: result.status === 'ok' ? trialVerdict('ok', checks) : result.verdict };
  });
  const results = attachBaseline(cleared, baseline.document, settings);
  return {
    ...report,
    baseline: {
      file: baseline.file,
      createdAt: baseline.document.createdAt,
      toolVersion: baseline.document.tool.version,
      differences: environmentDifferences(baseline.document.environment, report.environment),
    },
    verdict: runVerdict(results),
    exitCode: exitCodeFor(results, report.settings.inconclusive),
    results,
  };
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
    warmup: config.warmup,
    iterations: config.iterations,
    repeat: config.repeat,
    minTimeMs: config.minTimeMs,
    maxTimeMs: config.maxTimeMs,
    timeoutMs: config.timeoutMs,
    memoryLimitBytes: config.memoryLimitBytes,
    threads: [...config.threads],
    seed: config.seed,
    atol: config.atol,
    rtol: config.rtol,
    parityLevel: config.parityLevel,
    regressions: config.regressions.map((spec) => ({ ...spec })),
    kpis: config.kpis.map((kpi) => ({ ...kpi })),
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
