import type { TextOutput } from './cli-io.js';

/** Colour only on a TTY, never under NO_COLOR (any value); FORCE_COLOR forces it on. */
export function colorEnabled(stream: TextOutput, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY);
}
