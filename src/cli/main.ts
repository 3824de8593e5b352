/**
 * The command line: parse, run, print; returns the exit code. Everything it reads from or writes to
 * the world goes through `io` (the bin builds it from the process: process-io.ts), so tests can run
 * it in-process. Each command lives in its own module, imported when it runs, so --help and
 * --version load only commander and the help texts.
 */
import { Command, CommanderError, Option } from 'commander';
import type { RawCompareOptions } from '../config/compare-config.js';
import type { CommandName } from '../config/setting-row.js';
import { toolVersion } from '../env/fingerprint.js';
import { EXIT_OK, EXIT_RUNTIME, EXIT_USAGE, Interrupted, WtbError, exitCodeForSignal } from '../errors.js';
import { terminalText } from '../reporters/control-chars.js';
import { AB_HELP, COMPARE_EXAMPLES, MERGE_HELP, PROFILE_HELP, RUN_EXAMPLES } from './help-texts.js';
import type { AbCommandOptions } from './ab-command.js';
import { AB_SIDE_SETTING_NAMES } from '../config/ab-side-names.js';
import { AB_DEFAULTS } from './ab-defaults.js';
import type { InitOptions } from './init-command.js';
import { registerMonitoringCommand } from './monitoring-command.js';
import type { ProfileFlags } from './profile-command.js';
import { PROFILE_DEFAULTS } from './profile-defaults.js';
import { settingOptions } from './setting-options.js';
import type { RunCommandOptions } from './run-command.js';
import type { CliIo } from './cli-io.js';
import { colorEnabled } from './color-enabled.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The options the settings table declares for this command (for `compare` and `merge`: the output options they share with `run`). */
/** compare judges a report already made: --inconclusive follows the new run's unless given. */
const COMPARE_DEFAULTS = { inconclusive: null, maxRegression: null, regressionLevel: null };

function withSettingOptions(command: Command, name: CommandName, defaults: Partial<Record<string, string | null>> = {}): Command {
  for (const option of settingOptions(name, defaults)) command.addOption(option);
  return command;
}

function buildProgram(io: CliIo, setExitCode: (exitCode: number) => void): Command {
  const program = new Command('wasm-torch-bench')
    .description('Benchmark ONNX models on WebAssembly runtimes and gate the results against KPIs.')
    .version(toolVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage and examples)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(`wasm-torch-bench: ${text.replace(/^error: /, '')}`),
      getOutHelpWidth: () => helpWidth(io.stdout),
      getErrHelpWidth: () => helpWidth(io.stderr),
      getOutHasColors: () => colorEnabled(io.stdout, io.env),
      getErrHasColors: () => colorEnabled(io.stderr, io.env),
    })
    .addHelpText(
      'after',
      `
run is the default command: "wasm-torch-bench model.onnx --runtime node-wasm" runs it. Its
measuring flags (--runtime, --load-runs, --max-time, --kpi, --confidence, …), examples and exit
codes: wasm-torch-bench run --help
`,
    );

  withSettingOptions(program.command('run', { isDefault: true }), 'run')
    .description('measure cold load, inference latency, memory and errors of each model, check the KPIs, write reports')
    .argument('[model...]', 'ONNX model files (default: the models in the config file)')
    .addHelpText('after', RUN_EXAMPLES)
    .action(async (models: string[], options: RunCommandOptions, command: Command) => {
      const { runCommand } = await import('./run-command.js');
      setExitCode(await runCommand(models, options, typedOptions(command), io));
    });

  withSettingOptions(program.command('compare'), 'compare', COMPARE_DEFAULTS)
    .description('compare a run report with a baseline (or an older report) without measuring: regression checks, table, JSON, JUnit')
    .argument('<old>', 'baseline file (--save-baseline) or wasm-torch-bench.json')
    .argument('<new>', 'wasm-torch-bench.json of the run to judge')
    .addHelpText('after', COMPARE_EXAMPLES)
    .action(async (oldFile: string, newFile: string, options: RawCompareOptions, command: Command) => {
      const { compareCommand } = await import('./compare-command.js');
      setExitCode(await compareCommand(oldFile, newFile, options, typedOptions(command), io));
    });

  withSettingOptions(program.command('ab'), 'ab', AB_DEFAULTS)
    .description('measure two builds of a model in one run, paired block by block, and judge B against A: slower, faster, same or unsure per metric')
    .argument('<A>', 'the model to compare against: a file, or git:<ref>:<path>')
    .argument('<B>', 'the candidate: a file, or git:<ref>:<path>')
    .option('--a <setting=value>', `a runtime setting side A runs with in place of the run's: ${AB_SIDE_SETTING_NAMES.join(', ')} (repeatable)`, collect)
    .option('--b <setting=value>', `a runtime setting side B runs with in place of the run's, e.g. threads=2 or graph-optimization=basic (repeatable)`, collect)
    .addHelpText('after', AB_HELP)
    .action(async (sideA: string, sideB: string, options: AbCommandOptions, command: Command) => {
      const { abCommand } = await import('./ab-command.js');
      setExitCode(await abCommand(sideA, sideB, options, typedOptions(command), io));
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
      const { initCommand } = await import('./init-command.js');
      setExitCode(await initCommand(paths, options, io));
    });

  registerMonitoringCommand(program, io, setExitCode);
  withSettingOptions(program.command('merge'), 'merge')
    .description('join the reports of a run split with --shard into one: JSON, JUnit, table, one verdict and exit code over all rows')
    .argument('<reports...>', "every shard's wasm-torch-bench.json")
    .addHelpText('after', MERGE_HELP)
    .action(async (files: string[], options: RawCompareOptions, command: Command) => {
      const { mergeCommand } = await import('./merge-command.js');
      setExitCode(await mergeCommand(files, options, typedOptions(command), io));
    });

  withSettingOptions(program.command('profile'), 'profile', { out: PROFILE_DEFAULTS.out })
    .description("run a model with onnxruntime's profiler: top operators, load phases, wasm memory timeline, and trace files")
    .argument('<model>', 'ONNX model file')
    .option('--runs <n>', 'timed runs with the profiler (and as many without, for its overhead)', PROFILE_DEFAULTS.runs)
    .option('--top <n>', 'operators shown per runtime', PROFILE_DEFAULTS.top)
    .addHelpText('after', PROFILE_HELP)
    .action(async (model: string, options: ProfileFlags, command: Command) => {
      const { profileCommand } = await import('./profile-command.js');
      setExitCode(await profileCommand(model, options, typedOptions(command), io));
    });

  program
    .command('inspect')
    .description("show a model's inputs, outputs, types, shapes (dynamic dims named), opset, size and sha256")
    .argument('<model>', 'ONNX model file')
    .addOption(new Option('--json', 'print JSON instead of text'))
    .addHelpText('after', '\nExample:\n  $ wasm-torch-bench inspect fixtures/models/tiny-mlp.onnx\n')
    .action(async (model: string, options: { json?: boolean }) => {
      const { inspectCommand } = await import('./inspect-command.js');
      setExitCode(await inspectCommand(model, options, io));
    });

  return program;
}

/** The options the user typed (commander fills defaults in, which must not beat WTB_* or the config file). */
function typedOptions(command: Command): Set<string> {
  return new Set(command.options.map((option) => option.attributeName()).filter((name) => command.getOptionValueSource(name) === 'cli'));
}

/**
 * Help wraps at the terminal's width; elsewhere (pipes, tests) at commander's 80 columns, which
 * it falls back to on undefined (its type says number).
 */
function helpWidth(stream: CliIo['stdout']): number {
  return (stream.isTTY ? (stream as { columns?: number }).columns : undefined) as number;
}

function reportFatal(error: unknown, stderr: CliIo['stderr']): number {
  if (error instanceof Interrupted) return exitCodeForSignal(error.signal);
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT_OK;
    return EXIT_USAGE;
  }
  if (error instanceof WtbError) {
    stderr.write(`wasm-torch-bench: ${terminalText(error.message)}\n`);
    return error.exitCode;
  }
  stderr.write(`wasm-torch-bench: internal error: ${terminalText(error instanceof Error ? (error.stack ?? error.message) : String(error))}\nPlease report this with the command you ran.\n`);
  return EXIT_RUNTIME;
}

/** Runs the command line `args` (without node and the script) and returns the exit code. */
export async function main(args: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT_OK;
  try {
    await buildProgram(io, (code) => (exitCode = code)).parseAsync([...args], { from: 'user' });
  } catch (error) {
    exitCode = reportFatal(error, io.stderr);
  }
  return exitCode;
}
