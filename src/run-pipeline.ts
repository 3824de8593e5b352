/**
 * The one sequence behind both the library's run() and the CLI's run command, from a resolved
 * config: measure (the JSON and JUnit reports rewritten atomically after each row, so a crash keeps
 * what was measured) → write the reports → save the baseline → publish. Printing is the caller's.
 */
import path from 'node:path';
import { ensureWritableDir } from './io/atomic-write.js';
import { type Publication, publishRun } from './publish-run.js';
import type { RunReport } from './report/schema.js';
import { type RunHooks, runBenchmark } from './run.js';
import type { RunConfig } from './config/run-config-schema.js';
import { writeBaseline, writeReports } from './write-reports.js';

export interface PipelineOptions extends Pick<RunHooks, 'onProgress' | 'signal' | 'cwd' | 'env' | 'launchers'> {
  /** Write the config's file reporters into its out folder and its baseline (a partial run saves none). */
  writeFiles: boolean;
  /** Called after every row but the last with the report so far (after the reports so far are written). */
  afterRow?: (report: RunReport) => Promise<void>;
  /** Send the results where the config says, with this environment (GITHUB_STEP_SUMMARY and the like). */
  publishWith?: Readonly<Record<string, string | undefined>>;
}

export interface PipelineResult {
  report: RunReport;
  /** Report files and the baseline written, in order. */
  written: string[];
  /** Null when not asked to publish. */
  publication: Publication | null;
}

/** The reporters rewritten after each row: those a crash must not lose and that are cheap to render. */
const KEPT_AFTER_EACH_ROW = new Set(['json', 'junit']);

export async function runPipeline(config: Readonly<RunConfig>, options: PipelineOptions): Promise<PipelineResult> {
  const { writeFiles } = options;
  const beforeMeasuring = async () => {
    if (!writeFiles) return;
    if (config.reporters.some((name) => name !== 'table')) await ensureWritableDir(config.outDir);
    if (config.saveBaselineFile) await ensureWritableDir(path.dirname(path.resolve(config.saveBaselineFile)));
  };
  const kept = writeFiles ? config.reporters.filter((name) => KEPT_AFTER_EACH_ROW.has(name)) : [];
  const afterRow =
    kept.length > 0 || options.afterRow
      ? async (soFar: RunReport) => {
          if (kept.length > 0) await writeReports(soFar, { outDir: config.outDir, reporters: kept });
          await options.afterRow?.(soFar);
        }
      : undefined;
  const { onProgress, signal, cwd, env, launchers } = options;
  const report = await runBenchmark(config, { onProgress, signal, cwd, env, launchers, beforeMeasuring, afterRow });
  const written: string[] = [];
  if (writeFiles) {
    written.push(...(await writeReports(report, config)));
    const baselineFile = config.saveBaselineFile ? await writeBaseline(report, config.saveBaselineFile) : null;
    if (baselineFile) written.push(baselineFile);
  }
  const publication = options.publishWith ? await publishRun(report, config, options.publishWith) : null;
  return { report, written, publication };
}
