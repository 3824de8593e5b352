/**
 * The CLI in-process: main() with captured output, in milliseconds where a bin spawn takes
 * hundreds. Use it for what the CLI decides (usage errors, messages, exit codes, verdicts,
 * reports); keep runCli (a real process) for the wiring: the bin's exit code, signals, workers.
 */
import { main } from '../../src/cli/main.js';
import type { CliIo, TextOutput } from '../../src/cli/cli-io.js';
import { simulatedLaunchers } from '../../src/runtimes/simulated/launcher.js';
import type { SimulationSpec } from '../../src/runtimes/simulated/simulation-spec.js';
import type { CliResult } from './cli.js';
import { REPO_ROOT } from './fixtures.js';

export interface RunMainOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Runtimes in place of the real ones; see `simulated`. */
  launchers?: CliIo['launchers'];
}

function capture(): TextOutput & { text: string } {
  return {
    text: '',
    isTTY: false,
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  };
}

/** The environment runCli's bin would see: the runner's own, its GitHub Actions hooks left out, no colour. */
function cliEnv(env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const { GITHUB_ACTIONS: _actions, GITHUB_STEP_SUMMARY: _summary, ...rest } = process.env;
  return { ...rest, NO_COLOR: '1', ...env };
}

export async function runMain(args: readonly string[], options: RunMainOptions = {}): Promise<CliResult> {
  const stdout = capture();
  const stderr = capture();
  const status = await main(args, { stdout, stderr, env: cliEnv(options.env), cwd: options.cwd ?? REPO_ROOT, launchers: options.launchers });
  return { status, stdout: stdout.text, stderr: stderr.text };
}

/** runMain on the simulated runtime (every runtime simulated, per `spec`). */
export function runSimulated(args: readonly string[], spec: SimulationSpec = {}, options: Omit<RunMainOptions, 'launchers'> = {}): Promise<CliResult> {
  return runMain(args, { ...options, launchers: simulatedLaunchers(spec) });
}
