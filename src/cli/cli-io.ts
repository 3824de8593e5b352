/**
 * Everything a command may read from or write to the world around it. The bin builds it from the
 * process (process-io.ts); tests build it in memory and call main() in-process.
 */
import type { RuntimeLauncher } from '../runtimes/measurement.js';
import type { RuntimeName } from '../types.js';

export interface TextOutput {
  write(text: string): unknown;
  /** A terminal: colour and the redrawn progress line are for terminals only. */
  readonly isTTY?: boolean;
}

/** SIGINT/SIGTERM as the real process receives them. */
export interface SignalSource {
  /** Calls onSignal for each signal until the returned function is called. */
  listen(onSignal: (signal: NodeJS.Signals) => void): () => void;
  /** A second signal while stopping: end the process at once with this code. */
  exitNow(exitCode: number): void;
}

export interface CliIo {
  stdout: TextOutput;
  stderr: TextOutput;
  env: Readonly<Record<string, string | undefined>>;
  /** Where the config file is searched from, and what --list and --shard key model paths against. */
  cwd: string;
  /** Absent in-process: nothing then listens for signals. */
  signals?: SignalSource;
  /** Test seam: launchers used in place of the real runtimes (never set from the command line). */
  launchers?: Partial<Record<RuntimeName, RuntimeLauncher>>;
}
