/**
 * Prometheus alert rules from the KPI table: per KPI at level warn or error that the exported
 * metrics can express (error → severity critical, warn → warning), threshold in the metric's base
 * unit, one rule for pushed runs and one for live services (see kpi-promql.ts). KPIs left out, and
 * thresholds a histogram cannot judge exactly, are reported.
 */
import { Document } from 'yaml';
import { formatQuantityShort } from '../format.js';
import { findMetric } from '../metrics.js';
import type { CheckLevel, KpiSpec } from '../types.js';
import { RATE_WINDOW, kpiPromql, thresholdInBaseUnit, type KpiFamily, type KpiPromql, type ValueUnit } from './kpi-promql.js';

export const RULE_GROUP = 'wasm-torch-bench-runs';
export const LIVE_RULE_GROUP = 'wasm-torch-live';

/** A pushed run's value holds until the next push: one minute rules out a half-scraped push. */
export const ALERT_FOR = '1m';
/** The framework's own `for` for live services. */
export const LIVE_ALERT_FOR = '5m';

/** HighInferenceLatency is the framework's name; the other families follow it. */
const ALERT_NAMES: Record<KpiFamily, string> = {
  inference: 'HighInferenceLatency',
  load: 'HighModelLoadTime',
  memory: 'HighMemoryUsage',
  errors: 'HighInferenceErrorRate',
};

const WHAT: Record<KpiFamily, string> = {
  inference: 'Inference latency',
  load: 'Model load time',
  memory: 'Peak memory',
  errors: 'Inference error rate',
};

const SEVERITY: Record<Exclude<CheckLevel, 'off'>, string> = { error: 'critical', warn: 'warning' };

const VALUE_TEMPLATE: Record<ValueUnit, string> = {
  seconds: '{{ $value | humanizeDuration }}',
  bytes: '{{ $value | humanize }}B',
  ratio: '{{ $value | humanizePercentage }}',
};

const SERIES_TEXT = '{{ $labels.model }} on {{ $labels.runtime }} (threads {{ $labels.threads }})';

export interface AlertRule {
  alert: string;
  expr: string;
  for: string;
  labels: { severity: string; kpi: string; source: 'pushed-run' | 'live' };
  annotations: { summary: string; description: string };
}

export interface LeftOutKpi {
  id: string;
  reason: string;
}

export interface AlertRules {
  groups: { name: string; rules: AlertRule[] }[];
  /** For pushed runs (group RULE_GROUP). */
  rules: AlertRule[];
  /** The same KPIs for live services scraped directly (group LIVE_RULE_GROUP). */
  liveRules: AlertRule[];
  leftOut: LeftOutKpi[];
  /** Rules that exist but judge the threshold less exactly than the gate does. */
  notes: string[];
}

function statName(query: KpiPromql): string {
  return query.family === 'memory' || query.family === 'errors' ? '' : ` ${query.stat}`;
}

function rule(kpi: KpiSpec & { level: 'warn' | 'error' }, query: KpiPromql, source: 'pushed-run' | 'live'): AlertRule {
  const threshold = thresholdInBaseUnit(kpi);
  const unit = findMetric(kpi.id)?.unit ?? 'ms';
  const thresholdText = formatQuantityShort(unit, kpi.threshold);
  const what = `${WHAT[query.family]}${statName(query)}`;
  const when = source === 'live' ? (query.family === 'memory' ? '' : ` over the last ${RATE_WINDOW}`) : ' in the last pushed run';
  return {
    alert: ALERT_NAMES[query.family],
    expr: `${source === 'live' ? query.liveExpr() : query.expr()} > ${threshold}`,
    for: source === 'live' ? LIVE_ALERT_FOR : ALERT_FOR,
    labels: { severity: SEVERITY[kpi.level], kpi: kpi.id, source },
    annotations: {
      summary: `${what} of ${SERIES_TEXT} is above ${thresholdText}`,
      description: `${what} is ${VALUE_TEMPLATE[query.valueUnit]}${when}; KPI ${kpi.id} < ${thresholdText} (level ${kpi.level}).`,
    },
  };
}

/** A quantile between bucket bounds is interpolated; one above the last finite bound never shows. */
function bucketNote(kpi: KpiSpec, query: KpiPromql): string | null {
  if (!query.bucketsSeconds) return null;
  const threshold = thresholdInBaseUnit(kpi);
  const bounds = query.bucketsSeconds;
  const largest = bounds[bounds.length - 1] as number;
  if (threshold >= largest) {
    return `${kpi.id} < ${threshold} s: histogram_quantile never exceeds the largest finite bucket bound (${largest} s), so this rule cannot fire`;
  }
  if (bounds.includes(threshold)) return null;
  const upper = bounds.find((bound) => bound > threshold) as number;
  const lower = [...bounds].reverse().find((bound) => bound < threshold);
  return `${kpi.id} < ${threshold} s is not a bucket bound: the quantile is interpolated between ${lower ?? 0} s and ${upper} s, so the alert may disagree with the gate near the threshold`;
}

export function buildAlertRules(kpis: readonly KpiSpec[]): AlertRules {
  const rules: AlertRule[] = [];
  const liveRules: AlertRule[] = [];
  const leftOut: LeftOutKpi[] = [];
  const notes: string[] = [];
  for (const kpi of kpis) {
    if (kpi.level === 'off') {
      leftOut.push({ id: kpi.id, reason: 'level off' });
      continue;
    }
    const promql = kpiPromql(kpi.id);
    if (!promql.ok) {
      leftOut.push({ id: kpi.id, reason: promql.reason });
      continue;
    }
    rules.push(rule({ ...kpi, level: kpi.level }, promql.query, 'pushed-run'));
    liveRules.push(rule({ ...kpi, level: kpi.level }, promql.query, 'live'));
    const note = bucketNote(kpi, promql.query);
    if (note) notes.push(note);
  }
  return {
    groups: [
      { name: RULE_GROUP, rules },
      { name: LIVE_RULE_GROUP, rules: liveRules },
    ],
    rules,
    liveRules,
    leftOut,
    notes,
  };
}

export function renderAlertRules(rules: AlertRules): string {
  const document = new Document({ groups: rules.groups });
  document.commentBefore =
    ' Prometheus alert rules written by `wasm-torch-bench monitoring export` from the KPI table the gate uses.\n' +
    ' Change the KPIs (config file, WTB_KPI, --kpi) and export again rather than editing this file.';
  return document.toString({ lineWidth: 0 });
}
