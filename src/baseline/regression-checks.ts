/**
 * Each measured row against its baseline entry: ratios new/old of load P95, inference P50 and P99
 * (order-statistic intervals on both sides, combined by Bonferroni, as for the native comparison)
 * and of memory.peak, each checked against the largest allowed ratio. The inference intervals are
 * widened by the run-to-run noise seen between inference workers (--repeat): each spans at least
 * the Hodges–Lehmann/Mann–Whitney interval of the workers' own medians (P99s for the P99), since
 * two runs differ by more than their samples show; cold loads already each run in a fresh process.
 *   fail          the interval lies wholly at or above the allowed ratio
 *   pass          it lies wholly below
 *   inconclusive  it straddles it (or a side cannot be bounded)
 */
import { formatConfidence } from '../format.js';
import { intervalVerdict, trialVerdict } from '../gate/evaluate-checks.js';
import type { CheckRecord, RatioRecord, TrialResult } from '../report/schema.js';
import { sortAscending } from '../stats/percentiles.js';
import { pointRatio, quantileRatioOrNull } from '../stats/ratio-interval.js';
import { runNoise, type RunNoise } from '../stats/run-noise.js';
import { workerQuantiles } from '../stats/worker-quantiles.js';
import { bounded, workerShift, type WorkerShift } from '../stats/worker-shift.js';
import type { CheckLevel } from '../types.js';
import type { Baseline, BaselineEntry } from './document.js';
import { loadSamples } from './sample-store.js';

export const REGRESSION_METRICS = ['load.p50', 'load.p95', 'inference.p50', 'inference.p99', 'memory.peak'] as const;
export type RegressionMetric = (typeof REGRESSION_METRICS)[number];

export interface RegressionSpec {
  id: RegressionMetric;
  /** Largest allowed ratio new/old, e.g. 1.1 for "10 % slower at most". */
  maxRatio: number;
  level: CheckLevel;
}

export const DEFAULT_MAX_REGRESSION = 1.1;

/**
 * load.p95 reports without gating by default: an upper bound on a P95 ratio needs 86 cold loads on
 * each side at 95 % (each side's interval at 97.5 %), more than a run usually makes; the median
 * of the same loads decides with a few dozen.
 */
export const DEFAULT_REGRESSIONS: readonly RegressionSpec[] = REGRESSION_METRICS.map((id) => ({
  id,
  maxRatio: DEFAULT_MAX_REGRESSION,
  level: id === 'load.p95' ? 'warn' : 'error',
}));

export interface BaselineRecord {
  reference: { createdAt: string; runtime: string; runtimeVersion: string | null; threads: number; sha256: string | null };
  ratios: Record<'loadP50' | 'loadP95' | 'inferenceP50' | 'inferenceP99' | 'memoryPeak', RatioRecord | null>;
  differences: string[];
  runNoise: RunNoise & { workersNow: number; workersBaseline: number; shift: WorkerShift | null; shiftP99: WorkerShift | null };
}

/**
 * The entry for this row: same model (path, else name), input variant, runtime and threads; else
 * the same at other threads.
 */
export function findEntry(baseline: Baseline, row: { model: { path: string; name: string }; variant: string | null; runtime: string; threads: number }): BaselineEntry | null {
  const sameModel = (entry: BaselineEntry) => entry.model.path === row.model.path;
  const sameName = (entry: BaselineEntry) => entry.model.name === row.model.name;
  const candidates = baseline.entries.filter((entry) => entry.runtime === row.runtime && (entry.variant ?? null) === row.variant);
  for (const modelMatch of [sameModel, sameName]) {
    const matches = candidates.filter(modelMatch);
    const exact = matches.find((entry) => entry.threads === row.threads);
    if (exact ?? matches[0]) return exact ?? (matches[0] as BaselineEntry);
  }
  return null;
}

/** What differs between a row and its entry, in words; empty when nothing does. */
export function rowDifferences(entry: BaselineEntry, row: { sha256: string | null; runtimeVersion: string | null; threads: number }): string[] {
  const differences: string[] = [];
  if (entry.model.sha256 !== row.sha256) differences.push(`model sha256 ${short(entry.model.sha256)} in the baseline, ${short(row.sha256)} now`);
  if (row.runtimeVersion !== null && entry.runtimeVersion !== row.runtimeVersion) {
    differences.push(`${entry.runtime} version ${entry.runtimeVersion ?? 'unknown'} in the baseline, ${row.runtimeVersion} now`);
  }
  if (entry.threads !== row.threads) differences.push(`threads ${entry.threads} in the baseline, ${row.threads} now`);
  return differences;
}

function short(sha256: string | null): string {
  return sha256 ? sha256.slice(0, 12) : 'unknown';
}

/**
 * The ratio's interval allowing for run-to-run noise, on each side the wider of the sampling
 * interval and the workers' shift interval, which holds both the process noise and each worker's
 * sampling noise:
 *   'same-quantile'  the shift of the workers' own values of this quantile, as it is: the pooled
 *                    quantile moves with the share of samples from a few slow workers, the typical
 *                    worker's does not, and the check fails only when both moved
 *   'relative'       the shift of the workers' medians moved onto this ratio (ratio × low/estimate,
 *                    ratio × high/estimate), where the workers' own values of it are unknown
 * A shift that cannot be bounded leaves the sampling interval; an unbounded side stays unbounded.
 */
export function widen(ratio: RatioRecord | null, shift: WorkerShift | null, how: 'same-quantile' | 'relative'): RatioRecord | null {
  if (!ratio || !bounded(shift)) return ratio;
  const [low, high] = how === 'same-quantile' ? [shift.low, shift.high] : [(ratio.ratio * shift.low) / shift.ratio, (ratio.ratio * shift.high) / shift.ratio];
  return {
    ratio: ratio.ratio,
    low: ratio.low === null ? null : Math.min(ratio.low, low),
    high: ratio.high === null ? null : Math.max(ratio.high, high),
  };
}

function ratios(result: TrialResult, entry: BaselineEntry, confidence: number, shift: WorkerShift | null, shiftP99: WorkerShift | null): BaselineRecord['ratios'] {
  const load = sortAscending(result.load?.samplesMs ?? []);
  const baselineLoad = loadSamples(entry.load);
  const inference = sortAscending(result.inference?.samplesMs ?? []);
  const baselineInference = loadSamples(entry.inference);
  const p99 = quantileRatioOrNull(inference, baselineInference, 0.99, confidence);
  return {
    loadP50: quantileRatioOrNull(load, baselineLoad, 0.5, confidence),
    loadP95: quantileRatioOrNull(load, baselineLoad, 0.95, confidence),
    inferenceP50: widen(quantileRatioOrNull(inference, baselineInference, 0.5, confidence), shift, 'same-quantile'),
    inferenceP99: bounded(shiftP99) ? widen(p99, shiftP99, 'same-quantile') : widen(p99, shift, 'relative'),
    memoryPeak: pointRatio(result.memory?.peakBytes, entry.memoryPeakBytes),
  };
}

const RATIO_KEY: Record<RegressionMetric, keyof BaselineRecord['ratios']> = {
  'load.p50': 'loadP50',
  'load.p95': 'loadP95',
  'inference.p50': 'inferenceP50',
  'inference.p99': 'inferenceP99',
  'memory.peak': 'memoryPeak',
};

const factor = (value: number | null) => (value === null ? '—' : `${value.toFixed(3)}×`);

/** Workers per side from which the 95 % Mann–Whitney interval of two equal-sized runs is bounded. */
export const RUN_NOISE_MIN_WORKERS = 4;

/** Why the inference intervals hold only the sampling noise, or null when they hold the run-to-run noise too. */
function noiseNote(shift: WorkerShift | null, workersNow: number, workersBaseline: number): string | null {
  if (bounded(shift)) return null;
  return `run-to-run noise not measured: ${workersNow} inference worker${workersNow === 1 ? '' : 's'} now and ${workersBaseline} in the baseline are too few to bound it (--repeat ${RUN_NOISE_MIN_WORKERS} or more on both sides accounts for it)`;
}

export function regressionCheck(spec: RegressionSpec, ratio: RatioRecord | null, confidence: number, noiseNote: string | null = null): CheckRecord {
  const singleValued = spec.id === 'memory.peak';
  const name = `regression.${spec.id} < ${factor(spec.maxRatio)}`;
  const base = {
    id: `regression.${spec.id}`,
    metric: `${spec.id} now / in the baseline`,
    operator: '<' as const,
    threshold: spec.maxRatio,
    actual: ratio?.ratio ?? null,
    unit: 'factor' as const,
    n: ratio ? 1 : 0,
    interval: ratio && !singleValued ? { low: ratio.low, high: ratio.high, confidence } : null,
    method: singleValued ? ('point' as const) : ('order-statistics' as const),
    samplesNeeded: null,
    level: spec.level,
  };
  if (spec.level === 'off') return { ...base, verdict: 'skipped', message: `${name}: skipped (level off)` };
  if (!ratio) return { ...base, verdict: 'skipped', message: `${name}: not compared, no ${spec.id} on one side` };
  const [low, high] = singleValued ? [ratio.ratio, ratio.ratio] : [ratio.low, ratio.high];
  const shown = singleValued ? factor(ratio.ratio) : `${factor(ratio.ratio)}, ${formatConfidence(confidence)} interval [${factor(ratio.low)}, ${factor(ratio.high)}]`;
  const note = noiseNote ? ` (${noiseNote})` : '';
  const verdict = intervalVerdict(low, high, spec.maxRatio);
  if (verdict === 'fail') return { ...base, verdict, message: `${name}: ${shown}, wholly above the allowed ${factor(spec.maxRatio)}${note}` };
  if (verdict === 'pass') return { ...base, verdict, message: `${name}: ${shown}${note}` };
  const why =
    high === null
      ? 'too few samples to bound the ratio from above; raise --max-time or --max-load-runs'
      : `the interval straddles ${factor(spec.maxRatio)}; more samples (--max-time, --max-load-runs) narrow it`;
  return { ...base, verdict: 'inconclusive', message: `${name}: inconclusive, ${shown}: ${why}${note}` };
}

export interface BaselineSettings {
  confidence: number;
  regressions: readonly RegressionSpec[];
}

/** Adds `baseline` and the regression checks to each measured row that has a baseline entry. */
export function attachBaseline(results: readonly TrialResult[], baseline: Baseline, settings: BaselineSettings): TrialResult[] {
  return results.map((result) => {
    if (result.status !== 'ok') return result;
    const entry = findEntry(baseline, { model: result.model, variant: result.variant, runtime: result.runtime, threads: result.threads.requested });
    if (!entry) {
      return { ...result, warnings: [...result.warnings, `the baseline has no ${result.runtime} entry for ${result.model.name}; no regression checks`] };
    }
    const nowMedians = result.inference?.workerMediansMs ?? [];
    const noise = runNoise(nowMedians, entry.inferenceWorkerMediansMs);
    const workersNow = Math.max(1, nowMedians.length);
    const workersBaseline = Math.max(1, entry.inferenceWorkerMediansMs.length);
    const shift = workerShift(nowMedians, entry.inferenceWorkerMediansMs, settings.confidence);
    const nowP99s = workerQuantiles(result.inference?.samplesMs ?? [], result.inference?.workerSampleCounts, 0.99);
    const shiftP99 = workerShift(nowP99s, entry.inferenceWorkerP99sMs ?? [], settings.confidence);
    const measured = ratios(result, entry, settings.confidence, shift, shiftP99);
    const differences = rowDifferences(entry, { sha256: result.model.sha256, runtimeVersion: result.runtimeVersion, threads: result.threads.requested });
    const inferenceNote = noiseNote(shift, workersNow, workersBaseline);
    const checks = [
      ...result.checks,
      ...settings.regressions.map((spec) => regressionCheck(spec, measured[RATIO_KEY[spec.id]], settings.confidence, spec.id.startsWith('inference.') ? inferenceNote : null)),
    ];
    return {
      ...result,
      baseline: {
        reference: { createdAt: baseline.createdAt, runtime: entry.runtime, runtimeVersion: entry.runtimeVersion, threads: entry.threads, sha256: entry.model.sha256 },
        ratios: measured,
        differences,
        runNoise: { ...noise, workersNow, workersBaseline, shift, shiftP99 },
      },
      checks,
      verdict: trialVerdict('ok', checks),
      warnings: [...result.warnings, ...differences.map((difference) => `baseline differs: ${difference}`)],
    };
  });
}
