/**
 * memory.retained as the summary tables show it: the growth per cycle its check judged, with the
 * check's interval. Only rows that measured retained memory have one, and a table gets the column
 * only when a row has it.
 */
import { formatBytesShort } from '../format.js';
import type { CheckRecord, TrialResult } from '../report/schema.js';

export type RetainedCheck = CheckRecord & { actual: number };

/** The row's judged memory.retained check; null when the row measured no retained memory. */
export function retainedCheck(result: TrialResult): RetainedCheck | null {
  const check = result.checks.find((candidate) => candidate.id === 'memory.retained' && candidate.method === 'theil-sen');
  return check && check.actual !== null ? (check as RetainedCheck) : null;
}

export function anyRetained(results: readonly TrialResult[]): boolean {
  return results.some((result) => retainedCheck(result) !== null);
}

/** "1.05 MB" and "[1.05 MB–1.05 MB]": the growth per cycle and its interval, for a cell. */
export function retainedParts(check: RetainedCheck): { value: string; interval: string } {
  const side = (bytes: number | null | undefined) => (bytes === null || bytes === undefined ? '—' : formatBytesShort(bytes));
  return { value: formatBytesShort(check.actual), interval: `[${side(check.interval?.low)}–${side(check.interval?.high)}]` };
}
