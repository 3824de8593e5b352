/** `wasm-torch-bench run` (the default command): resolve the settings, then the pipeline; print, exit code. */
import { describeConfig } from '../config/describe-config.js';
import { loadConfigFile } from '../config/load-config-file.js';
import { resolveConfig } from '../config/resolve-config.js';
import type { RawRunOptions } from '../config/run-config.js';
import { EXIT_OK, exitCodeForSignal } from '../errors.js';
import { listPlan, renderPlanListing } from '../plan/list-plan.js';
import type { ShardRecord } from '../report/schema.js';
import { partialNote } from '../report/verdict-sentence.js';
import { terminalText } from '../reporters/control-chars.js';
import { runPipeline } from '../run-pipeline.js';
import type { CliIo, SignalSource, TextOutput } from './cli-io.js';
import { createProgressReporter } from './progress.js';
import { emit, published } from './report-output.js';

export type RunCommandOptions = RawRunOptions & { config?: string; printConfig?: boolean; tag?: string; list?: boolean };

export async function runCommand(models: string[], options: RunCommandOptions, typed: ReadonlySet<string>, io: CliIo): Promise<number> {
  const { config: configPath, printConfig, tag, list, ...flags } = options;
  const file = await loadConfigFile(io.cwd, configPath ?? io.env.WTB_CONFIG ?? null);
  const tags =
    tag
      ?.split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0) ?? [];
  const resolved = resolveConfig({ models, flags, typedFlags: typed, env: io.env, file, tags });
  if (printConfig) {
    io.stdout.write(flags.json ? `${JSON.stringify({ configFile: resolved.configFile, config: resolved.config, origins: resolved.origins }, null, 2)}\n` : terminalText(describeConfig(resolved)));
    return EXIT_OK;
  }
  const { config } = resolved;
  if (list) {
    const listing = await listPlan(config, io.cwd);
    io.stdout.write(flags.json ? `${JSON.stringify(listing, null, 2)}\n` : terminalText(renderPlanListing(listing)));
    return EXIT_OK;
  }
  const progress = createProgressReporter(io.stderr, Boolean(io.stderr.isTTY) && !io.env.CI);
  // Signals stay handled until the reports are written: a first one must not lose them.
  const stop = stopOnSignals(io.signals, io.stderr);
  try {
    const { report, written, publication } = await runPipeline(config, {
      onProgress: config.quiet ? undefined : progress.onProgress,
      env: io.env,
      cwd: io.cwd,
      launchers: io.launchers,
      signal: stop.signal,
      writeFiles: true,
      publishWith: io.env,
    }).finally(() => progress.stop());
    if (report.partial) {
      io.stderr.write(
        `wasm-torch-bench: partial report, ${partialNote(report)}${config.saveBaselineFile ? `; no baseline saved to ${config.saveBaselineFile}` : ''}${config.pushGateway || config.otlp ? '; metrics not sent' : ''}\n`,
      );
    }
    emit(report, config, written, io);
    if (report.shard && report.results.length === 0 && !config.quiet) io.stderr.write(emptyShardNote(report.shard));
    return published(report, publication, config.quiet, io.stderr);
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
function stopOnSignals(signals: SignalSource | undefined, stderr: TextOutput): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) return signals?.exitNow(exitCodeForSignal(signal));
    stderr.write(`\nwasm-torch-bench: ${signal}: stopping: closing workers and the browser, then writing the reports of what was measured (again to exit at once)\n`);
    controller.abort(signal);
  };
  const dispose = signals?.listen(onSignal) ?? (() => {});
  return { signal: controller.signal, dispose };
}
