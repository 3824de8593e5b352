/**
 * `wasm-torch-bench monitoring export` through the built bin, its files checked by Prometheus's
 * own promtool: rule syntax and templates, the dashboard's PromQL, the Prometheus config, and
 * rule unit tests that make the alerts fire on series above their KPIs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { runCli, tempDir, type CliResult } from '../helpers/cli.js';

const EXPORT = ['monitoring', 'export'];
const FILES = [
  'alerts.yml',
  'grafana-dashboard.json',
  'docker-compose.yml',
  'prometheus.yml',
  'grafana/provisioning/datasources/wasm-torch-bench.yml',
  'grafana/provisioning/dashboards/wasm-torch-bench.yml',
  'README.txt',
];

interface Rule {
  alert: string;
  expr: string;
  labels: { severity: string; kpi: string };
}

function promtool(args: readonly string[], cwd: string): CliResult {
  const result = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');
/** The rules for pushed runs (the first group; the live group holds the same KPIs). */
const rulesOf = (dir: string) => (parse(read(dir, 'alerts.yml')) as { groups: { rules: Rule[] }[] }).groups[0]?.rules ?? [];

/** Exports into a fresh folder, run from a folder with no config file above it unless one is written there. */
function exportTo(args: readonly string[] = [], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): { out: string; result: CliResult } {
  const cwd = options.cwd ?? tempDir('wtb-monitoring-cwd-');
  const out = path.join(cwd, 'monitoring');
  return { out, result: runCli([...EXPORT, '--out', out, ...args], { cwd, env: options.env }) };
}

describe('monitoring export with the default KPIs', () => {
  let out: string;
  let result: CliResult;

  beforeAll(() => {
    ({ out, result } = exportTo());
  });

  it('writes every file and prints them with the rules', () => {
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    for (const file of FILES) {
      expect(existsSync(path.join(out, file)), file).toBe(true);
      expect(result.stdout).toContain(path.join('monitoring', file));
    }
    expect(result.stdout).toMatch(/alert rules \(4 for pushed runs, and the same for live services scraped directly\):/);
    expect(result.stdout).toMatch(/HighInferenceLatency\s+inference\.p99 < 500 ms\s+severity critical/);
    expect(result.stdout).toMatch(/HighModelLoadTime\s+load\.p95 < 2 s\s+severity critical/);
    expect(result.stdout).toContain('--push-gateway http://localhost:9091');
  });

  it('passes promtool check rules with one rule per default KPI, for pushed runs and for live services', () => {
    const checked = promtool(['check', 'rules', 'alerts.yml'], out);
    expect(checked.stderr).toBe('');
    expect(checked.status).toBe(0);
    expect(checked.stdout).toContain('SUCCESS: 8 rules found');
  });

  it('has dashboard queries that are valid PromQL (as recording rules, checked by promtool)', () => {
    const dashboard = JSON.parse(read(out, 'grafana-dashboard.json')) as { panels: { targets: { expr: string }[] }[] };
    const exprs = dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr));
    expect(exprs.length).toBeGreaterThanOrEqual(7);
    const rules = exprs.map((expr, index) => ({ record: `wtb:dashboard_query_${index}`, expr: expr.replaceAll('$model', '.*').replaceAll('$runtime', '.*') }));
    for (const rule of rules) expect(rule.expr).not.toContain('$');
    const dir = tempDir('wtb-dashboard-promql-');
    writeFileSync(path.join(dir, 'dashboard-queries.yml'), stringify({ groups: [{ name: 'dashboard', rules }] }, { lineWidth: 0 }));
    const checked = promtool(['check', 'rules', 'dashboard-queries.yml'], dir);
    expect(checked.stderr).toBe('');
    expect(checked.status).toBe(0);
    expect(checked.stdout).toContain(`SUCCESS: ${exprs.length} rules found`);
  });

  it('has a Prometheus config promtool accepts, its rule file found beside it', () => {
    const checked = promtool(['check', 'config', 'prometheus.yml'], out);
    expect(checked.stderr).toBe('');
    expect(checked.status).toBe(0);
    expect(checked.stdout).toContain('SUCCESS: 1 rule files found');
    expect(checked.stdout).toContain('SUCCESS: 8 rules found');
  });

  it('has YAML files that parse, and a compose file whose mounted files all exist', () => {
    for (const file of FILES.filter((name) => name.endsWith('.yml'))) expect(() => parse(read(out, file)), file).not.toThrow();
    const compose = parse(read(out, 'docker-compose.yml')) as { services: Record<string, { ports?: string[]; volumes?: string[] }> };
    const mounts = Object.values(compose.services).flatMap((service) => (service.volumes ?? []).filter((volume) => volume.startsWith('./')));
    expect(mounts.length).toBe(5);
    for (const mount of mounts) expect(existsSync(path.join(out, mount.split(':')[0] as string)), mount).toBe(true);
    const ports = Object.values(compose.services).flatMap((service) => service.ports ?? []);
    expect(ports.sort()).toEqual(['127.0.0.1:3000:3000', '127.0.0.1:9090:9090', '127.0.0.1:9091:9091']);
  });

  it('fires each alert on series above its KPI and not below (promtool test rules)', () => {
    const series = (name: string, labels: string, values: string) => ({ series: `${name}{${labels}}`, values });
    const slow = 'model="slow.onnx", runtime="node-wasm", threads="1"';
    const fast = 'model="fast.onnx", runtime="node-wasm", threads="1"';
    // A live service scraped directly (it has an instance) keeps counting: its rates are what count.
    const live = 'model="live.onnx", runtime="node-wasm", threads="1", instance="svc:8080"';
    // One pushed run each (no instance), scraped unchanged every 15 s: slow.onnx's observations all
    // fall in the bucket above each threshold, fast.onnx's all below it; live.onnx's grow above it.
    const histogram = (name: string, below: string, above: string) => [
      series(`${name}_bucket`, `le="${below}", ${slow}`, '0x40'),
      series(`${name}_bucket`, `le="${above}", ${slow}`, '10x40'),
      series(`${name}_bucket`, `le="+Inf", ${slow}`, '10x40'),
      series(`${name}_bucket`, `le="${below}", ${fast}`, '10x40'),
      series(`${name}_bucket`, `le="${above}", ${fast}`, '10x40'),
      series(`${name}_bucket`, `le="+Inf", ${fast}`, '10x40'),
      series(`${name}_bucket`, `le="${below}", ${live}`, '0+0x40'),
      series(`${name}_bucket`, `le="${above}", ${live}`, '0+10x40'),
      series(`${name}_bucket`, `le="+Inf", ${live}`, '0+10x40'),
    ];
    const alert = (source: 'pushed-run' | 'live', kpi: string, summary: string, description: string) => ({
      exp_labels: { severity: 'critical', kpi, source, model: source === 'live' ? 'live.onnx' : 'slow.onnx', runtime: 'node-wasm', threads: '1' },
      exp_annotations: {
        summary: summary.replace('MODEL', source === 'live' ? 'live.onnx' : 'slow.onnx'),
        description: description.replace('WHEN', source === 'live' ? ' over the last 5m' : ' in the last pushed run'),
      },
    });
    // At 10m the live rules' 5m `for` has passed too.
    const fired = (alertname: string, kpi: string, summary: string, description: string, liveDescription = description) => ({
      eval_time: '10m',
      alertname,
      exp_alerts: [alert('pushed-run', kpi, summary, description), alert('live', kpi, summary, liveDescription)],
    });
    const tests = {
      rule_files: [path.join(out, 'alerts.yml')],
      evaluation_interval: '15s',
      tests: [
        {
          interval: '15s',
          input_series: [
            ...histogram('wasm_torch_inference_duration_seconds', '0.5', '1'),
            ...histogram('wasm_torch_model_load_duration_seconds', '2', '3'),
            series('wasm_torch_memory_usage_bytes', slow, '150000000x40'),
            series('wasm_torch_memory_usage_bytes', fast, '50000000x40'),
            series('wasm_torch_inference_runs_total', slow, '100x40'),
            series('wasm_torch_inference_errors_total', slow, '1x40'),
            series('wasm_torch_inference_runs_total', fast, '100x40'),
            series('wasm_torch_inference_errors_total', fast, '0x40'),
            series('wasm_torch_memory_usage_bytes', live, '150000000x40'),
            series('wasm_torch_inference_runs_total', live, '0+100x40'),
            series('wasm_torch_inference_errors_total', live, '0+1x40'),
          ],
          alert_rule_test: [
            // Linear interpolation in (0.5 s, 1 s]: P99 = 0.995 s; in (2 s, 3 s]: P95 = 2.95 s.
            fired(
              'HighInferenceLatency',
              'inference.p99',
              'Inference latency P99 of MODEL on node-wasm (threads 1) is above 500 ms',
              'Inference latency P99 is 995msWHEN; KPI inference.p99 < 500 ms (level error).',
            ),
            fired('HighModelLoadTime', 'load.p95', 'Model load time P95 of MODEL on node-wasm (threads 1) is above 2 s', 'Model load time P95 is 2.95sWHEN; KPI load.p95 < 2 s (level error).'),
            fired(
              'HighMemoryUsage',
              'memory.peak',
              'Peak memory of MODEL on node-wasm (threads 1) is above 100 MB',
              'Peak memory is 150MB in the last pushed run; KPI memory.peak < 100 MB (level error).',
              'Peak memory is 150MB; KPI memory.peak < 100 MB (level error).',
            ),
            fired(
              'HighInferenceErrorRate',
              'error.rate',
              'Inference error rate of MODEL on node-wasm (threads 1) is above 0.1 %',
              'Inference error rate is 1%WHEN; KPI error.rate < 0.1 % (level error).',
            ),
          ],
        },
      ],
    };
    const dir = tempDir('wtb-rule-tests-');
    writeFileSync(path.join(dir, 'alerts.test.yml'), stringify(tests, { lineWidth: 0 }));
    const checked = promtool(['test', 'rules', 'alerts.test.yml'], dir);
    expect(checked.stdout + checked.stderr).toContain('SUCCESS');
    expect(checked.status).toBe(0);
  });

  it('refuses to overwrite the files without --force (exit 2), and overwrites with it', () => {
    const again = runCli([...EXPORT, '--out', out], { cwd: path.dirname(out) });
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('alerts.yml');
    expect(again.stderr).toContain('grafana-dashboard.json');
    expect(again.stderr).toContain('pass --force to overwrite');
    expect(again.stdout).toBe('');
    const forced = runCli([...EXPORT, '--out', out, '--force'], { cwd: path.dirname(out) });
    expect(forced.stderr).toBe('');
    expect(forced.status).toBe(0);
  });
});

describe('monitoring export: bad input exits 2 and says what to do', () => {
  it('an unknown KPI', () => {
    const { out, result } = exportTo(['--kpi', 'inference.p98=1s']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--kpi "inference.p98=1s": unknown metric "inference.p98"; known metrics: load.p50');
    expect(existsSync(out)).toBe(false);
  });

  it('a bad level', () => {
    const { result } = exportTo(['--kpi-level', 'memory.peak=loud']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--kpi-level "memory.peak=loud": level must be one of off, warn, error');
  });

  it('--out naming a file', () => {
    const cwd = tempDir('wtb-monitoring-cwd-');
    writeFileSync(path.join(cwd, 'taken'), 'x');
    const result = runCli([...EXPORT, '--out', 'taken'], { cwd });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`--out ${path.join(cwd, 'taken')} is a file; pass a folder`);
  });

  it('--out inside a file (not writable)', () => {
    const cwd = tempDir('wtb-monitoring-cwd-');
    writeFileSync(path.join(cwd, 'taken'), 'x');
    const result = runCli([...EXPORT, '--out', 'taken/monitoring'], { cwd });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('is not a writable folder');
    expect(result.stderr).toContain('pass a writable folder with --out');
  });

  it('no --out', () => {
    const result = runCli(EXPORT, { cwd: tempDir('wtb-monitoring-cwd-') });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("required option '--out <dir>' not specified");
    expect(result.stderr).toContain('--help');
  });

  it('a bad WTB_KPI', () => {
    const { result } = exportTo([], { env: { WTB_KPI: 'load.p95=fast' } });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/environment: --kpi "load\.p95=fast": .+/);
  });
});

describe('monitoring export: the KPI table run gates on', () => {
  it('takes the config file found from the working folder, WTB_KPI over it and flags over both', () => {
    const cwd = tempDir('wtb-monitoring-cwd-');
    writeFileSync(
      path.join(cwd, 'wasm-torch-bench.config.json'),
      JSON.stringify({
        kpis: { 'load.p95': { threshold: '3s', level: 'warn' }, 'memory.peak': { level: 'off' }, 'inference.p99': '400ms' },
        models: [{ path: 'vad.onnx', kpis: { 'inference.p99': '20ms' } }],
      }),
    );
    const { out, result } = exportTo(['--kpi', 'error.rate=2%'], { cwd, env: { WTB_KPI: 'inference.p99=250ms,inference.p90=100ms', WTB_KPI_LEVEL: 'inference.p90=warn' } });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const rules = rulesOf(out);
    const rule = (kpi: string) => rules.find((candidate) => candidate.labels.kpi === kpi);
    expect(rules.map((candidate) => candidate.labels.kpi)).toEqual(['load.p95', 'inference.p99', 'error.rate', 'inference.p90']);
    expect(rule('load.p95')?.expr).toMatch(/ > 3$/);
    expect(rule('load.p95')?.labels.severity).toBe('warning');
    expect(rule('inference.p99')?.expr).toMatch(/ > 0\.25$/);
    expect(rule('inference.p90')?.labels.severity).toBe('warning');
    expect(rule('error.rate')?.expr).toMatch(/ > 0\.02$/);
    expect(result.stdout).toContain('memory.peak: level off');
    expect(result.stdout).toContain('KPIs set per model are not in them: models[0] (vad.onnx)');
    expect(promtool(['check', 'rules', 'alerts.yml'], out).stdout).toContain('SUCCESS: 8 rules found');
  });

  it('takes --config from elsewhere and tells which KPIs got no rule', () => {
    const configDir = tempDir('wtb-monitoring-config-');
    const config = path.join(configDir, 'bench.json');
    writeFileSync(config, JSON.stringify({ kpis: { 'inference.p95': '50ms', 'first-inference': '30ms', 'inference.max': '1s' } }));
    const { out, result } = exportTo(['--config', config, '--kpi-level', 'inference.p95=warn']);
    expect(result.status).toBe(0);
    const p95 = rulesOf(out).find((candidate) => candidate.labels.kpi === 'inference.p95');
    expect(p95?.expr).toBe('histogram_quantile(0.95, wasm_torch_inference_duration_seconds_bucket{instance=""}) > 0.05');
    expect(p95?.labels.severity).toBe('warning');
    expect(result.stdout).toMatch(/no rule for:\n {2}memory\.retained: no exported metric .+\n {2}first-inference: .+\n {2}inference\.max: .+histogram/);
  });

  it('a config file with a bad KPI exits 2 naming the file', () => {
    const cwd = tempDir('wtb-monitoring-cwd-');
    mkdirSync(path.join(cwd, 'sub'));
    writeFileSync(path.join(cwd, 'wasm-torch-bench.config.json'), JSON.stringify({ kpis: { 'load.p95': 'soon' } }));
    const result = runCli([...EXPORT, '--out', 'monitoring'], { cwd: path.join(cwd, 'sub') });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(path.join(cwd, 'wasm-torch-bench.config.json'));
    expect(result.stderr).toContain('kpis');
  });
});

describe('monitoring help', () => {
  it('export --help shows the options and examples', () => {
    const result = runCli([...EXPORT, '--help']);
    expect(result.status).toBe(0);
    for (const text of ['--out <dir>', '--config <file>', '--kpi <metric=value>', '--kpi-level <metric=level>', '--force', 'Examples:', 'docker compose up -d']) {
      expect(result.stdout).toContain(text);
    }
  });

  it('monitoring alone shows its help, naming export', () => {
    const result = runCli(['monitoring']);
    expect(result.status).toBe(0);
    expect(result.stdout + result.stderr).toMatch(/Commands:\n\s+export \[options\]/);
  });
});
