/** `wasm-torch-bench monitoring export`: alert rules, Grafana dashboard, compose stack. */
import type { Command } from 'commander';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { EXIT_OK, InputError, UsageError, describeError } from '../errors.js';
import { loadConfigFile } from '../config/load-config-file.js';
import { ensureWritableDir, writeFileAtomic } from '../io/atomic-write.js';
import { findMetric } from '../metrics.js';
import { formatQuantityShort } from '../format.js';
import type { AlertRules } from '../monitoring/alert-rules.js';
import type { MonitoringFile } from '../monitoring/monitoring-files.js';
import { resolveRunWideKpis } from '../config/resolve-config.js';
import { modelsWithOwnKpis } from '../monitoring/run-wide-kpis.js';
import { PUSHGATEWAY_PORT } from '../monitoring/stack-layout.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export interface MonitoringExportFlags {
  out: string;
  config?: string;
  kpi?: string[];
  kpiLevel?: string[];
  force?: boolean;
}

const MONITORING_HELP = `
Examples:
  $ wasm-torch-bench monitoring export --out monitoring
  $ cd monitoring && docker compose up -d
  $ wasm-torch-bench model.onnx --push-gateway http://localhost:${PUSHGATEWAY_PORT}
`;

const EXPORT_HELP = `
Writes into --out: alerts.yml (Prometheus alert rules per KPI at level warn or error: group
wasm-torch-bench-runs reads each pushed run as it is; group wasm-torch-live takes rate()s over 5m
of services that export the same metrics and are scraped directly),
grafana-dashboard.json, docker-compose.yml (Prometheus, Pushgateway, Grafana on 127.0.0.1),
prometheus.yml, grafana/provisioning/… and README.txt.

The KPIs are the table \`run\` gates on: defaults (load.p95 < 2s, inference.p99 < 500ms,
memory.peak < 100MB, error.rate < 0.1%), then the config file's kpis (--config, WTB_CONFIG, or
found from the working folder up), then WTB_KPI / WTB_KPI_LEVEL, then --kpi / --kpi-level.
KPIs the exported metrics cannot express (min, max, first-inference, memory.rss) get no rule.

Examples:
  $ wasm-torch-bench monitoring export --out monitoring
  $ wasm-torch-bench monitoring export --out monitoring --kpi inference.p95=50ms --kpi-level memory.peak=warn
  $ WTB_KPI=load.p95=3s wasm-torch-bench monitoring export --out monitoring --config ci/bench.json --force
  $ cd monitoring && docker compose up -d && wasm-torch-bench model.onnx --push-gateway http://localhost:${PUSHGATEWAY_PORT}
`;

async function existingFiles(outDir: string, files: readonly MonitoringFile[]): Promise<string[]> {
  const found: string[] = [];
  for (const file of files) {
    const exists = await stat(path.join(outDir, file.path)).then(
      () => true,
      () => false,
    );
    if (exists) found.push(file.path);
  }
  return found;
}

async function requireFolder(outDir: string): Promise<void> {
  const found = await stat(outDir).catch(() => null);
  if (found && !found.isDirectory()) throw new UsageError(`--out ${outDir} is a file; pass a folder (it is created when missing)`);
  await ensureWritableDir(outDir);
}

async function writeAll(outDir: string, files: readonly MonitoringFile[]): Promise<string[]> {
  const written: string[] = [];
  for (const file of files) {
    const target = path.join(outDir, ...file.path.split('/'));
    try {
      await mkdir(path.dirname(target), { recursive: true });
    } catch (error) {
      throw new InputError('OUTPUT_NOT_WRITABLE', `cannot create ${path.dirname(target)}: ${describeError(error)}; pass a writable folder with --out`, { cause: error });
    }
    await writeFileAtomic(target, file.contents);
    written.push(target);
  }
  return written;
}

function thresholdText(id: string, threshold: number): string {
  return formatQuantityShort(findMetric(id)?.unit ?? 'ms', threshold);
}

function summary(outDir: string, written: readonly string[], rules: AlertRules, kpis: readonly { id: string; threshold: number }[], ownKpiModels: readonly string[]): string {
  const display = (file: string) => {
    const relative = path.relative(process.cwd(), file);
    return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
  };
  const lines = ['files:', ...written.map((file) => `  ${display(file)}`)];
  lines.push(`alert rules (${rules.rules.length} for pushed runs, and the same for live services scraped directly):`);
  const rows = rules.rules.map((rule) => {
    const kpi = kpis.find((entry) => entry.id === rule.labels.kpi);
    return [rule.alert, `${rule.labels.kpi} < ${kpi ? thresholdText(kpi.id, kpi.threshold) : '?'}`, `severity ${rule.labels.severity}`];
  });
  const widths = [0, 1].map((column) => Math.max(0, ...rows.map((row) => (row[column] as string).length)));
  for (const row of rows) lines.push(`  ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()}`);
  if (rules.rules.length === 0) lines.push('  none: every KPI is off or has no exported metric');
  if (rules.leftOut.length > 0) {
    lines.push('no rule for:');
    for (const left of rules.leftOut) lines.push(`  ${left.id}: ${left.reason}`);
  }
  for (const note of rules.notes) lines.push(`note: ${note}`);
  if (ownKpiModels.length > 0) {
    lines.push(`note: the rules use the run-wide KPI table; KPIs set per model are not in them: ${ownKpiModels.join(', ')}`);
  }
  lines.push(`start: cd ${display(outDir) || '.'} && docker compose up -d   then: wasm-torch-bench model.onnx --push-gateway http://localhost:${PUSHGATEWAY_PORT}`);
  return `${lines.join('\n')}\n`;
}

async function exportCommand(flags: MonitoringExportFlags): Promise<number> {
  const file = await loadConfigFile(process.cwd(), flags.config ?? process.env.WTB_CONFIG ?? null);
  const kpis = resolveRunWideKpis({ file, env: process.env, kpi: flags.kpi ?? [], kpiLevel: flags.kpiLevel ?? [] });
  // The generators (and yaml) load only for this command, not at every start-up.
  const { monitoringFiles } = await import('../monitoring/monitoring-files.js');
  const { files, alertRules } = monitoringFiles(kpis);
  const outDir = path.resolve(flags.out);
  await requireFolder(outDir);
  const existing = await existingFiles(outDir, files);
  if (existing.length > 0 && !flags.force) {
    throw new UsageError(`${outDir} already holds ${existing.join(', ')}; pass --force to overwrite them, or choose another --out folder`);
  }
  const written = await writeAll(outDir, files);
  process.stdout.write(summary(outDir, written, alertRules, kpis, modelsWithOwnKpis(file)));
  return EXIT_OK;
}

export function registerMonitoringCommand(program: Command): void {
  const monitoring = program
    .command('monitoring')
    .description('monitoring-stack files built from the KPI table: Prometheus alert rules, Grafana dashboard, docker-compose stack')
    .addHelpText('after', MONITORING_HELP);

  monitoring
    .command('export')
    .description('write Prometheus alert rules, a Grafana dashboard and a Prometheus + Pushgateway + Grafana docker-compose stack into a folder')
    .requiredOption('--out <dir>', 'folder to write into (created when missing)')
    .option('--config <file>', 'config file whose kpis to use (default: as `run` finds it; or WTB_CONFIG)')
    .option('--kpi <metric=value>', 'set a KPI threshold, e.g. inference.p99=50ms (repeatable)', collect)
    .option('--kpi-level <metric=level>', 'off | warn | error for a KPI, e.g. memory.peak=warn (repeatable)', collect)
    .option('--force', 'overwrite files that exist in --out')
    .addHelpText('after', EXPORT_HELP)
    .action(async (flags: MonitoringExportFlags) => {
      process.exitCode = await exportCommand(flags);
    });
}
