/** `wasm-torch-bench compare` and `merge`: judge or join reports already written, without measuring. */
import { compareReports } from '../compare-reports.js';
import { resolveCompareConfig, type RawCompareOptions } from '../config/compare-config.js';
import { ensureWritableDir } from '../io/atomic-write.js';
import { mergeReportFiles } from '../merge/merge-reports.js';
import { publishRun } from '../publish-run.js';
import { writeReports } from '../write-reports.js';
import { emit, published } from './report-output.js';

export async function compareCommand(oldFile: string, newFile: string, raw: RawCompareOptions): Promise<number> {
  const config = resolveCompareConfig(raw);
  if (config.reporters.some((name) => name !== 'table')) await ensureWritableDir(config.outDir);
  const report = await compareReports(oldFile, newFile, config);
  emit(report, config, await writeReports(report, config));
  return published(report, await publishRun(report, { ...config, pushGateway: null, otlp: null }, process.env), config.quiet);
}

export async function mergeCommand(files: string[], raw: RawCompareOptions): Promise<number> {
  const config = resolveCompareConfig(raw);
  if (config.reporters.some((name) => name !== 'table')) await ensureWritableDir(config.outDir);
  const report = await mergeReportFiles(files);
  emit(report, config, await writeReports(report, config));
  return published(report, await publishRun(report, { ...config, pushGateway: null, otlp: null }, process.env), config.quiet);
}
