/**
 * The judging step of one trial: its measurements, the KPI table and the confidence in; the
 * percentile summaries, the check records, the verdict and the warnings out. Each percentile's
 * interval is made once (judgedSampleSet) and read both by the summary and by the check on it.
 */
import { formatMs, formatRatio } from '../format.js';
import type { KpiSpec } from '../types.js';
import { checkName, evaluateChecks, samplingAfter, trialVerdict, type GateInputs, type SampleSet } from './evaluate-checks.js';
import { judgedSampleSet, summaryRecord } from './percentile-summary.js';
import type { CheckRecord, RetainedRecord, SummaryRecord } from './records.js';
import { judgedGrowths, retainedRecord, type RetainedInput } from './retained-growth.js';

/** What a measured trial offers the judge; sample values as the report keeps them. */
export interface TrialMeasurements {
  /** Cold loads: load = read + runtime init + session create, one per load. */
  loadSamplesMs: readonly number[];
  loadPhasesMs: { readMs: readonly number[]; runtimeInitMs: readonly number[]; sessionCreateMs: readonly number[] };
  /** Times the sampling loop judged the cold loads while measuring; 0 for a fixed count. */
  loadLooks: number;
  /** Warm loads (repeat visits), as the cold ones; absent or null when not measured. */
  warmLoad?: WarmLoadMeasurements | null;
  /** One per successful timed run (or batch of runs, see batchSize). */
  inferenceSamplesMs: readonly number[];
  /** Times the sampling loop judged the timed runs; 0 for a fixed count. */
  inferenceLooks: number;
  errors: number;
  attempts: number;
  firstInferenceMs: number | null;
  memoryPeakBytes: number | null;
  memoryRssBytes: number | null;
  /** Readings after each retained-memory cycle; null when none were asked for (--retained-cycles 0). */
  retained: RetainedInput | null;
  /** Runs timed together per sample. */
  batchSize: number;
  clockResolutionMs: number;
  stopReason: 'min-count-and-time' | 'decided' | 'max-time';
  /** Timed runs asked for (--iterations). */
  iterationsRequested: number;
  /** What measuring already warned about. */
  warnings: readonly string[];
}

export interface WarmLoadMeasurements {
  samplesMs: readonly number[];
  phasesMs: TrialMeasurements['loadPhasesMs'];
  looks: number;
}

type LoadPhaseKey = keyof TrialMeasurements['loadPhasesMs'];

export interface LoadJudgement {
  percentiles: SummaryRecord;
  phasePercentiles: Record<LoadPhaseKey, SummaryRecord>;
}

export interface TrialJudgement {
  load: LoadJudgement | null;
  warmLoad: LoadJudgement | null;
  inference: SummaryRecord | null;
  /** Each memory series' growth per retained-memory cycle, as the report keeps it. */
  retained: RetainedRecord | null;
  checks: CheckRecord[];
  verdict: ReturnType<typeof trialVerdict>;
  warnings: string[];
}

/** Clock resolution coarser than a tenth of the median sample makes the samples untrustworthy. */
export const CLOCK_RESOLUTION_FACTOR = 10;

/** Share of outliers above which a result gets a warning (hyperfine warns on outliers too). */
const OUTLIER_WARN_SHARE = 0.1;

type JudgedSet = SampleSet & { intervals: NonNullable<SampleSet['intervals']> };

function judgedSet(samples: readonly number[], confidence: number, looks: number): JudgedSet | null {
  return judgedSampleSet(samples, confidence, samplingAfter(looks)) as JudgedSet | null;
}

function summaryOf(set: JudgedSet | null, confidence: number, looks: number): SummaryRecord | null {
  return set ? summaryRecord(set, confidence, samplingAfter(looks)) : null;
}

function qualityWarnings(trial: TrialMeasurements, load: SummaryRecord | null, warmLoad: SummaryRecord | null, inference: SummaryRecord | null): string[] {
  const warnings: string[] = [];
  for (const [label, summary] of [
    ['cold loads', load],
    ['warm loads', warmLoad],
    ['inference samples', inference],
  ] as const) {
    if (summary && summary.outliers.share > OUTLIER_WARN_SHARE) {
      warnings.push(
        `${summary.outliers.count} of ${summary.n} ${label} (${formatRatio(summary.outliers.share)}) are outliers (modified z-score > 3.5); something else may be using this machine's CPU`,
      );
    }
  }
  if (trial.batchSize > 1) {
    warnings.push(
      `one run takes less than ${CLOCK_RESOLUTION_FACTOR}× the clock resolution (${formatMs(trial.clockResolutionMs)}), so each sample times ${trial.batchSize} runs together and records their mean; inference percentiles describe such batches, not single runs`,
    );
  } else if (inference && inference.p50 < CLOCK_RESOLUTION_FACTOR * trial.clockResolutionMs) {
    warnings.push(`inference P50 ${formatMs(inference.p50)} is within ${CLOCK_RESOLUTION_FACTOR}× of the clock resolution (${formatMs(trial.clockResolutionMs)}); samples are quantised to that step`);
  }
  if (trial.stopReason === 'max-time' && trial.attempts < trial.iterationsRequested) {
    warnings.push(`--max-time stopped the timed runs after ${trial.attempts} of the ${trial.iterationsRequested} asked for; raise --max-time for more samples`);
  }
  return warnings;
}

/** A load temperature's summaries: the loads' percentiles and each phase's, all on the loads' sampling. */
function loadJudgement(set: JudgedSet | null, phasesMs: TrialMeasurements['loadPhasesMs'], confidence: number, looks: number): LoadJudgement | null {
  const summary = summaryOf(set, confidence, looks);
  if (!summary) return null;
  const phase = (key: LoadPhaseKey) => summaryOf(judgedSet(phasesMs[key], confidence, looks), confidence, looks) as SummaryRecord;
  return { percentiles: summary, phasePercentiles: { readMs: phase('readMs'), runtimeInitMs: phase('runtimeInitMs'), sessionCreateMs: phase('sessionCreateMs') } };
}

export function judgeTrial(trial: TrialMeasurements, kpis: readonly KpiSpec[], confidence: number): TrialJudgement {
  const loadSet = judgedSet(trial.loadSamplesMs, confidence, trial.loadLooks);
  const warm = trial.warmLoad ?? null;
  const warmLoadSet = warm ? judgedSet(warm.samplesMs, confidence, warm.looks) : null;
  const inferenceSet = judgedSet(trial.inferenceSamplesMs, confidence, trial.inferenceLooks);
  const load = loadJudgement(loadSet, trial.loadPhasesMs, confidence, trial.loadLooks);
  const warmLoad = warm ? loadJudgement(warmLoadSet, warm.phasesMs, confidence, warm.looks) : null;
  const inferenceSummary = summaryOf(inferenceSet, confidence, trial.inferenceLooks);
  const retained = trial.retained ? retainedRecord(trial.retained, confidence) : null;
  const inputs: GateInputs = {
    load: loadSet,
    warmLoad: warmLoadSet,
    inference: inferenceSet,
    firstInferenceMs: trial.firstInferenceMs,
    memoryPeakBytes: trial.memoryPeakBytes,
    memoryRssBytes: trial.memoryRssBytes,
    retained: retained ? { growths: judgedGrowths(retained), error: retained.error } : null,
    errors: trial.errors,
    attempts: trial.attempts,
    loadSampling: samplingAfter(trial.loadLooks),
    warmLoadSampling: samplingAfter(warm?.looks ?? 0),
    inferenceSampling: samplingAfter(trial.inferenceLooks),
  };
  const checks = evaluateChecks(kpis, inputs, confidence);
  return {
    load,
    warmLoad,
    inference: inferenceSummary,
    retained,
    checks,
    verdict: trialVerdict('ok', checks),
    warnings: [...trial.warnings, ...qualityWarnings(trial, load?.percentiles ?? null, warmLoad?.percentiles ?? null, inferenceSummary)],
  };
}

/** A trial that failed before it measured: every check is an error naming the failure's code (a check off stays skipped). */
export function judgeFailedTrial(kpis: readonly KpiSpec[], confidence: number, errorCode: string): CheckRecord[] {
  return evaluateChecks(kpis, null, confidence).map((check) => (check.verdict === 'error' ? { ...check, message: `${check.message}: ${errorCode}` } : check));
}

/** A trial not run (its runtime cannot start here, or the run ended first): every check is skipped, saying why. */
export function judgeSkippedTrial(kpis: readonly KpiSpec[], confidence: number, reason: string): CheckRecord[] {
  return evaluateChecks(kpis, null, confidence).map((check) => ({ ...check, verdict: 'skipped' as const, message: `${checkName(check)}: skipped, ${reason}` }));
}
