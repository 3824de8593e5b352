/**
 * A KPI of the gate's table as PromQL over the exported metrics: the value per model × runtime ×
 * threads that an alert compares with the threshold and the dashboard plots, two ways. A KPI the
 * exported metrics cannot express says why.
 *
 * Pushed runs (`expr`) are snapshots: each run pushes its whole histogram, and the next push of
 * the group replaces it. Their expressions read the values as they are, not through rate(): rate()
 * of a snapshot is 0 between pushes (histogram_quantile gives NaN, nothing fires) and, across a
 * push, mixes two runs' counts. Without aggregation, groups pushed with different --push-label
 * values (two branches) stay apart, and each alert carries their labels.
 *
 * Live services (`liveExpr`) that export the same metrics and are scraped directly keep counting,
 * so rates over RATE_WINDOW are right there, as in the monitoring framework. The two are told
 * apart by `instance`: a scrape target has one; the Pushgateway's series (honor_labels) have none.
 */
import { findMetric, loadTemperatureOf } from '../metrics.js';
import type { KpiSpec } from '../types.js';
import { EXPORTED_METRICS, SERIES_LABELS } from './exported-metrics.js';

/** Window of every rate() over a live service: several 15 s scrapes, with room for a missed one. */
export const RATE_WINDOW = '5m';

const PUSHED = 'instance=""';
const LIVE = 'instance!=""';
const BY_SERIES = `by (${SERIES_LABELS.join(', ')})`;
const BY_BUCKET = `by (le, ${SERIES_LABELS.join(', ')})`;

export type KpiFamily = 'load' | 'inference' | 'memory' | 'errors';
export type ValueUnit = 'seconds' | 'bytes' | 'ratio';

export interface KpiPromql {
  id: string;
  family: KpiFamily;
  /** "P99", "mean", "peak", "rate": how the value is named on a panel or in an alert. */
  stat: string;
  valueUnit: ValueUnit;
  /** Bucket bounds (seconds) a histogram quantile interpolates between; null for other KPIs. */
  bucketsSeconds: readonly number[] | null;
  /** The value of each pushed run; `matchers` (`model=~"$model"`) go inside every selector's braces. */
  expr(matchers?: string): string;
  /** The value of a live service over the last RATE_WINDOW, aggregated over its instances. */
  liveExpr(): string;
}

export type KpiPromqlResult = { ok: true; query: KpiPromql } | { ok: false; reason: string };

const PERCENTILES: Record<string, number> = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 };

const selector = (name: string, matchers: string | undefined) => `${name}{${[PUSHED, matchers].filter(Boolean).join(', ')}}`;
const rate = (name: string) => `rate(${name}{${LIVE}}[${RATE_WINDOW}])`;

function latency(id: string, family: 'load' | 'inference', stat: string): KpiPromqlResult {
  const metric = family === 'load' ? EXPORTED_METRICS.loadDuration : EXPORTED_METRICS.inferenceDuration;
  const quantile = PERCENTILES[stat];
  if (quantile !== undefined) {
    return {
      ok: true,
      query: {
        id,
        family,
        stat: stat.toUpperCase(),
        valueUnit: 'seconds',
        bucketsSeconds: metric.buckets,
        expr: (matchers) => `histogram_quantile(${quantile}, ${selector(`${metric.name}_bucket`, matchers)})`,
        liveExpr: () => `histogram_quantile(${quantile}, sum ${BY_BUCKET} (${rate(`${metric.name}_bucket`)}))`,
      },
    };
  }
  if (stat === 'mean') {
    return {
      ok: true,
      query: {
        id,
        family,
        stat: 'mean',
        valueUnit: 'seconds',
        bucketsSeconds: null,
        expr: (matchers) => `${selector(`${metric.name}_sum`, matchers)} / ${selector(`${metric.name}_count`, matchers)}`,
        liveExpr: () => `sum ${BY_SERIES} (${rate(`${metric.name}_sum`)}) / sum ${BY_SERIES} (${rate(`${metric.name}_count`)})`,
      },
    };
  }
  return { ok: false, reason: `${metric.name} is a histogram: it keeps bucket counts, not the ${stat === 'min' ? 'fastest' : 'slowest'} sample` };
}

export function kpiPromql(id: string): KpiPromqlResult {
  if (loadTemperatureOf(id) === 'warm') {
    return {
      ok: false,
      reason: `warm loads are not exported as a metric (${EXPORTED_METRICS.loadDuration.name} holds cold loads); their check's verdict is, in ${EXPORTED_METRICS.checkVerdict.name}`,
    };
  }
  const [phase, stat] = id.split('.');
  if ((phase === 'load' || phase === 'inference') && stat) return latency(id, phase, stat);
  switch (id) {
    case 'memory.peak':
      return {
        ok: true,
        query: {
          id,
          family: 'memory',
          stat: 'peak',
          valueUnit: 'bytes',
          bucketsSeconds: null,
          expr: (matchers) => selector(EXPORTED_METRICS.memoryUsage.name, matchers),
          liveExpr: () => `max ${BY_SERIES} (${EXPORTED_METRICS.memoryUsage.name}{${LIVE}})`,
        },
      };
    case 'error.rate':
      return {
        ok: true,
        query: {
          id,
          family: 'errors',
          stat: 'rate',
          valueUnit: 'ratio',
          bucketsSeconds: null,
          expr: (matchers) => `${selector(EXPORTED_METRICS.inferenceErrors.name, matchers)} / ${selector(EXPORTED_METRICS.inferenceRuns.name, matchers)}`,
          liveExpr: () => `sum ${BY_SERIES} (${rate(EXPORTED_METRICS.inferenceErrors.name)}) / sum ${BY_SERIES} (${rate(EXPORTED_METRICS.inferenceRuns.name)})`,
        },
      };
    case 'first-inference':
      return { ok: false, reason: 'no exported metric holds the first run() (the inference histogram holds the timed runs after warm-up)' };
    case 'memory.rss':
      return { ok: false, reason: `${EXPORTED_METRICS.memoryUsage.name} is the model-attributable peak (memory.peak), not the worker's resident set size` };
    case 'memory.retained':
      return { ok: false, reason: 'no exported metric holds the growth per create → run → release cycle; the JSON report and the check verdict (wasm_torch_check_verdict) do' };
    default:
      return { ok: false, reason: 'not a known metric' };
  }
}

/** The KPI's threshold in the exported metric's unit: ms → seconds; bytes and ratios as they are. */
export function thresholdInBaseUnit(kpi: KpiSpec): number {
  const unit = findMetric(kpi.id)?.unit;
  // Rounded so 0.3 ms is 0.0003 s, not 0.00030000000000000003.
  return unit === 'ms' ? Number((kpi.threshold / 1000).toPrecision(12)) : kpi.threshold;
}
