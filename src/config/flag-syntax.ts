/** How flags and their values are written, for parsers and for the examples their messages give. */
import { UsageError } from '../errors.js';

/** How to write a value where `flag` names the setting: "--seed 7", "WTB_SEED=7", or "seed: 7" in a config file. */
export function example(flag: string, value: string | number): string {
  if (flag.startsWith('--')) return `${flag} ${value}`;
  if (flag.startsWith('WTB_')) return `${flag}=${value}`;
  return `${flag.split(' ')[0]}: ${typeof value === 'number' ? value : JSON.stringify(value)}`;
}

/** "name=value" expressions → a map; `what` names the left side in messages (input, label, header). */
export function parseAssignments(flag: string, expressions: readonly string[], sample: string, what = 'input'): Map<string, string> {
  const assignments = new Map<string, string>();
  for (const expression of expressions) {
    // The first "=" for labels and headers (values may hold "="), the last for inputs (names may).
    const index = what === 'input' ? expression.lastIndexOf('=') : expression.indexOf('=');
    const name = index > 0 ? expression.slice(0, index).trim() : '';
    const value = index > 0 ? expression.slice(index + 1).trim() : '';
    if (!name || !value) throw new UsageError(`${flag} "${expression}" is not of the form <${what}>=<value>; for example ${example(flag, sample)}`);
    if (assignments.has(name)) throw new UsageError(`${flag} names ${what} "${name}" twice; give each ${what} once`);
    assignments.set(name, value);
  }
  return assignments;
}
