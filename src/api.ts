/**
 * The library API: `run(config)` measures what a config object describes and returns the report
 * document, the same as the CLI does with a config file, without printing (unless asked), writing
 * files (unless asked) or exiting. Errors are thrown as WtbError (with `code` and `exitCode`).
 *
 *   import { run, defineConfig } from 'wasm-torch-bench';
 *   const report = await run(defineConfig({ models: ['model.onnx'], runtimes: ['node-wasm'] }));
 */
import { validateConfig } from './config/load-config-file.js';
import type { FileConfig } from './config/file-schema.js';
import { resolveConfig } from './config/resolve-config.js';
import type { RunReport } from './report/schema.js';
import { renderTable, type Style } from './reporters/table.js';
import { runPipeline } from './run-pipeline.js';
import type { ProgressEvent } from './types.js';

export type WasmTorchBenchConfig = FileConfig;

export interface RunOptions {
  /** Folder that relative paths in the config are resolved against (default: process.cwd()). */
  cwd?: string;
  /** WTB_* variables to apply over the config, as the CLI would (default: none are read). */
  env?: Readonly<Record<string, string | undefined>>;
  onProgress?: (event: ProgressEvent) => void;
  /**
   * Aborting stops measuring and closes workers and the browser; run() then resolves with a partial
   * report (`partial: true`, the rows not measured skipped). Abort with a signal name as the reason
   * (`controller.abort("SIGTERM")`) to have it reported and its exit code (143) set.
   */
  signal?: AbortSignal;
  /**
   * Called after every row but the last with the report so far (`partial: true`, the rows ahead
   * skipped as not measured yet), e.g. to save it where a crash cannot lose it.
   */
  afterRow?: (report: RunReport) => Promise<void>;
  /**
   * Write the file reporters of the config (`reporters`) into its `out` folder, and a baseline to
   * `saveBaseline`; the JSON and JUnit reports are also rewritten after every row.
   */
  writeReports?: boolean;
  /**
   * Send the metrics where the config says (`pushGateway`, `otlpEndpoint`), and the Markdown summary
   * to `env.GITHUB_STEP_SUMMARY` when set. Every target is tried; then the first failure is thrown.
   */
  publish?: boolean;
  /** Print the result table to this stream (plain text). */
  print?: NodeJS.WritableStream;
}

/** Types a config object (editors then autocomplete and check it); returns it unchanged. */
export function defineConfig(config: WasmTorchBenchConfig): WasmTorchBenchConfig {
  return config;
}

const PLAIN: Style = { pass: String, fail: String, warn: String, dim: String, bold: String };

export async function run(config: WasmTorchBenchConfig, options: RunOptions = {}): Promise<RunReport> {
  const dir = options.cwd ?? process.cwd();
  const file = { file: 'the config object', dir, config: validateConfig('config', config) };
  const env = options.env ?? {};
  const { config: runConfig } = resolveConfig({ models: [], flags: {}, typedFlags: new Set(), env, file });
  const { report, publication } = await runPipeline(runConfig, {
    onProgress: options.onProgress,
    signal: options.signal,
    cwd: dir,
    afterRow: options.afterRow,
    writeFiles: options.writeReports ?? false,
    publishWith: options.publish ? env : undefined,
  });
  options.print?.write(renderTable(report, PLAIN));
  const [failure] = publication?.failures ?? [];
  if (failure) throw failure;
  return report;
}
