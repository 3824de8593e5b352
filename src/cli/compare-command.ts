/** `wasm-torch-bench compare`: judge a report against a baseline (or an older report) without measuring. */
import { compareReports } from '../compare-reports.js';
import { resolveCompareConfig, type RawCompareOptions } from '../config/compare-config.js';
import { ensureWritableDir } from '../io/atomic-write.js';
import type { CliIo } from './cli-io.js';
import { outputStoredReport } from './report-output.js';

export async function compareCommand(oldFile: string, newFile: string, raw: RawCompareOptions, typed: ReadonlySet<string>, io: CliIo): Promise<number> {
  const config = resolveCompareConfig('compare', raw, typed, io.env);
  if (config.reporters.some((name) => name !== 'table')) await ensureWritableDir(config.outDir);
  return outputStoredReport(await compareReports(oldFile, newFile, config), config, io);
}
