/**
 * KPI checks as statements with known confidence. Every KPI is an upper bound (`actual < T`):
 *   pass          the confidence interval lies wholly below T
 *   fail          the interval lies wholly at or above T
 *   inconclusive  it straddles T, or there are too few samples to bound the value at all
 * Samples gathered adaptively (more while a check is undecided) are judged on anytime-valid
 * intervals (beta-binomial confidence sequences), which keep their confidence over every look the
 * sampling took; a fixed count keeps the tighter fixed-n intervals: order statistics for
 * percentiles, Clopper–Pearson for the error rate. memory.retained is judged on the rank interval
 * of its growth per cycle (retained-growth.ts). Single-valued metrics (memory peaks, first
 * inference, min/max/mean) are judged on their value. Pure.
 */
import { checkName } from '../check-name.js';
import { formatConfidence, formatIntervalSide, formatQuantity } from '../format.js';
import { findMetric, loadTemperatureOf, type MetricInfo } from '../metrics.js';
import { anytimeQuantileInterval, anytimeRateInterval, minSamplesForAnytimeUpperBound, runsNeededForZeroFailuresAnytime, CONFIDENCE_SEQUENCE_METHOD } from '../stats/confidence-sequence.js';
import { clopperPearson, runsNeededForZeroFailures } from '../stats/error-rate.js';
import { minSamplesForUpperBound, quantileInterval, type QuantileInterval } from '../stats/quantile-interval.js';
import { sortAscending } from '../stats/percentiles.js';
import { minPointsForSlopeInterval } from '../stats/theil-sen.js';
import { SUMMARY_PERCENTILES, summarize, type Summary } from '../stats/summary.js';
import type { KpiSpec } from '../types.js';
import type { CheckRecord } from './records.js';
import { SOURCE_WORDS, type RetainedGrowth } from './retained-growth.js';

export { checkName };

export type PercentileKey = keyof typeof SUMMARY_PERCENTILES;

/** An interval of a percentile; a null side: too few samples to bound it. */
export interface Bounds {
  low: number | null;
  high: number | null;
}

/** Samples sorted ascending with their summary. */
export interface SampleSet {
  sorted: readonly number[];
  summary: Summary;
  /**
   * The percentiles' intervals, made once by judgeTrial for the summary the report shows (at the
   * judging confidence and sampling); a check reads its interval here. Absent (the sampling loop's
   * looks), a check makes the one it needs.
   */
  intervals?: Readonly<Record<PercentileKey, Bounds>>;
}

/** Sorts and summarises samples for the gate; null for no samples. */
export function sampleSetOf(samples: readonly number[]): SampleSet | null {
  const sorted = sortAscending(samples);
  const summary = summarize(sorted);
  return summary ? { sorted, summary } : null;
}

/**
 * How samples were gathered: a count fixed in advance, or adaptively, judged `looks` times while
 * sampling (the decision then needs an interval that holds at every look).
 */
export type Sampling = { kind: 'fixed' } | { kind: 'adaptive'; looks: number };

export const FIXED_SAMPLING: Sampling = { kind: 'fixed' };

/** Adaptive when the sampling loop judged the samples at least once, else fixed. */
export function samplingAfter(looks: number): Sampling {
  return looks > 0 ? { kind: 'adaptive', looks } : FIXED_SAMPLING;
}

/** What a trial offers the gate; null where the trial produced none. */
export interface GateInputs {
  load: SampleSet | null;
  /** Warm loads (repeat visits); absent or null when not measured. */
  warmLoad?: SampleSet | null;
  inference: SampleSet | null;
  firstInferenceMs: number | null;
  memoryPeakBytes: number | null;
  memoryRssBytes: number | null;
  /** The judged series' growth per retained-memory cycle; null when no cycles were asked for. */
  retained: RetainedGate | null;
  errors: number;
  attempts: number;
  /** How the cold loads, the warm loads, and the inference runs (with their errors), were sampled. */
  loadSampling: Sampling;
  warmLoadSampling?: Sampling;
  inferenceSampling: Sampling;
}

/** What memory.retained judges: each judged series' growth, and why the cycles stopped early. */
export interface RetainedGate {
  growths: readonly RetainedGrowth[];
  error: string | null;
}

interface Estimate {
  value: number | null;
  n: number;
  interval: { low: number | null; high: number | null } | null;
  method: CheckRecord['method'];
  /** Looks the anytime-valid interval covers; null for a fixed-n interval or none. */
  looks: number | null;
  /** Samples a bound on the threshold's side would need, when there are too few. */
  samplesNeeded: number | null;
  note: string | null;
}

const NOT_MEASURED: Estimate = { value: null, n: 0, interval: null, method: 'point', looks: null, samplesNeeded: null, note: null };

function isPercentileKey(stat: string): stat is PercentileKey {
  return Object.hasOwn(SUMMARY_PERCENTILES, stat);
}

/**
 * The interval for the q-quantile that samples gathered this way support: anytime-valid after
 * adaptive sampling, fixed-n for a fixed count. Reports print this one beside each percentile, so
 * what a table shows is what the verdict used.
 */
export function percentileInterval(sorted: readonly number[], q: number, confidence: number, sampling: Sampling): QuantileInterval {
  return sampling.kind === 'adaptive' ? anytimeQuantileInterval(sorted, q, confidence) : quantileInterval(sorted, q, confidence);
}

function quantileEstimate(set: SampleSet, stat: string, sampling: Sampling, confidence: number): Estimate {
  const value = set.summary[stat as keyof Summary];
  if (!isPercentileKey(stat)) return { ...NOT_MEASURED, value, n: set.summary.n };
  const q = SUMMARY_PERCENTILES[stat];
  const interval = set.intervals?.[stat] ?? percentileInterval(set.sorted, q, confidence, sampling);
  const needed = sampling.kind === 'adaptive' ? minSamplesForAnytimeUpperBound(q, confidence) : minSamplesForUpperBound(q, confidence);
  return {
    value,
    n: set.summary.n,
    interval,
    method: sampling.kind === 'adaptive' ? 'confidence-sequence' : 'order-statistics',
    looks: sampling.kind === 'adaptive' ? sampling.looks : null,
    samplesNeeded: interval.high === null ? needed : null,
    note: null,
  };
}

/**
 * The series that decides memory.retained: the first whose growth is at or above the threshold
 * beyond doubt, else the first undecided one, else (all below) the fastest-growing.
 */
function retainedEstimate(retained: RetainedGate, threshold: number, confidence: number): Estimate {
  const stopped = retained.error ? `; the cycles stopped early: ${retained.error}` : '';
  const verdictOf = (growth: RetainedGrowth) => intervalVerdict(growth.low, growth.high, threshold);
  const { growths } = retained;
  const deciding =
    growths.find((growth) => verdictOf(growth) === 'fail') ??
    growths.find((growth) => verdictOf(growth) === 'inconclusive') ??
    growths.reduce<RetainedGrowth | undefined>((largest, growth) => (largest && largest.bytesPerCycle >= growth.bytesPerCycle ? largest : growth), undefined);
  if (!deciding) return { ...NOT_MEASURED, note: retained.error };
  return {
    value: deciding.bytesPerCycle,
    n: deciding.readings,
    interval: { low: deciding.low, high: deciding.high },
    method: 'theil-sen',
    looks: null,
    samplesNeeded: deciding.high === null ? minPointsForSlopeInterval(confidence) : null,
    note: `growth per cycle of the ${SOURCE_WORDS[deciding.source]}${stopped}`,
  };
}

function errorRateEstimate(inputs: GateInputs, threshold: number, confidence: number): Estimate {
  const { errors, attempts, inferenceSampling: sampling } = inputs;
  const adaptive = sampling.kind === 'adaptive';
  return {
    value: errors / attempts,
    n: attempts,
    // The sequence's prior is centred on the threshold, which is fixed before any run.
    interval: adaptive ? anytimeRateInterval(errors, attempts, confidence, threshold) : clopperPearson(errors, attempts, confidence),
    method: adaptive ? 'confidence-sequence' : 'clopper-pearson',
    looks: adaptive ? sampling.looks : null,
    samplesNeeded: null,
    note: `${errors} of ${attempts} runs failed`,
  };
}

/** Clean runs a pass needs when none has failed yet. */
function runsNeededWithoutFailure(threshold: number, sampling: Sampling, confidence: number): number {
  return sampling.kind === 'adaptive' ? runsNeededForZeroFailuresAnytime(threshold, confidence) : runsNeededForZeroFailures(threshold, confidence);
}

function estimate(metric: MetricInfo, kpi: KpiSpec, inputs: GateInputs, confidence: number): Estimate {
  if (loadTemperatureOf(metric.id) === 'warm') {
    const stat = metric.id.slice(metric.id.lastIndexOf('.') + 1);
    return inputs.warmLoad ? quantileEstimate(inputs.warmLoad, stat, inputs.warmLoadSampling ?? FIXED_SAMPLING, confidence) : NOT_MEASURED;
  }
  const [phase, stat] = metric.id.split('.') as [string, string | undefined];
  if ((phase === 'load' || phase === 'inference') && stat) {
    const set = phase === 'load' ? inputs.load : inputs.inference;
    return set ? quantileEstimate(set, stat, phase === 'load' ? inputs.loadSampling : inputs.inferenceSampling, confidence) : NOT_MEASURED;
  }
  const single = (value: number | null): Estimate => ({ ...NOT_MEASURED, value, n: value === null ? 0 : 1 });
  switch (metric.id) {
    case 'first-inference':
      return single(inputs.firstInferenceMs);
    case 'memory.peak':
      return single(inputs.memoryPeakBytes);
    case 'memory.rss':
      return single(inputs.memoryRssBytes);
    case 'memory.retained':
      return inputs.retained ? retainedEstimate(inputs.retained, kpi.threshold, confidence) : NOT_MEASURED;
    case 'error.rate':
      return inputs.attempts === 0 ? NOT_MEASURED : errorRateEstimate(inputs, kpi.threshold, confidence);
    default:
      return NOT_MEASURED;
  }
}

/** "95 % interval [a, b]", saying when it is anytime-valid and over how many looks. */
function intervalText(found: Estimate, unit: MetricInfo['unit'], confidence: number): string | null {
  if (!found.interval) return null;
  const sides = `[${formatIntervalSide(unit, found.interval.low)}, ${formatIntervalSide(unit, found.interval.high)}]`;
  if (found.looks === null) return `${formatConfidence(confidence)} interval ${sides}`;
  return `${formatConfidence(confidence)} anytime-valid interval ${sides} (${CONFIDENCE_SEQUENCE_METHOD}, ${found.looks} look${found.looks === 1 ? '' : 's'})`;
}

function remedy(kpiId: string): string {
  if (kpiId === 'memory.retained') return 'raise --retained-cycles';
  return kpiId.startsWith('load.') ? 'raise --max-load-runs' : 'raise --max-time';
}

/** Why an interval with no upper side cannot decide: too few samples for the percentile, or readings for the growth. */
function unboundedWhy(kpiId: string, found: Estimate, confidence: number): string {
  const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
  if (found.method === 'theil-sen') return `${plural(found.n, 'reading')} cannot bound the growth at ${formatConfidence(confidence)} (it needs ${found.samplesNeeded})`;
  return `${plural(found.n, 'sample')} cannot bound ${kpiId.split('.')[1]?.toUpperCase()} at ${formatConfidence(confidence)}${found.looks === null ? '' : ' anytime-valid'} (it needs ${found.samplesNeeded})`;
}

/**
 * An upper-bound check on an interval: pass when it lies wholly below the threshold, fail when
 * wholly at or above it, inconclusive when it straddles it or a needed side is unbounded (null).
 */
export function intervalVerdict(low: number | null, high: number | null, threshold: number): 'pass' | 'fail' | 'inconclusive' {
  if (high !== null && high < threshold) return 'pass';
  if (low !== null && low >= threshold) return 'fail';
  return 'inconclusive';
}

export function evaluateCheck(kpi: KpiSpec, inputs: GateInputs | null, confidence: number): CheckRecord {
  const metric = findMetric(kpi.id);
  if (!metric) throw new Error(`no metric ${kpi.id}`);
  const found = inputs ? estimate(metric, kpi, inputs, confidence) : NOT_MEASURED;
  const name = checkName(kpi);
  const show = (value: number) => formatQuantity(metric.unit, value);
  const bounds = intervalText(found, metric.unit, confidence);
  const base = {
    id: kpi.id,
    metric: metric.description,
    operator: '<' as const,
    threshold: kpi.threshold,
    actual: found.value,
    unit: metric.unit,
    n: found.n,
    interval: found.interval ? { low: found.interval.low, high: found.interval.high, confidence } : null,
    method: found.method,
    looks: found.looks,
    samplesNeeded: found.samplesNeeded,
    level: kpi.level,
  };
  if (kpi.level === 'off') return { ...base, verdict: 'skipped', message: `${name}: skipped (level off)` };
  if (kpi.id === 'memory.retained' && inputs && !inputs.retained) {
    return { ...base, verdict: 'skipped', message: `${name}: skipped, no retained-memory cycles were asked for (--retained-cycles 0)` };
  }
  if (found.value === null) return { ...base, verdict: 'error', message: `${name}: not measured, the trial produced no ${kpi.id} value` };

  const detail = [show(found.value), bounds, found.note, found.method === 'point' && found.n <= 1 ? null : `n=${found.n}`].filter(Boolean).join(', ');
  if (!found.interval) {
    return found.value < kpi.threshold ? { ...base, verdict: 'pass', message: `${name}: ${detail}` } : { ...base, verdict: 'fail', message: `${name}: ${detail}, not below ${show(kpi.threshold)}` };
  }
  const { low, high } = found.interval;
  const decided = { ...base, samplesNeeded: null };
  const verdict = intervalVerdict(low, high, kpi.threshold);
  if (verdict === 'pass') return { ...decided, verdict, message: `${name}: ${detail}` };
  if (verdict === 'fail') return { ...decided, verdict, message: `${name}: ${detail}, wholly at or above ${show(kpi.threshold)}` };
  // Only a quantile's interval can lack an upper side (too few samples); a rate's always has one.
  const why = high !== null ? `the interval straddles ${show(kpi.threshold)}` : unboundedWhy(kpi.id, found, confidence);
  const zeroFailures = metric.id === 'error.rate' && inputs?.errors === 0;
  const runsNeeded = zeroFailures && inputs ? runsNeededWithoutFailure(kpi.threshold, inputs.inferenceSampling, confidence) : null;
  const needs = runsNeeded !== null ? `; a pass needs ${runsNeeded} runs without a failure` : '';
  return {
    ...base,
    samplesNeeded: runsNeeded ?? base.samplesNeeded,
    verdict: 'inconclusive',
    message: `${name}: inconclusive, ${detail}: ${why}${needs}; ${remedy(kpi.id)}`,
  };
}

export function evaluateChecks(kpis: readonly KpiSpec[], inputs: GateInputs | null, confidence: number): CheckRecord[] {
  return kpis.map((kpi) => evaluateCheck(kpi, inputs, confidence));
}

/**
 * fail when an error-level check failed; inconclusive when one is undecided (the policy then
 * decides the exit code); warn-level checks never change the verdict.
 */
export function trialVerdict(status: 'ok' | 'error', checks: readonly CheckRecord[]): 'pass' | 'fail' | 'inconclusive' | 'error' {
  if (status === 'error') return 'error';
  const gating = checks.filter((check) => check.level === 'error');
  if (gating.some((check) => check.verdict === 'fail' || check.verdict === 'error')) return 'fail';
  if (gating.some((check) => check.verdict === 'inconclusive')) return 'inconclusive';
  return 'pass';
}

export interface SamplingNeed {
  /** No error-level check on these metrics is inconclusive: more samples would change no verdict. */
  decided: boolean;
  /**
   * Total runs before every undecided check could be decided at all, when each of them can tell
   * (too few samples for a bound, or too few clean runs); null when one straddles its threshold.
   */
  minimumRuns: number | null;
}

/**
 * What the error-level checks on these metrics still need. (A check with no value at all, every
 * run having failed, is not helped by more samples and counts as decided.)
 * `runsPerSample` converts a percentile's samples into runs when samples are batches.
 */
export function samplingNeed(kpis: readonly KpiSpec[], inputs: GateInputs, confidence: number, metricIds: (id: string) => boolean, runsPerSample = 1): SamplingNeed {
  const undecided = kpis
    .filter((kpi) => kpi.level === 'error' && metricIds(kpi.id))
    .map((kpi) => evaluateCheck(kpi, inputs, confidence))
    .filter((check) => check.verdict === 'inconclusive');
  if (undecided.length === 0) return { decided: true, minimumRuns: null };
  const runs = undecided.map((check) => (check.samplesNeeded === null ? null : check.id === 'error.rate' ? check.samplesNeeded : check.samplesNeeded * runsPerSample));
  return { decided: false, minimumRuns: runs.every((count) => count !== null) ? Math.max(...(runs as number[])) : null };
}

export function checksDecided(kpis: readonly KpiSpec[], inputs: GateInputs, confidence: number, metricIds: (id: string) => boolean): boolean {
  return samplingNeed(kpis, inputs, confidence, metricIds).decided;
}
