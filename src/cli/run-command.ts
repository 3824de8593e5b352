/** `wasm-torch-bench run` (the default command): resolve the settings, measure, write, publish. */
import path from 'node:path';
import { describeConfig } from '../config/describe-config.js';
import { loadConfigFile } from '../config/load-config-file.js';
import { resolveConfig } from '../config/resolve-config.js';
import type { RawRunOptions } from '../config/run-config.js';
import { EXIT_OK, exitCodeForSignal } from '../errors.js';
import { ensureWritableDir } from '../io/atomic-write.js';
import { listPlan, renderPlanListing } from '../plan/list-plan.js';
import { publishRun } from '../publish-run.js';
import type { RunReport, ShardRecord } from '../report/schema.js';
import { partialNote } from '../report/verdict-sentence.js';
import { terminalText } from '../reporters/control-chars.js';
import { runBenchmark } from '../run.js';
import { writeBaseline, writeReports } from '../write-reports.js';
import { createProgressReporter } from './progress.js';
import { emit, published } from './report-output.js';

export type RunCommandOptions = RawRunOptions & { config?: string; printConfig?: boolean; tag?: string; list?: boolean };

export async function runCommand(models: string[], options: RunCommandOptions, typed: ReadonlySet<string>): Promise<number> {
  const { config: configPath, printConfig, tag, list, ...flags } = options;
  const file = await loadConfigFile(process.cwd(), configPath ?? process.env.WTB_CONFIG ?? null);
  const tags =
    tag
      ?.split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0) ?? [];
  const resolved = resolveConfig({ models, flags, typedFlags: typed, env: process.env, file, tags });
  if (printConfig) {
    process.stdout.write(flags.json ? `${JSON.stringify({ configFile: resolved.configFile, config: resolved.config, origins: resolved.origins }, null, 2)}\n` : terminalText(describeConfig(resolved)));
    return EXIT_OK;
  }
  const { config } = resolved;
  if (list) {
    const listing = await listPlan(config, process.cwd());
    process.stdout.write(flags.json ? `${JSON.stringify(listing, null, 2)}\n` : terminalText(renderPlanListing(listing)));
    return EXIT_OK;
  }
  const beforeMeasuring = async () => {
    if (config.reporters.some((name) => name !== 'table')) await ensureWritableDir(config.outDir);
    if (config.saveBaselineFile) await ensureWritableDir(path.dirname(path.resolve(config.saveBaselineFile)));
  };
  const progress = createProgressReporter(process.stderr, Boolean(process.stderr.isTTY) && !process.env.CI);
  // Signals stay handled until the reports are written: a first one must not lose them.
  const stop = stopOnSignals();
  try {
    // After each row, the JSON and JUnit reports so far: a run that crashes or is killed keeps what it measured.
    const kept = config.reporters.filter((name) => name === 'json' || name === 'junit');
    const afterRow = kept.length > 0 ? async (soFar: RunReport) => void (await writeReports(soFar, { outDir: config.outDir, reporters: kept })) : undefined;
    const report = await runBenchmark(config, { onProgress: config.quiet ? undefined : progress.onProgress, env: process.env, signal: stop.signal, beforeMeasuring, afterRow }).finally(() =>
      progress.stop(),
    );
    const written = await writeReports(report, config);
    const baselineFile = config.saveBaselineFile ? await writeBaseline(report, config.saveBaselineFile) : null;
    if (baselineFile) written.push(baselineFile);
    if (report.partial) {
      process.stderr.write(
        `wasm-torch-bench: partial report, ${partialNote(report)}${config.saveBaselineFile ? `; no baseline saved to ${config.saveBaselineFile}` : ''}${config.pushGateway || config.otlp ? '; metrics not sent' : ''}\n`,
      );
    }
    emit(report, config, written);
    if (report.shard && report.results.length === 0 && !config.quiet) process.stderr.write(emptyShardNote(report.shard));
    return published(report, await publishRun(report, config, process.env), config.quiet);
  } finally {
    stop.dispose();
  }
}

function emptyShardNote(shard: ShardRecord): string {
  return `wasm-torch-bench: shard ${shard.index}/${shard.count} has no trials (the plan's ${shard.plannedTrials} went to the other shards); wrote a report with no rows\n`;
}

/**
 * The first SIGINT/SIGTERM stops measuring: workers and the browser are closed before exit.
 * A second one exits at once.
 */
function stopOnSignals(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(exitCodeForSignal(signal));
    process.stderr.write(`\nwasm-torch-bench: ${signal}: stopping: closing workers and the browser, then writing the reports of what was measured (again to exit at once)\n`);
    controller.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
