/**
 * The A/B judgement of one runtime's blocks: per metric, the paired ratio B / A with its
 * anytime-valid interval and slower / faster / same / unsure; output parity of B against A; the
 * row's verdict. The loop's judge (ab-judge.ts) and this make the same call per metric, so the
 * report's verdict is the last look's.
 */
import type { RegressionSpec } from '../regression-metrics.js';
import type { CheckLevel, OutputSnapshot } from '../types.js';
import { judgeMetric, type AbMetric, type InferenceBlock, type LoadBlock } from './ab-judge.js';
import type { AbCheckRecord } from './ab-records.js';
import type { AbVerdict } from './ab-verdict.js';
import { parityCheckAgainst } from './cross-runtime.js';
import type { CheckRecord } from './records.js';
import { compareOutputs, type OutputParity } from './output-parity.js';

const METRIC_WORDS: Record<AbMetric, string> = {
  'load.p50': 'cold load P50',
  'load.p95': 'cold load P95',
  'memory.peak': 'memory peak',
  'inference.p50': 'inference P50',
  'inference.p99': 'inference P99',
};

export const AB_METRICS: readonly AbMetric[] = ['inference.p50', 'inference.p99', 'load.p50', 'load.p95', 'memory.peak'];

export interface AbSettings {
  confidence: number;
  /** Per metric: the tolerance of "same" (maxRatio − 1) and the check's level. */
  regressions: readonly RegressionSpec[];
  parityLevel: CheckLevel;
  atol: number;
  rtol: number;
}

export interface AbRowMeasurements {
  loadBlocks: readonly LoadBlock[];
  inferenceBlocks: readonly InferenceBlock[];
  aOutputs: OutputSnapshot[] | null;
  bOutputs: OutputSnapshot[] | null;
  outputsNote: string | null;
}

export interface AbRowJudgement {
  checks: AbCheckRecord[];
  parity: OutputParity[] | null;
  parityCheck: CheckRecord;
  verdict: 'pass' | 'fail' | 'inconclusive';
}

function signedPercent(ratio: number): string {
  const percent = (ratio - 1) * 100;
  return `${percent >= 0 ? '+' : '−'}${Math.abs(percent).toFixed(1)} %`;
}

function describeInterval(low: number | null, high: number | null): string {
  return `[${low === null ? '—' : signedPercent(low)}, ${high === null ? '—' : signedPercent(high)}]`;
}

/** "B is 7.2 % slower [+5.1 %, +9.4 %] at inference P50 (24 blocks): slower" and its kin. */
export function abMessage(metric: AbMetric, ratio: number | null, low: number | null, high: number | null, blocks: number, outcome: AbVerdict, tolerance: number): string {
  const words = METRIC_WORDS[metric];
  if (ratio === null) return `${words}: no paired blocks to compare`;
  const change = ratio >= 1 ? `${((ratio - 1) * 100).toFixed(1)} % slower` : `${((1 - ratio) * 100).toFixed(1)} % faster`;
  const what = metric === 'memory.peak' ? change.replace('slower', 'larger').replace('faster', 'smaller') : change;
  const measured = `B is ${what} ${describeInterval(low, high)} at ${words} (${blocks} paired block${blocks === 1 ? '' : 's'})`;
  const band = `±${(tolerance * 100).toFixed(tolerance * 100 < 1 ? 1 : 0)} %`;
  switch (outcome) {
    case 'same':
      return `${measured}: the same within ${band}`;
    case 'slower':
      return `${measured}: ${metric === 'memory.peak' ? 'larger' : 'slower'}, beyond doubt and not within ${band}`;
    case 'faster':
      return `${measured}: ${metric === 'memory.peak' ? 'smaller' : 'faster'}, beyond doubt and not within ${band}`;
    case 'unsure':
      return low === null || high === null
        ? `${measured}: unsure, too few blocks to bound the ratio`
        : `${measured}: unsure, the interval straddles both no change and the ${band} band; more time (--max-time) can decide`;
  }
}

function verdictOf(outcome: AbVerdict, level: CheckLevel): AbCheckRecord['verdict'] {
  if (level === 'off') return 'skipped';
  if (outcome === 'slower') return 'fail';
  return outcome === 'unsure' ? 'inconclusive' : 'pass';
}

export function judgeAbCheck(metric: AbMetric, measurements: Pick<AbRowMeasurements, 'loadBlocks' | 'inferenceBlocks'>, spec: RegressionSpec, confidence: number): AbCheckRecord {
  const tolerance = spec.maxRatio - 1;
  const { estimate, verdict: outcome } = judgeMetric(metric, measurements.loadBlocks, measurements.inferenceBlocks, { confidence, maxRegression: tolerance });
  return {
    id: `ab.${metric}`,
    metric: `${METRIC_WORDS[metric]} of B over A`,
    ratio: estimate?.ratio ?? null,
    interval: estimate ? { low: estimate.low, high: estimate.high, confidence } : null,
    blocks: estimate?.blocks ?? 0,
    tolerance,
    outcome,
    verdict: verdictOf(outcome, spec.level),
    level: spec.level,
    message: abMessage(metric, estimate?.ratio ?? null, estimate?.low ?? null, estimate?.high ?? null, estimate?.blocks ?? 0, outcome, tolerance),
  };
}

export function judgeAbRow(measurements: AbRowMeasurements, settings: AbSettings): AbRowJudgement {
  const checks = AB_METRICS.map((metric) => {
    const spec = settings.regressions.find((entry) => entry.id === metric);
    if (!spec) throw new Error(`no regression setting for ${metric}`);
    return judgeAbCheck(metric, measurements, spec, settings.confidence);
  });
  const parity = measurements.aOutputs && measurements.bOutputs ? compareOutputs(measurements.aOutputs, measurements.bOutputs, settings) : null;
  const parityCheck = parityCheckAgainst('side A', parity, measurements.outputsNote, settings);
  const gating = [...checks, parityCheck].filter((check) => check.level === 'error');
  const verdict = gating.some((check) => check.verdict === 'fail') ? 'fail' : gating.some((check) => check.verdict === 'inconclusive') ? 'inconclusive' : 'pass';
  return { checks, parity, parityCheck, verdict };
}
