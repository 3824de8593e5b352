/** `wasm-torch-bench monitoring export`: alert rules, Grafana dashboard, compose stack. */
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
import type { CliIo } from './cli-io.js';

export interface MonitoringExportFlags {
  out: string;
  config?: string;
  kpi?: string[];
  kpiLevel?: string[];
  force?: boolean;
}

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

function summary(outDir: string, written: readonly string[], rules: AlertRules, kpis: readonly { id: string; threshold: number }[], ownKpiModels: readonly string[], cwd: string): string {
  const display = (file: string) => {
    const relative = path.relative(cwd, file);
    return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
  };
  const lines = ['files:', ...written.map((file) => `  ${display(file)}`)];
  lines.push(`alert rules (${rules.rules.length} for pushed runs, and the same for live services scraped directly):`);
  const rows = rules.rules.map((rule) => {
    const kpi = kpis.find((entry) => entry.id === rule.labels.kpi);
    return [rule.alert, `${rule.labels.kpi} < ${kpi ? thresholdText(kpi.id, kpi.threshold) : '?'}`, `severity ${rule.labels.severity}`];
  });
  const widths = [0, 1].map((column) => Math.max(0, ...rows.map((row) => (row[column] as string).length)));
  for (const row of rows)
    lines.push(
      `  ${row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd()}`,
    );
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

export async function exportCommand(flags: MonitoringExportFlags, io: CliIo): Promise<number> {
  const file = await loadConfigFile(io.cwd, flags.config ?? io.env.WTB_CONFIG ?? null);
  const kpis = resolveRunWideKpis({ file, env: io.env, kpi: flags.kpi ?? [], kpiLevel: flags.kpiLevel ?? [] });
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
  io.stdout.write(summary(outDir, written, alertRules, kpis, modelsWithOwnKpis(file), io.cwd));
  return EXIT_OK;
}
