/** Turns what the runtime printed on stderr into short, deduplicated report warnings. */
import { stripVTControlCharacters } from 'node:util';

const MAX_WARNINGS = 20;
const MAX_WARNING_CHARS = 500;

export function collectWarnings(stderrs: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const stderr of stderrs) {
    for (const rawLine of stripVTControlCharacters(stderr).split('\n')) {
      // ORT prefixes its log lines with a timestamp; drop it so repeats from many workers collapse.
      const line = rawLine.replace(/^\d{4}-\d{2}-\d{2} [\d:.]+ /, '').trim();
      if (line) seen.add(line.length > MAX_WARNING_CHARS ? `${line.slice(0, MAX_WARNING_CHARS)}…` : line);
    }
  }
  const warnings = [...seen];
  if (warnings.length <= MAX_WARNINGS) return warnings.map((line) => `runtime: ${line}`);
  return [...warnings.slice(0, MAX_WARNINGS).map((line) => `runtime: ${line}`), `runtime: … ${warnings.length - MAX_WARNINGS} more lines`];
}
