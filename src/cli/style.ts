import { Chalk } from 'chalk';
import type { Style } from '../reporters/table.js';

export { colorEnabled } from './color-enabled.js';

export function terminalStyle(enabled: boolean): Style {
  const chalk = new Chalk({ level: enabled ? 1 : 0 });
  return { pass: chalk.green, fail: chalk.red.bold, warn: chalk.yellow, dim: chalk.dim, bold: chalk.bold };
}
