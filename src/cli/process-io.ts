/** The CliIo of the real process: its streams, environment, working folder and signals. */
import type { CliIo, SignalSource } from './cli-io.js';

const processSignals: SignalSource = {
  listen(onSignal) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    return () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    };
  },
  exitNow: (exitCode) => process.exit(exitCode),
};

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), signals: processSignals };
}
