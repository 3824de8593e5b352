/**
 * The command line: parse, run, print, exit. The only module that touches process.
 */
import { Command, CommanderError, Option } from 'commander';
import path from 'node:path';
import { compareReports } from '../compare-reports.js';
import { resolveCompareConfig, type RawCompareOptions } from '../config/compare-config.js';
import { RUN_DEFAULTS, type RawRunOptions } from '../config/run-config.js';
import { describeConfig } from '../config/describe-config.js';
import { loadConfigFile } from '../config/load-config-file.js';
import { resolveConfig } from '../config/resolve-config.js';
import { WARMUP_RUNS } from '../harness/profile-job.js';
import { initCommand, type InitOptions } from './init-command.js';
import { registerMonitoringCommand } from './monitoring-command.js';
import { PROFILE_DEFAULTS, PROFILE_FILE, profileCommand, type ProfileFlags } from './profile-command.js';
import type { RunReport } from '../report/schema.js';
import { REPORTER_NAMES, type RunConfig } from '../types.js';
import { DEFAULT_PUSH_JOB } from '../config/metrics-export-settings.js';
import { publishRun, type Publication } from '../publish-run.js';
import { EXIT_OK, EXIT_USAGE, EXIT_RUNTIME, Interrupted, WtbError, exitCodeForSignal } from '../errors.js';
import { toolVersion } from '../env/fingerprint.js';
import { ensureWritableDir } from '../io/atomic-write.js';
import { METRICS } from '../metrics.js';
import { loadModelInfo } from '../plan/model-info.js';
import { listPlan, renderPlanListing } from '../plan/list-plan.js';
import { MERGE_HELP, emptyShardNote } from './merge-command.js';
import { mergeReportFiles } from '../merge/merge-reports.js';
import { renderJson } from '../reporters/json.js';
import { renderModelInfo } from '../reporters/inspect-text.js';
import { renderTable } from '../reporters/table.js';
import { terminalSafe, terminalText } from '../reporters/control-chars.js';
import { runBenchmark } from '../run.js';
import { partialNote } from '../report/verdict-sentence.js';
import { writeBaseline, writeReports } from '../write-reports.js';
import { createProgressReporter } from './progress.js';
import { colorEnabled, terminalStyle } from './style.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

const RUN_EXAMPLES = `
Examples:
  $ wasm-torch-bench fixtures/models/tiny-mlp.onnx
  $ wasm-torch-bench                                    # every model of the config file (wasm-torch-bench init writes one)
  $ wasm-torch-bench --config ci/bench.json --tag smoke
  $ WTB_LOAD_RUNS=5 wasm-torch-bench --print-config     # the merged settings and where each came from
  $ wasm-torch-bench model.onnx --runtime chrome-wasm --threads 2 --browser-path /usr/bin/chromium
  $ wasm-torch-bench model.onnx --runtime all --threads 1,2 --parity error
  $ wasm-torch-bench model.onnx --input-shape input=1,3,224,224 --kpi inference.p99=50ms
  $ wasm-torch-bench silero_vad.onnx --input-shape input=1,512 --input-shape state=2,1,128 --input-value sr=16000
  $ wasm-torch-bench a.onnx b.onnx --load-runs 5 --min-time 2s --max-time 30s --out ci-reports
  $ wasm-torch-bench model.onnx --kpi memory.peak=64MiB --kpi-level load.p95=warn --json > report.json
  $ wasm-torch-bench --runtime-adapter examples/dense-wasm/adapter.mjs examples/dense-wasm/dense-256x128.dwm

Config (wasm-torch-bench.config.json, .wasmtorchbenchrc.json or "wasm-torch-bench" in package.json,
found from the working folder up; --config or WTB_CONFIG to name one):
  flags > WTB_* environment variables (WTB_LOAD_RUNS, WTB_KPI, …: one per flag) > config file > defaults.
  Models there may set their own inputs (shape, dtype, value, range, normal, file), variants, runtimes,
  threads, kpis, timeout and tags. Schema: schema/config.schema.json in the package.

Verdicts (every KPI is an upper bound; defaults from the monitoring framework):
  pass when the confidence interval is wholly below the threshold, fail when wholly at or above,
  inconclusive when it straddles or there are too few samples. Sampling goes on while a check is
  undecided, judged on anytime-valid intervals (confidence sequences), so a verdict keeps its
  confidence however often it was looked at: P99 needs 430 samples at 95 %, P95 85 loads,
  error.rate < 0.1 % 4,311 clean runs. A fixed count (--max-load-runs = --load-runs,
  --max-time = --min-time) keeps fixed-n intervals: 368, 72 and 3,688.
KPIs:
  load.p95 < 2s   inference.p99 < 500ms   memory.peak < 100MB   error.rate < 0.1%
  gateable metrics: ${METRICS.map((metric) => metric.id).join(', ')}
  units: durations us|µs|ms|s|m · sizes B|kB|MB|GB|KiB|MiB|GiB (MB = 10^6 B, MiB = 2^20 B) · rates % or a fraction

Runtimes:
  node-wasm    onnxruntime-web's WebAssembly backend in Node, each cold load in a fresh process
  chrome-wasm  the same in headless Chrome/Chromium, each cold load in a fresh browser context;
               skipped (with a hint) when no browser is found and --runtime was not given
  node-native  onnxruntime-node's CPU provider (optional dependency): the reference. With it in the
               run, each wasm row gets ratios to it (load P95, inference P50/P99, memory) with
               intervals, e.g. "2.10× [1.9–2.3] slower"
  all          node-wasm, chrome-wasm and node-native
  Chrome is found via --browser-path, WTB_CHROME_PATH, then the usual install paths.
  --runtime-adapter m.mjs runs node-wasm and chrome-wasm on your own WebAssembly runtime instead of
  onnxruntime-web (any model format it reads): the module exports load(bytes, { threads }) → session,
  inputs(session) → [{ name, dtype, shape }], run(session, feeds) → outputs, and optionally name,
  version, init(), outputs(), dispose(). Its folder is served to the page. See examples/dense-wasm.

Output parity (when a model runs on two or more runtimes):
  identical seeded feeds go to every runtime; each row's outputs are compared with the reference
  (node-native, else the first runtime): floats agree when |Δ| ≤ atol + rtol·|reference|
  (defaults 1e-4 and 1e-3, suited to float32), integers, bools and NaN positions must match exactly.
  The parity check is warn-level by default; --parity error makes disagreement fail the run.

Exit codes:
  0 every error-level check passed   1 a check failed (or is inconclusive, under --inconclusive fail)
  2 usage, config or input error      3 the runtime could not run (crash, timeout)
  130/143 interrupted (SIGINT/SIGTERM): the reports of what was measured are written, marked partial
`;

const COMPARE_EXAMPLES = `
Examples:
  $ wasm-torch-bench fixtures/models/tiny-mlp.onnx --runtime node-wasm --save-baseline main.baseline.json   # on main
  $ wasm-torch-bench fixtures/models/tiny-mlp.onnx --runtime node-wasm --baseline main.baseline.json        # on a branch: one flag
  $ wasm-torch-bench compare main.baseline.json reports/wasm-torch-bench.json --max-regression 15%
  $ wasm-torch-bench compare old/wasm-torch-bench.json new/wasm-torch-bench.json --max-regression inference.p99=25% --strict

Regression checks (ratio now / baseline, fail only when the whole interval is at or above the allowed ratio):
  regression.load.p50  regression.load.p95 (warn)  regression.inference.p50  regression.inference.p99  regression.memory.peak
  (default: < 1.10×; inference intervals widen to the Hodges–Lehmann/Mann–Whitney interval of the
  --repeat workers' own medians or P99s, ${RUN_DEFAULTS.baselineRepeat} workers with a baseline)
  Intervals: order-statistic intervals of the quantile on both sides, each at 1 − (1 − c)/2, combined (Bonferroni).
`;

/** The output flags `run` and `compare` share. */
function withOutputOptions(command: Command): Command {
  return command
    .addOption(new Option('--reporter <list>', `comma-separated: ${REPORTER_NAMES.join(', ')}`).default(RUN_DEFAULTS.reporter))
    .addOption(new Option('--out <dir>', 'folder for the report files').default(RUN_DEFAULTS.out))
    .addOption(new Option('--json', 'print the JSON report to stdout (the table goes to stderr)'))
    .addOption(new Option('-q, --quiet', 'print nothing but errors; the exit code and report files still tell the result'));
}

function buildProgram(): Command {
  const program = new Command('wasm-torch-bench')
    .description('Benchmark ONNX models on WebAssembly runtimes and gate the results against KPIs.')
    .version(toolVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage and examples)')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(`wasm-torch-bench: ${text.replace(/^error: /, '')}`) });

  withOutputOptions(program.command('run', { isDefault: true }))
    .description('measure cold load, inference latency, memory and errors of each model, check the KPIs, write reports')
    .argument('[model...]', 'ONNX model files (default: the models in the config file)')
    .option('--config <file>', 'config file (default: the nearest wasm-torch-bench.config.json, .wasmtorchbenchrc.json or package.json "wasm-torch-bench" key; or WTB_CONFIG)')
    .option('--print-config', 'print the merged configuration and where each value came from, then exit without measuring')
    .option('--tag <list>', 'measure only the config\'s models with one of these tags, e.g. --tag smoke,audio')
    .option('--shard <k/n>', 'measure only the k-th of n parts of the plan, e.g. 2/4 on the second of four CI machines; join the reports with merge (or WTB_SHARD)')
    .option('--list', 'print the trials the plan (or --shard\'s part of it) holds, then exit without measuring (--json for JSON)')
    // No commander default here: whether the user named the runtimes decides skip vs error.
    .option('--runtime <list>', `comma-separated runtimes: node-wasm, chrome-wasm, node-native, or all (default: "${RUN_DEFAULTS.runtime}")`)
    .option('--browser-path <path>', 'Chrome/Chromium executable for chrome-wasm (else WTB_CHROME_PATH, else the usual install paths)')
    .option('--browser-ws-endpoint <url>', 'connect to a running browser (ws://…/devtools/browser/…) instead of launching one')
    .option('--runtime-adapter <module>', 'run the models with this runtime adapter (an ESM module exporting load, inputs, run) in place of onnxruntime-web, on node-wasm and chrome-wasm')
    .option('--load-runs <n>', 'minimum cold loads, each in a fresh worker (process or browser context)', String(RUN_DEFAULTS.loadRuns))
    .option('--max-load-runs <n>', 'more cold loads while a load check is inconclusive, up to this many', String(RUN_DEFAULTS.maxLoadRuns))
    .option('--warmup <n|auto>', 'warm-up runs before timing (reported, excluded); auto: until the rolling median settles', RUN_DEFAULTS.warmup)
    .option('--iterations <n>', 'minimum timed runs', String(RUN_DEFAULTS.iterations))
    .option('--repeat <n>', `inference phases, each in a fresh worker: their spread is the run-to-run noise a baseline gate allows for (default 1; ${RUN_DEFAULTS.baselineRepeat} with --baseline or --save-baseline)`)
    .option('--min-time <duration>', 'minimum time spent on timed runs', '1s')
    .option('--max-time <duration>', 'timed runs continue while a check is inconclusive, up to this long', '60s')
    .option('--confidence <level>', 'confidence of every interval and verdict, e.g. 95% or 0.99', '95%')
    .option('--inconclusive <policy>', 'what an undecided error-level check does to the exit code: fail | warn | pass', RUN_DEFAULTS.inconclusive)
    .option('--check-finite', 'count a run whose outputs hold NaN or Infinity as failed')
    .option('--timeout <duration>', 'kill a worker that takes longer than this (plus --max-time for the inference worker)', '2m')
    .option('--memory-limit <size>', 'kill a worker (Node process or Chrome renderer) whose resident memory exceeds this, e.g. 2GiB (its row is an OUT_OF_MEMORY error)')
    .option('--threads <list>', 'threads per runtime; a list sweeps, each setting its own row, e.g. 1,2,4', RUN_DEFAULTS.threads)
    .option('--atol <x>', 'output parity: absolute tolerance per element', String(RUN_DEFAULTS.atol))
    .option('--rtol <x>', 'output parity: relative tolerance per element (|Δ| ≤ atol + rtol·|reference| agrees)', String(RUN_DEFAULTS.rtol))
    .option('--parity <level>', 'level of the output parity check: off | warn | error', RUN_DEFAULTS.parity)
    .option('--seed <n>', 'seed of the generated input values', String(RUN_DEFAULTS.seed))
    .option('--input-shape <name=dims>', 'shape of an input with dynamic dims, e.g. input=1,3,224,224 (repeatable)', collect)
    .option('--input-value <name=number>', 'fill an input with a constant instead of random values, e.g. sr=16000 (repeatable)', collect)
    .option('--kpi <metric=value>', 'set a KPI threshold, e.g. inference.p99=50ms (repeatable)', collect)
    .option('--kpi-level <metric=level>', 'off | warn | error for a KPI, e.g. memory.peak=warn (repeatable)', collect)
    .option('--baseline <file>', 'compare with a baseline (or a wasm-torch-bench.json) and add regression checks')
    .option('--save-baseline <file>', 'write this run\'s baseline, to compare later runs with')
    .option('--max-regression <value>', 'largest allowed slowdown against the baseline: 10% for every metric, or inference.p99=20% for one (repeatable)', collect)
    .option('--regression-level <metric=level>', 'off | warn | error for a regression check, e.g. memory.peak=warn (repeatable)', collect)
    .option('--strict', 'refuse a baseline from another machine, runtime version, model or thread setting (exit 2) instead of warning')
    .option('--push-gateway <url>', 'push the metrics to a Prometheus Pushgateway, e.g. http://localhost:9091 (replaces the job\'s group)')
    .option('--push-job <name>', `job label of the pushed group (default "${DEFAULT_PUSH_JOB}")`)
    .option('--push-label <name=value>', 'grouping label of the pushed group, e.g. branch=main (repeatable)', collect)
    .option('--otlp-endpoint <url>', 'export the metrics over OTLP/HTTP, e.g. http://localhost:4318 (/v1/metrics is added)')
    .option('--otlp-header <name=value>', 'HTTP header for the OTLP export, e.g. authorization=Bearer <token> (repeatable)', collect)
    .addHelpText('after', RUN_EXAMPLES)
    .action(async (models: string[], options: RunCommandOptions, command: Command) => {
      process.exitCode = await runCommand(models, options, typedOptions(command));
    });

  withOutputOptions(program.command('compare'))
    .description('compare a run report with a baseline (or an older report) without measuring: regression checks, table, JSON, JUnit')
    .argument('<old>', 'baseline file (--save-baseline) or wasm-torch-bench.json')
    .argument('<new>', 'wasm-torch-bench.json of the run to judge')
    .option('--max-regression <value>', 'largest allowed slowdown: 10% for every metric, or inference.p99=20% for one (repeatable)', collect)
    .option('--regression-level <metric=level>', 'off | warn | error for a regression check (repeatable)', collect)
    .option('--inconclusive <policy>', 'what an undecided error-level check does to the exit code: fail | warn | pass (default: as the new run)')
    .option('--strict', 'refuse a baseline from another machine, runtime version, model or thread setting (exit 2)')
    .addHelpText('after', COMPARE_EXAMPLES)
    .action(async (oldFile: string, newFile: string, options: RawCompareOptions) => {
      process.exitCode = await compareCommand(oldFile, newFile, options);
    });

  program
    .command('init')
    .description('write a starter wasm-torch-bench.config.json for the models given (or every .onnx under the folder), inputs filled in')
    .argument('[paths...]', '.onnx files or folders to search (default: the working folder)')
    .option('--file <path>', 'config file to write', 'wasm-torch-bench.config.json')
    .option('--force', 'overwrite the file when it exists')
    .addHelpText(
      'after',
      '\nExamples:\n  $ wasm-torch-bench init                       # every .onnx under this folder (node_modules skipped)\n  $ wasm-torch-bench init models/ extra/vad.onnx\n  $ wasm-torch-bench init --file ci/wasm-torch-bench.config.json --force\n',
    )
    .action(async (paths: string[], options: InitOptions) => {
      process.exitCode = await initCommand(paths, options);
    });

  registerMonitoringCommand(program);
  withOutputOptions(program.command('merge'))
    .description('join the reports of a run split with --shard into one: JSON, JUnit, table, one verdict and exit code over all rows')
    .argument('<reports...>', "every shard's wasm-torch-bench.json")
    .addHelpText('after', MERGE_HELP)
    .action(async (files: string[], options: RawCompareOptions) => {
      process.exitCode = await mergeCommand(files, options);
    });

  program
    .command('profile')
    .description("run a model with onnxruntime's profiler: top operators, load phases, wasm memory timeline, and trace files")
    .argument('<model>', 'ONNX model file')
    .option('--runtime <list>', 'comma-separated: node-wasm, chrome-wasm, node-native, or all', 'node-wasm,chrome-wasm')
    .option('--runs <n>', 'timed runs with the profiler (and as many without, for its overhead)', PROFILE_DEFAULTS.runs)
    .option('--top <n>', 'operators shown per runtime', PROFILE_DEFAULTS.top)
    .option('--threads <n>', 'threads per runtime', RUN_DEFAULTS.threads)
    .option('--seed <n>', 'seed of the generated input values', String(RUN_DEFAULTS.seed))
    .option('--input-shape <name=dims>', 'shape of an input with dynamic dims, e.g. input=1,3,224,224 (repeatable)', collect)
    .option('--input-value <name=number>', 'fill an input with a constant, e.g. sr=16000 (repeatable)', collect)
    .option('--browser-path <path>', 'Chrome/Chromium executable for chrome-wasm')
    .option('--browser-ws-endpoint <url>', 'profile in a running browser instead of launching one')
    .option('--timeout <duration>', 'kill a profiling worker that takes longer than this', '2m')
    .option('--out <dir>', 'folder for the profile document and the trace files', PROFILE_DEFAULTS.out)
    .option('--json', 'print the profile document to stdout (the tables go to stderr)')
    .addHelpText(
      'after',
      `
Examples:
  $ wasm-torch-bench profile fixtures/models/tiny-mlp.onnx
  $ wasm-torch-bench profile silero_vad.onnx --input-shape input=1,512 --input-shape state=2,1,128 --input-value sr=16000 --runtime all
  $ wasm-torch-bench profile model.onnx --runtime chrome-wasm --runs 50 --top 30 --out profiles

Writes into --out: ${PROFILE_FILE} (the document), <runtime>.ort-profile.json (onnxruntime's trace:
open in chrome://tracing, DevTools' Performance panel or ui.perfetto.dev), chrome-wasm.trace.json
(the browser's own trace) and node-wasm.cpuprofile (the Node worker's CPU profile, for DevTools).
Operator times come from runs after ${WARMUP_RUNS} warm-up runs; shares are of kernel self time.
`,
    )
    .action(async (model: string, options: ProfileFlags) => {
      process.exitCode = await profileCommand(model, options);
    });

  program
    .command('inspect')
    .description('show a model\'s inputs, outputs, types, shapes (dynamic dims named), opset, size and sha256')
    .argument('<model>', 'ONNX model file')
    .addOption(new Option('--json', 'print JSON instead of text'))
    .addHelpText('after', '\nExample:\n  $ wasm-torch-bench inspect fixtures/models/tiny-mlp.onnx\n')
    .action(async (model: string, options: { json?: boolean }) => {
      const info = await loadModelInfo(model);
      process.stdout.write(options.json ? `${JSON.stringify(info, null, 2)}\n` : renderModelInfo(terminalSafe(info), terminalStyle(colorEnabled(process.stdout, process.env))));
      process.exitCode = EXIT_OK;
    });

  return program;
}

/** The options the user typed (commander fills defaults in, which must not beat WTB_* or the config file). */
function typedOptions(command: Command): Set<string> {
  return new Set(command.options.map((option) => option.attributeName()).filter((name) => command.getOptionValueSource(name) === 'cli'));
}

type RunCommandOptions = RawRunOptions & { config?: string; printConfig?: boolean; tag?: string; list?: boolean };

async function runCommand(models: string[], options: RunCommandOptions, typed: ReadonlySet<string>): Promise<number> {
  const { config: configPath, printConfig, tag, list, ...flags } = options;
  const file = await loadConfigFile(process.cwd(), configPath ?? process.env.WTB_CONFIG ?? null);
  const tags = tag?.split(',').map((item) => item.trim()).filter((item) => item.length > 0) ?? [];
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
    const report = await runBenchmark(config, { onProgress: config.quiet ? undefined : progress.onProgress, env: process.env, signal: stop.signal, beforeMeasuring }).finally(() =>
      progress.stop(),
    );
    const written = await writeReports(report, config);
    const baselineFile = config.saveBaselineFile ? await writeBaseline(report, config.saveBaselineFile) : null;
    if (baselineFile) written.push(baselineFile);
    if (report.partial) {
      process.stderr.write(`wasm-torch-bench: partial report, ${partialNote(report)}${config.saveBaselineFile ? `; no baseline saved to ${config.saveBaselineFile}` : ''}${config.pushGateway || config.otlp ? '; metrics not sent' : ''}\n`);
    }
    emit(report, config, written);
    if (report.shard && report.results.length === 0 && !config.quiet) process.stderr.write(emptyShardNote(report.shard));
    return published(report, await publishRun(report, config, process.env), config.quiet);
  } finally {
    stop.dispose();
  }
}

/**
 * Annotations and export failures on stderr (stdout may carry --json). A run that passed but could
 * not deliver its results where asked exits 3: a green gate must not hide a silent export.
 */
function published(report: RunReport, publication: Publication, quiet: boolean): number {
  for (const line of publication.annotations) process.stderr.write(`${line}\n`);
  if (!quiet && publication.destinations.length > 0) process.stderr.write(`sent: ${publication.destinations.join(', ')}\n`);
  for (const failure of publication.failures) process.stderr.write(`wasm-torch-bench: ${terminalText(failure.message)}\n`);
  return publication.failures.length > 0 && report.exitCode === EXIT_OK ? EXIT_RUNTIME : report.exitCode;
}

/** The JSON on stdout when asked, and the table with the files written (on stderr under --json). */
function emit(report: RunReport, config: Pick<RunConfig, 'jsonToStdout' | 'quiet' | 'reporters'>, written: readonly string[]): void {
  if (config.jsonToStdout) process.stdout.write(renderJson(report));
  if (!config.quiet && config.reporters.includes('table')) {
    const stream = config.jsonToStdout ? process.stderr : process.stdout;
    stream.write(renderTable(report, terminalStyle(colorEnabled(stream, process.env))));
    if (written.length > 0) stream.write(`reports: ${written.join(', ')}\n`);
  }
}

async function compareCommand(oldFile: string, newFile: string, raw: RawCompareOptions): Promise<number> {
  const config = resolveCompareConfig(raw);
  if (config.reporters.some((name) => name !== 'table')) await ensureWritableDir(config.outDir);
  const report = await compareReports(oldFile, newFile, config);
  emit(report, config, await writeReports(report, config));
  return published(report, await publishRun(report, { ...config, pushGateway: null, otlp: null }, process.env), config.quiet);
}

async function mergeCommand(files: string[], raw: RawCompareOptions): Promise<number> {
  const config = resolveCompareConfig(raw);
  if (config.reporters.some((name) => name !== 'table')) await ensureWritableDir(config.outDir);
  const report = await mergeReportFiles(files);
  emit(report, config, await writeReports(report, config));
  return published(report, await publishRun(report, { ...config, pushGateway: null, otlp: null }, process.env), config.quiet);
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

function reportFatal(error: unknown): number {
  if (error instanceof Interrupted) return exitCodeForSignal(error.signal);
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT_OK;
    return EXIT_USAGE;
  }
  if (error instanceof WtbError) {
    process.stderr.write(`wasm-torch-bench: ${terminalText(error.message)}\n`);
    return error.exitCode;
  }
  process.stderr.write(`wasm-torch-bench: internal error: ${terminalText(error instanceof Error ? (error.stack ?? error.message) : String(error))}\nPlease report this with the command you ran.\n`);
  return EXIT_RUNTIME;
}

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportFatal(error);
}
