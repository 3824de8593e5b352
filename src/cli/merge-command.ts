/** `wasm-torch-bench merge`: join the shards' reports into one, with one verdict, without measuring. */
import { resolveCompareConfig, type RawCompareOptions } from '../config/compare-config.js';
import { ensureWritableDir } from '../io/atomic-write.js';
import { mergeReportFiles } from '../merge/merge-reports.js';
import type { CliIo } from './cli-io.js';
import { outputStoredReport } from './report-output.js';

export async function mergeCommand(files: string[], raw: RawCompareOptions, typed: ReadonlySet<string>, io: CliIo): Promise<number> {
  const config = resolveCompareConfig('merge', raw, typed, io.env);
  if (config.reporters.some((name) => name !== 'table')) await ensureWritableDir(config.outDir);
  return outputStoredReport(await mergeReportFiles(files), config, io);
}
