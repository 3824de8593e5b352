/**
 * The Grafana dashboard of the exported metrics, per model and runtime (template variables), with
 * the KPI table's thresholds drawn on the panels they bound: latency quantiles, load time, memory,
 * error rate, and the checks that failed.
 */
import { formatQuantityShort } from '../format.js';
import { LATENCY_STATS, findMetric } from '../metrics.js';
import type { KpiSpec } from '../types.js';
import { CHECK_LABELS, EXPORTED_METRICS, SERIES_LABELS, VERDICT_LABEL } from './exported-metrics.js';
import { kpiPromql, thresholdInBaseUnit, type KpiPromql } from './kpi-promql.js';
import { DASHBOARD_TITLE, DASHBOARD_UID, DATASOURCE_UID } from './stack-layout.js';

/** Schema of Grafana 10.4–11 dashboards; newer Grafana migrates it on load. */
export const DASHBOARD_SCHEMA_VERSION = 39;

const DATASOURCE = { type: 'prometheus', uid: DATASOURCE_UID } as const;
const MATCHERS = 'model=~"$model", runtime=~"$runtime"';
const SERIES_LEGEND = '{{model}} · {{runtime}} · {{threads}} threads';

export interface DashboardTarget {
  refId: string;
  expr: string;
  legendFormat: string;
  datasource: typeof DATASOURCE;
}

export interface ThresholdStep {
  color: string;
  value: number | null;
}

interface TimeseriesSpec {
  title: string;
  description: string;
  unit: string;
  targets: { expr: string; legend: string }[];
  kpis: readonly KpiSpec[];
}

const gated = (kpi: KpiSpec) => kpi.level !== 'off';

function query(id: string): KpiPromql {
  const result = kpiPromql(id);
  if (!result.ok) throw new Error(`${id} has no PromQL: ${result.reason}`);
  return result.query;
}

function targets(specs: TimeseriesSpec['targets']): DashboardTarget[] {
  return specs.map((spec, index) => ({ refId: String.fromCharCode(65 + index), expr: spec.expr, legendFormat: spec.legend, datasource: DATASOURCE }));
}

/** One step per gated KPI at its threshold: red for error, orange for warn (error wins a tie). */
export function thresholdSteps(kpis: readonly KpiSpec[]): ThresholdStep[] {
  const byValue = new Map<number, string>();
  for (const kpi of kpis.filter(gated)) {
    const value = thresholdInBaseUnit(kpi);
    if (byValue.get(value) !== 'red') byValue.set(value, kpi.level === 'error' ? 'red' : 'orange');
  }
  const steps = [...byValue].sort(([a], [b]) => a - b).map(([value, color]) => ({ color, value }));
  return [{ color: 'green', value: null }, ...steps];
}

function kpiText(kpis: readonly KpiSpec[]): string {
  const lines = kpis.filter(gated).map((kpi) => `${kpi.id} < ${formatQuantityShort(findMetric(kpi.id)?.unit ?? 'ms', kpi.threshold)} (${kpi.level})`);
  return lines.length > 0 ? ` Threshold lines: ${lines.join(', ')}.` : '';
}

function timeseries(id: number, gridPos: object, spec: TimeseriesSpec): object {
  const steps = thresholdSteps(spec.kpis);
  return {
    id,
    type: 'timeseries',
    title: spec.title,
    description: `${spec.description}${kpiText(spec.kpis)}`,
    datasource: DATASOURCE,
    gridPos,
    targets: targets(spec.targets),
    fieldConfig: {
      defaults: {
        unit: spec.unit,
        min: 0,
        color: { mode: 'palette-classic' },
        custom: {
          drawStyle: 'line',
          lineWidth: 1,
          fillOpacity: 0,
          showPoints: 'auto',
          spanNulls: false,
          thresholdsStyle: { mode: steps.length > 1 ? 'dashed' : 'off' },
        },
        thresholds: { mode: 'absolute', steps },
      },
      overrides: [],
    },
    options: {
      legend: { showLegend: true, displayMode: 'table', placement: 'bottom', calcs: ['lastNotNull', 'max'] },
      tooltip: { mode: 'multi', sort: 'desc' },
    },
  };
}

/** The quantiles always shown, plus every stat of the phase a gated KPI bounds, in LATENCY_STATS order. */
function latencyStats(kpis: readonly KpiSpec[], phase: 'load' | 'inference', always: readonly string[]): string[] {
  const wanted = new Set([...always, ...kpis.filter((kpi) => gated(kpi) && kpi.id.startsWith(`${phase}.`)).map((kpi) => kpi.id.slice(phase.length + 1))]);
  return LATENCY_STATS.filter((stat) => wanted.has(stat) && kpiPromql(`${phase}.${stat}`).ok);
}

function latencyPanel(id: number, gridPos: object, kpis: readonly KpiSpec[], phase: 'load' | 'inference', always: readonly string[]): object {
  const stats = latencyStats(kpis, phase, always);
  const metric = phase === 'load' ? EXPORTED_METRICS.loadDuration : EXPORTED_METRICS.inferenceDuration;
  return timeseries(id, gridPos, {
    title: phase === 'load' ? `Model load time ${stats.map((stat) => stat.toUpperCase()).join(', ')}` : `Inference latency ${stats.map((stat) => stat.toUpperCase()).join(', ')}`,
    description: `${metric.help}. Quantiles of each pushed run's histogram (a push replaces the previous run of its group).`,
    unit: 's',
    targets: stats.map((stat) => {
      const q = query(`${phase}.${stat}`);
      return { expr: q.expr(MATCHERS), legend: `${SERIES_LEGEND} · ${q.stat}` };
    }),
    kpis: kpis.filter((kpi) => stats.some((stat) => kpi.id === `${phase}.${stat}`)),
  });
}

function verdictPanel(id: number, gridPos: object): object {
  const metric = EXPORTED_METRICS.checkVerdict.name;
  const [check] = CHECK_LABELS;
  return {
    id,
    type: 'state-timeline',
    title: 'Failed checks',
    description: `${EXPORTED_METRICS.checkVerdict.help}. Shown: the "fail" state of each check.`,
    datasource: DATASOURCE,
    gridPos,
    targets: targets([{ expr: `max by (${[check, ...SERIES_LABELS].join(', ')}) (${metric}{${VERDICT_LABEL}="fail", ${MATCHERS}})`, legend: `{{${check}}} · ${SERIES_LEGEND}` }]),
    fieldConfig: {
      defaults: {
        color: { mode: 'thresholds' },
        thresholds: {
          mode: 'absolute',
          steps: [
            { color: 'green', value: null },
            { color: 'red', value: 1 },
          ],
        },
        mappings: [{ type: 'value', options: { '0': { text: 'not failing', color: 'green', index: 0 }, '1': { text: 'fail', color: 'red', index: 1 } } }],
        custom: { fillOpacity: 80, lineWidth: 0 },
      },
      overrides: [],
    },
    options: {
      showValue: 'never',
      mergeValues: true,
      alignValue: 'left',
      rowHeight: 0.9,
      legend: { showLegend: true, displayMode: 'list', placement: 'bottom' },
      tooltip: { mode: 'single', sort: 'none' },
    },
  };
}

function variable(name: string, label: string, definition: string): object {
  return {
    type: 'query',
    name,
    label,
    datasource: DATASOURCE,
    definition,
    query: definition,
    refresh: 2,
    includeAll: true,
    multi: true,
    allValue: '.*',
    current: { selected: true, text: ['All'], value: ['$__all'] },
    options: [],
    regex: '',
    sort: 1,
    hide: 0,
  };
}

export function buildGrafanaDashboard(kpis: readonly KpiSpec[]): Record<string, unknown> {
  const byId = (id: string) => kpis.filter((kpi) => kpi.id === id);
  const rows = EXPORTED_METRICS.trialVerdict.name;
  return {
    id: null,
    uid: DASHBOARD_UID,
    title: DASHBOARD_TITLE,
    description: "Benchmarks of ONNX models on WebAssembly runtimes, as wasm-torch-bench pushes them; KPI thresholds from the gate's table.",
    tags: ['wasm-torch-bench', 'onnx', 'webassembly'],
    timezone: 'browser',
    editable: true,
    graphTooltip: 1,
    schemaVersion: DASHBOARD_SCHEMA_VERSION,
    version: 1,
    time: { from: 'now-24h', to: 'now' },
    refresh: '1m',
    annotations: {
      list: [{ builtIn: 1, datasource: { type: 'grafana', uid: '-- Grafana --' }, enable: true, hide: true, iconColor: 'rgba(0, 211, 255, 1)', name: 'Annotations & Alerts', type: 'dashboard' }],
    },
    templating: {
      list: [variable('model', 'Model', `label_values(${rows}, model)`), variable('runtime', 'Runtime', `label_values(${rows}{model=~"$model"}, runtime)`)],
    },
    panels: [
      latencyPanel(1, { x: 0, y: 0, w: 12, h: 9 }, kpis, 'inference', ['p50', 'p95', 'p99']),
      latencyPanel(2, { x: 12, y: 0, w: 12, h: 9 }, kpis, 'load', ['p95']),
      timeseries(
        3,
        { x: 0, y: 9, w: 12, h: 8 },
        {
          title: 'Memory usage',
          description: `${EXPORTED_METRICS.memoryUsage.help}.`,
          unit: 'decbytes',
          targets: [{ expr: query('memory.peak').expr(MATCHERS), legend: SERIES_LEGEND }],
          kpis: byId('memory.peak'),
        },
      ),
      timeseries(
        4,
        { x: 12, y: 9, w: 12, h: 8 },
        {
          title: 'Inference error rate',
          description: 'Failed timed runs / attempted, per pushed run.',
          unit: 'percentunit',
          targets: [{ expr: query('error.rate').expr(MATCHERS), legend: SERIES_LEGEND }],
          kpis: byId('error.rate'),
        },
      ),
      verdictPanel(5, { x: 0, y: 17, w: 24, h: 8 }),
    ],
  };
}

export function renderGrafanaDashboard(kpis: readonly KpiSpec[]): string {
  return `${JSON.stringify(buildGrafanaDashboard(kpis), null, 2)}\n`;
}
