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
import type { RegressionMetric, RegressionSpec } from '../regression-metrics.js';
import { sortAscending } from '../stats/percentiles.js';
import { pointRatio, quantileRatioOrNull } from '../stats/ratio-interval.js';
import { runNoise } from '../stats/run-noise.js';
import { workerQuantiles } from '../stats/worker-quantiles.js';
import { bounded, workerShift, type WorkerShift } from '../stats/worker-shift.js';
import { intervalVerdict } from './evaluate-checks.js';
import type { BaselineComparisonRecord, CheckRecord, RatioRecord } from './records.js';

/** What the regression judging reads of a row now (a report's TrialResult has it). */
export interface RegressionRow {
  load: { samplesMs: readonly number[] } | null;
  inference: { samplesMs: readonly number[]; workerMediansMs: readonly number[]; workerSampleCounts?: readonly number[] | undefined } | null;
  memory: { peakBytes: number | null } | null;
}

/** What the baseline entry offers: its samples sorted ascending, its workers' medians and P99s, its memory peak. */
export interface BaselineSamples {
  loadSortedMs: readonly number[];
  inferenceSortedMs: readonly number[];
  inferenceWorkerMediansMs: readonly number[];
  /** Empty in baselines from before per-worker P99s. */
  inferenceWorkerP99sMs: readonly number[];
  memoryPeakBytes: number | null;
}

/** The gate's verdict on a row against its baseline entry: the ratios, the run-to-run noise and the regression checks. */
export interface RegressionJudgement {
  ratios: BaselineComparisonRecord['ratios'];
  runNoise: BaselineComparisonRecord['runNoise'];
  checks: CheckRecord[];
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

function ratios(row: RegressionRow, baseline: BaselineSamples, confidence: number, shift: WorkerShift | null, shiftP99: WorkerShift | null): RegressionJudgement['ratios'] {
  const load = sortAscending(row.load?.samplesMs ?? []);
  const baselineLoad = baseline.loadSortedMs;
  const inference = sortAscending(row.inference?.samplesMs ?? []);
  const baselineInference = baseline.inferenceSortedMs;
  const p99 = quantileRatioOrNull(inference, baselineInference, 0.99, confidence);
  return {
    loadP50: quantileRatioOrNull(load, baselineLoad, 0.5, confidence),
    loadP95: quantileRatioOrNull(load, baselineLoad, 0.95, confidence),
    inferenceP50: widen(quantileRatioOrNull(inference, baselineInference, 0.5, confidence), shift, 'same-quantile'),
    inferenceP99: bounded(shiftP99) ? widen(p99, shiftP99, 'same-quantile') : widen(p99, shift, 'relative'),
    memoryPeak: pointRatio(row.memory?.peakBytes, baseline.memoryPeakBytes),
  };
}

const RATIO_KEY: Record<RegressionMetric, keyof RegressionJudgement['ratios']> = {
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

/**
 * A measured row against its baseline entry: ratios new/old with their intervals, widened by the
 * run-to-run noise between inference workers, and one regression check per spec.
 */
export function judgeAgainstBaseline(row: RegressionRow, baseline: BaselineSamples, settings: BaselineSettings): RegressionJudgement {
  const nowMedians = row.inference?.workerMediansMs ?? [];
  const noise = runNoise(nowMedians, baseline.inferenceWorkerMediansMs);
  const workersNow = Math.max(1, nowMedians.length);
  const workersBaseline = Math.max(1, baseline.inferenceWorkerMediansMs.length);
  const shift = workerShift(nowMedians, baseline.inferenceWorkerMediansMs, settings.confidence);
  const nowP99s = workerQuantiles(row.inference?.samplesMs ?? [], row.inference?.workerSampleCounts, 0.99);
  const shiftP99 = workerShift(nowP99s, baseline.inferenceWorkerP99sMs, settings.confidence);
  const measured = ratios(row, baseline, settings.confidence, shift, shiftP99);
  const inferenceNote = noiseNote(shift, workersNow, workersBaseline);
  return {
    ratios: measured,
    runNoise: { ...noise, workersNow, workersBaseline, shift, shiftP99 },
    checks: settings.regressions.map((spec) => regressionCheck(spec, measured[RATIO_KEY[spec.id]], settings.confidence, spec.id.startsWith('inference.') ? inferenceNote : null)),
  };
}
