/**
 * KPI checks on point estimates: `actual < threshold` passes. Pure.
 * Record shape is ready for confidence intervals (`interval`, `n`), which a later verdict model fills.
 */
import { formatQuantity, formatQuantityShort } from '../format.js';
import { findMetric, type MetricInfo } from '../metrics.js';
import type { CheckRecord } from '../report/schema.js';
import { hasEnoughSamples, minSamplesForPercentile } from '../stats/percentiles.js';
import type { Summary } from '../stats/summary.js';
import type { KpiSpec } from '../types.js';

/** The statistics a trial offers to the gate; null where the trial produced none. */
export interface GateInputs {
  load: Summary | null;
  inference: Summary | null;
  firstInferenceMs: number | null;
  memoryPeakBytes: number | null;
  memoryRssBytes: number | null;
  errors: number;
  attempts: number;
}

interface Actual {
  value: number | null;
  n: number;
  /** Caveat appended to the message, e.g. too few samples for the percentile. */
  note: string | null;
}

function percentileNote(stat: string, summary: Summary): string | null {
  if (!/^p\d+$/.test(stat)) return null;
  const q = Number(stat.slice(1)) / 100;
  if (hasEnoughSamples(q, summary.n)) return null;
  return `only ${summary.n} samples: ${stat.toUpperCase()} needs at least ${minSamplesForPercentile(q)} to differ from the maximum`;
}

function actualFor(metric: MetricInfo, inputs: GateInputs): Actual {
  const [phase, stat] = metric.id.split('.') as [string, string | undefined];
  if ((phase === 'load' || phase === 'inference') && stat) {
    const summary = phase === 'load' ? inputs.load : inputs.inference;
    if (!summary) return { value: null, n: 0, note: null };
    return { value: summary[stat as keyof Summary], n: summary.n, note: percentileNote(stat, summary) };
  }
  switch (metric.id) {
    case 'first-inference':
      return { value: inputs.firstInferenceMs, n: inputs.firstInferenceMs === null ? 0 : 1, note: null };
    case 'memory.peak':
      return { value: inputs.memoryPeakBytes, n: inputs.memoryPeakBytes === null ? 0 : 1, note: null };
    case 'memory.rss':
      return { value: inputs.memoryRssBytes, n: inputs.memoryRssBytes === null ? 0 : 1, note: null };
    case 'error.rate':
      return inputs.attempts > 0
        ? { value: inputs.errors / inputs.attempts, n: inputs.attempts, note: `${inputs.errors} of ${inputs.attempts} runs failed` }
        : { value: null, n: 0, note: null };
    default:
      return { value: null, n: 0, note: null };
  }
}

export function checkName(kpi: Pick<KpiSpec, 'id' | 'threshold'>): string {
  const metric = findMetric(kpi.id);
  return `${kpi.id} < ${metric ? formatQuantityShort(metric.unit, kpi.threshold) : kpi.threshold}`;
}

export function evaluateCheck(kpi: KpiSpec, inputs: GateInputs | null): CheckRecord {
  const metric = findMetric(kpi.id);
  if (!metric) throw new Error(`no metric ${kpi.id}`);
  const actual: Actual = inputs ? actualFor(metric, inputs) : { value: null, n: 0, note: null };
  const name = checkName(kpi);
  const record = {
    id: kpi.id,
    metric: metric.description,
    operator: '<' as const,
    threshold: kpi.threshold,
    actual: actual.value,
    unit: metric.unit,
    n: actual.n,
    interval: null,
    level: kpi.level,
  };
  const suffix = actual.note ? ` (${actual.note})` : '';
  if (kpi.level === 'off') {
    return { ...record, verdict: 'skipped', message: `${name}: skipped (level off)` };
  }
  if (actual.value === null) {
    return { ...record, verdict: 'error', message: `${name}: not measured, the trial produced no ${kpi.id} value` };
  }
  const shown = formatQuantity(metric.unit, actual.value);
  if (actual.value < kpi.threshold) {
    return { ...record, verdict: 'pass', message: `${name}: ${shown}${suffix}` };
  }
  return {
    ...record,
    verdict: 'fail',
    message: `${name}: ${shown} is not below ${formatQuantity(metric.unit, kpi.threshold)}${suffix}`,
  };
}

export function evaluateChecks(kpis: readonly KpiSpec[], inputs: GateInputs | null): CheckRecord[] {
  return kpis.map((kpi) => evaluateCheck(kpi, inputs));
}

/** fail when an error-level check failed; warn-level failures never fail the run. */
export function trialVerdict(status: 'ok' | 'error', checks: readonly CheckRecord[]): 'pass' | 'fail' | 'error' {
  if (status === 'error') return 'error';
  return checks.some((check) => check.level === 'error' && (check.verdict === 'fail' || check.verdict === 'error')) ? 'fail' : 'pass';
}
