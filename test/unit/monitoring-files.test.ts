import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateConfig } from '../../src/config/load-config-file.js';
import { resolveKpis } from '../../src/config/kpi-expressions.js';
import { DEFAULT_KPIS } from '../../src/metrics.js';
import { buildAlertRules, renderAlertRules, type AlertRule } from '../../src/monitoring/alert-rules.js';
import { EXPORTED_METRICS } from '../../src/monitoring/exported-metrics.js';
import { buildGrafanaDashboard, DASHBOARD_SCHEMA_VERSION } from '../../src/monitoring/grafana-dashboard.js';
import { kpiPromql, thresholdInBaseUnit } from '../../src/monitoring/kpi-promql.js';
import { monitoringFiles } from '../../src/monitoring/monitoring-files.js';
import { resolveRunWideKpis } from '../../src/config/resolve-config.js';
import { modelsWithOwnKpis } from '../../src/monitoring/run-wide-kpis.js';
import { DATASOURCE_UID, STACK_FILES } from '../../src/monitoring/stack-layout.js';
import type { KpiSpec } from '../../src/types.js';
import { usageMessage } from '../helpers/usage-error.js';

interface Target {
  expr: string;
  datasource: { type: string; uid: string };
}
interface Panel {
  type: string;
  title: string;
  datasource: { type: string; uid: string };
  targets: Target[];
  fieldConfig: { defaults: { thresholds: { steps: { color: string; value: number | null }[] }; custom: { thresholdsStyle?: { mode: string } } } };
}
interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: Panel[];
  templating: { list: { name: string; query: string; datasource: { uid: string } }[] };
}

const dashboard = (kpis: readonly KpiSpec[]) => buildGrafanaDashboard(kpis) as unknown as Dashboard;
const panel = (board: Dashboard, title: RegExp) => board.panels.find((candidate) => title.test(candidate.title)) as Panel;
const ruleFor = (rules: readonly AlertRule[], id: string) => rules.find((rule) => rule.labels.kpi === id);

describe('alert rules from the default KPI table', () => {
  const { rules, liveRules, leftOut, notes } = buildAlertRules(DEFAULT_KPIS);

  it('has one rule per default KPI for pushed runs and one for live services, each critical (level error), named after the seed', () => {
    const expected = [
      ['HighModelLoadTime', 'load.p95', 'critical'],
      ['HighInferenceLatency', 'inference.p99', 'critical'],
      ['HighMemoryUsage', 'memory.peak', 'critical'],
      ['HighInferenceErrorRate', 'error.rate', 'critical'],
    ];
    expect(rules.map((rule) => [rule.alert, rule.labels.kpi, rule.labels.severity])).toEqual(expected);
    expect(liveRules.map((rule) => [rule.alert, rule.labels.kpi, rule.labels.severity])).toEqual(expected);
    expect(new Set(rules.map((rule) => rule.labels.source))).toEqual(new Set(['pushed-run']));
    expect(new Set(liveRules.map((rule) => rule.labels.source))).toEqual(new Set(['live']));
    // memory.retained (warn) has no exported metric to alert on.
    expect(leftOut).toEqual([{ id: 'memory.retained', reason: expect.stringMatching(/no exported metric holds the growth per create → run → release cycle/) }]);
    // Both default latency thresholds are bucket bounds.
    expect(notes).toEqual([]);
  });

  it('compares each KPI in base units: seconds, bytes, a ratio', () => {
    expect(ruleFor(rules, 'inference.p99')?.expr).toBe('histogram_quantile(0.99, wasm_torch_inference_duration_seconds_bucket{instance=""}) > 0.5');
    expect(ruleFor(rules, 'load.p95')?.expr).toBe('histogram_quantile(0.95, wasm_torch_model_load_duration_seconds_bucket{instance=""}) > 2');
    expect(ruleFor(rules, 'memory.peak')?.expr).toBe('wasm_torch_memory_usage_bytes{instance=""} > 100000000');
    expect(ruleFor(rules, 'error.rate')?.expr).toBe('wasm_torch_inference_errors_total{instance=""} / wasm_torch_inference_runs_total{instance=""} > 0.001');
  });

  it('judges live services on rates over 5m of scraped series, aggregated over their instances', () => {
    expect(ruleFor(liveRules, 'inference.p99')?.expr).toBe(
      'histogram_quantile(0.99, sum by (le, model, runtime, threads) (rate(wasm_torch_inference_duration_seconds_bucket{instance!=""}[5m]))) > 0.5',
    );
    expect(ruleFor(liveRules, 'memory.peak')?.expr).toBe('max by (model, runtime, threads) (wasm_torch_memory_usage_bytes{instance!=""}) > 100000000');
    expect(ruleFor(liveRules, 'error.rate')?.expr).toBe(
      'sum by (model, runtime, threads) (rate(wasm_torch_inference_errors_total{instance!=""}[5m])) / sum by (model, runtime, threads) (rate(wasm_torch_inference_runs_total{instance!=""}[5m])) > 0.001',
    );
    expect(ruleFor(liveRules, 'inference.p99')?.for).toBe('5m');
    expect(ruleFor(liveRules, 'inference.p99')?.annotations.description).toContain('over the last 5m');
  });

  it('says in its annotations which series, the value and the KPI', () => {
    const latency = ruleFor(rules, 'inference.p99');
    expect(latency?.for).toBe('1m');
    expect(latency?.annotations.summary).toContain('{{ $labels.model }}');
    expect(latency?.annotations.summary).toContain('{{ $labels.runtime }}');
    expect(latency?.annotations.summary).toContain('500 ms');
    expect(latency?.annotations.description).toContain('{{ $value | humanizeDuration }}');
    expect(latency?.annotations.description).toContain('inference.p99 < 500 ms');
    expect(ruleFor(rules, 'memory.peak')?.annotations.description).toContain('{{ $value | humanize }}B');
    expect(ruleFor(rules, 'error.rate')?.annotations.description).toContain('{{ $value | humanizePercentage }}');
  });

  it('renders YAML that parses back to the same group, with every expression on one line', () => {
    const text = renderAlertRules(buildAlertRules(DEFAULT_KPIS));
    const parsed = parse(text) as { groups: { name: string; rules: AlertRule[] }[] };
    expect(parsed.groups.map((group) => group.name)).toEqual(['wasm-torch-bench-runs', 'wasm-torch-live']);
    expect(parsed.groups[0]?.rules).toEqual(rules);
    expect(parsed.groups[1]?.rules).toEqual(liveRules);
    for (const rule of [...rules, ...liveRules]) expect(text).toContain(`expr: ${rule.expr}\n`);
  });
});

describe('alert rules from a custom KPI table', () => {
  // inference.p95 < 50 ms at warn, memory off: the flags a user would pass to run.
  const kpis = resolveKpis(['inference.p95=50ms'], ['inference.p95=warn', 'memory.peak=off']);
  const { rules, leftOut } = buildAlertRules(kpis);

  it('adds a warning for the new KPI with its threshold in seconds', () => {
    const p95 = ruleFor(rules, 'inference.p95');
    expect(p95?.alert).toBe('HighInferenceLatency');
    expect(p95?.labels.severity).toBe('warning');
    expect(p95?.expr).toBe('histogram_quantile(0.95, wasm_torch_inference_duration_seconds_bucket{instance=""}) > 0.05');
    expect(ruleFor(rules, 'inference.p99')?.labels.severity).toBe('critical');
  });

  it('writes no rule for a KPI that is off, and says so', () => {
    expect(ruleFor(rules, 'memory.peak')).toBeUndefined();
    expect(rules.some((rule) => rule.expr.includes(EXPORTED_METRICS.memoryUsage.name))).toBe(false);
    expect(leftOut).toEqual([
      { id: 'memory.peak', reason: 'level off' },
      { id: 'memory.retained', reason: expect.stringMatching(/no exported metric holds the growth per create → run → release cycle/) },
    ]);
  });

  it('maps mean to _sum / _count', () => {
    const mean = buildAlertRules(resolveKpis(['load.mean=1.5s'], [])).rules.find((rule) => rule.labels.kpi === 'load.mean');
    expect(mean?.expr).toBe('wasm_torch_model_load_duration_seconds_sum{instance=""} / wasm_torch_model_load_duration_seconds_count{instance=""} > 1.5');
  });

  it('maps every percentile of load and inference to histogram_quantile', () => {
    for (const [stat, quantile] of [
      ['p50', 0.5],
      ['p90', 0.9],
      ['p95', 0.95],
      ['p99', 0.99],
    ] as const) {
      for (const phase of ['load', 'inference']) {
        const result = kpiPromql(`${phase}.${stat}`);
        expect(result.ok && result.query.expr()).toContain(`histogram_quantile(${quantile}, `);
      }
    }
  });

  it('leaves out KPIs the exported metrics cannot express, each with its reason', () => {
    const table = resolveKpis(['load.min=10ms', 'inference.max=1s', 'first-inference=50ms', 'memory.rss=1GB'], []);
    const result = buildAlertRules(table);
    expect(result.rules.map((rule) => rule.labels.kpi)).toEqual(['load.p95', 'inference.p99', 'memory.peak', 'error.rate']);
    const reasons = Object.fromEntries(result.leftOut.map((left) => [left.id, left.reason]));
    expect(Object.keys(reasons)).toEqual(['memory.retained', 'load.min', 'inference.max', 'first-inference', 'memory.rss']);
    expect(reasons['load.min']).toMatch(/histogram.*fastest/);
    expect(reasons['inference.max']).toMatch(/histogram.*slowest/);
    expect(reasons['first-inference']).toMatch(/first run\(\)/);
    expect(reasons['memory.rss']).toMatch(/resident set size/);
  });

  it('notes a threshold between bucket bounds, and one no quantile can exceed', () => {
    const { notes } = buildAlertRules(resolveKpis(['inference.p90=30ms', 'load.p95=90s'], []));
    expect(notes).toHaveLength(2);
    expect(notes.find((note) => note.startsWith('inference.p90'))).toContain('interpolated between 0.025 s and 0.05 s');
    expect(notes.find((note) => note.startsWith('load.p95'))).toContain('cannot fire');
  });

  it('converts milliseconds to seconds without float noise', () => {
    expect(thresholdInBaseUnit({ id: 'inference.p99', threshold: 0.3, level: 'error' })).toBe(0.0003);
    expect(thresholdInBaseUnit({ id: 'memory.peak', threshold: 64 * 2 ** 20, level: 'error' })).toBe(67_108_864);
  });
});

/** Every metric name a PromQL text mentions, and the labels its by-clauses and matchers name. */
function referenced(expr: string): { metrics: string[]; labels: string[] } {
  const metrics = [...expr.matchAll(/\bwasm_torch_[a-z_]+/g)].map((match) => match[0]);
  const byLabels = [...expr.matchAll(/by \(([^)]*)\)/g)].flatMap((match) => (match[1] as string).split(',').map((label) => label.trim()));
  const matcherLabels = [...expr.matchAll(/\{([^}]*)\}/g)].flatMap((match) => [...(match[1] as string).matchAll(/([a-z_]+)\s*(?:=~|!=|!~|=)/g)].map((inner) => inner[1] as string));
  return { metrics, labels: [...byLabels, ...matcherLabels] };
}

/** Exported series names: a histogram is read through its _bucket, _sum and _count series; `instance` is the scrape's. */
const exportedSeries = new Map<string, readonly string[]>(
  Object.values(EXPORTED_METRICS).flatMap((metric) =>
    metric.type === 'histogram'
      ? ['_bucket', '_sum', '_count'].map((suffix) => [`${metric.name}${suffix}`, [...metric.labels, 'le', 'instance']] as [string, readonly string[]])
      : [[metric.name, [...metric.labels, 'instance']] as [string, readonly string[]]],
  ),
);

describe('Grafana dashboard', () => {
  const board = dashboard(DEFAULT_KPIS);
  const exprs = board.panels.flatMap((candidate) => candidate.targets.map((target) => target.expr));

  it('is stable: uid, title and schema version', () => {
    expect(board.uid).toBe('wasm-torch-bench');
    expect(board.title).toBe('wasm-torch-bench');
    expect(board.schemaVersion).toBe(DASHBOARD_SCHEMA_VERSION);
    expect(JSON.stringify(dashboard(DEFAULT_KPIS))).toBe(JSON.stringify(board));
  });

  it('queries only exported metric names, with only their labels', () => {
    const queries = [...exprs, ...board.templating.list.map((variable) => variable.query)];
    for (const query of queries) {
      const { metrics, labels } = referenced(query);
      expect(metrics.length, query).toBeGreaterThan(0);
      for (const metric of metrics) {
        expect([...exportedSeries.keys()], query).toContain(metric);
        for (const label of labels) expect(exportedSeries.get(metric), `${label} in ${query}`).toContain(label);
      }
    }
  });

  it('has the panels asked for, each filtered by the model and runtime variables', () => {
    expect(board.templating.list.map((variable) => variable.name)).toEqual(['model', 'runtime']);
    expect(board.panels.map((candidate) => [candidate.type, candidate.title])).toEqual([
      ['timeseries', 'Inference latency P50, P95, P99'],
      ['timeseries', 'Model load time P95'],
      ['timeseries', 'Memory usage'],
      ['timeseries', 'Inference error rate'],
      ['state-timeline', 'Failed checks'],
    ]);
    for (const expr of exprs) expect(expr).toContain('model=~"$model", runtime=~"$runtime"');
    expect(panel(board, /latency/).targets.map((target) => target.expr.match(/histogram_quantile\(([\d.]+)/)?.[1])).toEqual(['0.5', '0.95', '0.99']);
    expect(panel(board, /checks/).targets[0]?.expr).toContain('wasm_torch_check_verdict{verdict="fail"');
  });

  it('uses the provisioned datasource uid on every panel, query and variable', () => {
    const provisioned = parse(monitoringFiles(DEFAULT_KPIS).files.find((file) => file.path === STACK_FILES.grafanaDatasource)?.contents ?? '') as {
      datasources: { uid: string; type: string }[];
    };
    expect(provisioned.datasources[0]?.uid).toBe(DATASOURCE_UID);
    for (const candidate of board.panels) {
      expect(candidate.datasource.uid).toBe(DATASOURCE_UID);
      for (const target of candidate.targets) expect(target.datasource.uid).toBe(DATASOURCE_UID);
    }
    for (const variable of board.templating.list) expect(variable.datasource.uid).toBe(DATASOURCE_UID);
  });

  it('draws the default KPIs as threshold lines in base units', () => {
    const steps = (title: RegExp) => panel(board, title).fieldConfig.defaults.thresholds.steps;
    expect(steps(/latency/)).toEqual([
      { color: 'green', value: null },
      { color: 'red', value: 0.5 },
    ]);
    expect(steps(/load/)).toEqual([
      { color: 'green', value: null },
      { color: 'red', value: 2 },
    ]);
    expect(steps(/Memory/)).toEqual([
      { color: 'green', value: null },
      { color: 'red', value: 100_000_000 },
    ]);
    expect(steps(/error rate/)).toEqual([
      { color: 'green', value: null },
      { color: 'red', value: 0.001 },
    ]);
  });

  it('follows a custom table: a warn KPI orange, an off KPI not drawn, a gated stat plotted', () => {
    const custom = dashboard(resolveKpis(['inference.p95=50ms', 'inference.mean=20ms'], ['inference.p95=warn', 'memory.peak=off']));
    const latency = panel(custom, /latency/);
    expect(latency.title).toBe('Inference latency P50, P95, P99, MEAN');
    expect(latency.fieldConfig.defaults.thresholds.steps).toEqual([
      { color: 'green', value: null },
      { color: 'red', value: 0.02 },
      { color: 'orange', value: 0.05 },
      { color: 'red', value: 0.5 },
    ]);
    const memory = panel(custom, /Memory/);
    expect(memory.fieldConfig.defaults.thresholds.steps).toEqual([{ color: 'green', value: null }]);
    expect(memory.fieldConfig.defaults.custom.thresholdsStyle?.mode).toBe('off');
  });
});

describe('monitoring stack files', () => {
  const { files } = monitoringFiles(DEFAULT_KPIS);
  const contents = (file: string) => files.find((candidate) => candidate.path === file)?.contents ?? '';

  it('writes every file the compose stack mounts, binding ports to loopback only', () => {
    const compose = parse(contents(STACK_FILES.compose)) as { services: Record<string, { image: string; ports?: string[]; volumes?: string[] }> };
    expect(Object.keys(compose.services).sort()).toEqual(['grafana', 'prometheus', 'pushgateway']);
    expect(compose.services.prometheus?.image).toMatch(/^prom\/prometheus:/);
    expect(compose.services.pushgateway?.image).toMatch(/^prom\/pushgateway:/);
    expect(compose.services.grafana?.image).toMatch(/^grafana\/grafana:/);
    const mounted = Object.values(compose.services).flatMap((service) => (service.volumes ?? []).filter((volume) => volume.startsWith('./')).map((volume) => volume.split(':')[0]?.slice(2)));
    expect(mounted.length).toBeGreaterThan(0);
    for (const file of mounted) expect(files.map((candidate) => candidate.path)).toContain(file);
    for (const service of Object.values(compose.services)) for (const port of service.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
  });

  it('scrapes the Pushgateway with honor_labels and loads the rules file', () => {
    const prometheus = parse(contents(STACK_FILES.prometheusConfig)) as { rule_files: string[]; scrape_configs: { honor_labels: boolean; static_configs: { targets: string[] }[] }[] };
    expect(prometheus.rule_files).toEqual([STACK_FILES.alertRules]);
    expect(prometheus.scrape_configs[0]?.honor_labels).toBe(true);
    expect(prometheus.scrape_configs[0]?.static_configs[0]?.targets).toEqual(['pushgateway:9091']);
  });

  it("points Grafana's dashboard provider at the folder the dashboard is mounted in", () => {
    const provider = parse(contents(STACK_FILES.grafanaDashboardProvider)) as { providers: { options: { path: string } }[] };
    const compose = parse(contents(STACK_FILES.compose)) as { services: { grafana: { volumes: string[] } } };
    const dashboardMount = compose.services.grafana.volumes.find((volume) => volume.startsWith(`./${STACK_FILES.dashboard}:`))?.split(':')[1] ?? '';
    expect(dashboardMount.startsWith(`${provider.providers[0]?.options.path}/`)).toBe(true);
  });

  it('tells how to start the stack and push to it', () => {
    for (const file of [STACK_FILES.readme, STACK_FILES.compose]) {
      expect(contents(file)).toContain('docker compose up -d');
      expect(contents(file)).toContain('wasm-torch-bench model.onnx --push-gateway http://localhost:9091');
    }
  });
});

describe('the KPI table of the export', () => {
  it('layers defaults, the config file, WTB_KPI and flags as run does', () => {
    const file = { file: '/repo/wasm-torch-bench.config.json', dir: '/repo', config: validateConfig('x.json', { kpis: { 'load.p95': { threshold: '3s', level: 'warn' }, 'inference.p99': '400ms' } }) };
    const kpis = resolveRunWideKpis({ file, env: { WTB_KPI: 'inference.p99=300ms' }, kpi: ['error.rate=1%'], kpiLevel: [] });
    expect(kpis).toEqual([
      { id: 'load.p95', threshold: 3000, level: 'warn' },
      { id: 'inference.p99', threshold: 300, level: 'error' },
      { id: 'memory.peak', threshold: 100_000_000, level: 'error' },
      { id: 'error.rate', threshold: 0.01, level: 'error' },
      { id: 'memory.retained', threshold: 64_000, level: 'warn' },
    ]);
    expect(resolveRunWideKpis({ file, env: { WTB_KPI: 'inference.p99=300ms' }, kpi: ['inference.p99=200ms'], kpiLevel: [] })[1]?.threshold).toBe(200);
  });

  it("rejects a bad flag with run's message", () => {
    expect(usageMessage(() => resolveRunWideKpis({ file: null, env: {}, kpi: ['nope=1s'], kpiLevel: [] }))).toMatch(/--kpi "nope=1s": unknown metric "nope"; known metrics: load.p50/);
    expect(usageMessage(() => resolveRunWideKpis({ file: null, env: {}, kpi: [], kpiLevel: ['load.p95=loud'] }))).toBe('--kpi-level "load.p95=loud": level must be one of off, warn, error');
  });

  it("names the config file's models that set their own KPIs", () => {
    const config = validateConfig('x.json', { models: ['a.onnx', { path: 'b.onnx', name: 'vad', kpis: { 'inference.p99': '20ms' } }] });
    expect(modelsWithOwnKpis({ file: '/x.json', dir: '/', config })).toEqual(['models[1] (vad)']);
  });
});
