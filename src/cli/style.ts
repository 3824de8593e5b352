import { Chalk } from 'chalk';
import type { Style } from '../reporters/table.js';

/** Colour only on a TTY, never under NO_COLOR (any value); FORCE_COLOR forces it on. */
export function colorEnabled(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY);
}

export function terminalStyle(enabled: boolean): Style {
  const chalk = new Chalk({ level: enabled ? 1 : 0 });
  return { pass: chalk.green, fail: chalk.red.bold, warn: chalk.yellow, dim: chalk.dim, bold: chalk.bold };
}
