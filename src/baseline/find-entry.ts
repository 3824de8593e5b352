/** Which baseline entry a row is compared with, and what differs between them (in words). */
import type { Baseline, BaselineEntry } from './document.js';

/**
 * The entry for this row: same model (path, else name), input variant, runtime and threads; else
 * the same at other threads.
 */
export function findEntry(baseline: Baseline, row: { model: { path: string; name: string }; variant: string | null; runtime: string; threads: number }): BaselineEntry | null {
  const sameModel = (entry: BaselineEntry) => entry.model.path === row.model.path;
  const sameName = (entry: BaselineEntry) => entry.model.name === row.model.name;
  const candidates = baseline.entries.filter((entry) => entry.runtime === row.runtime && (entry.variant ?? null) === row.variant);
  for (const modelMatch of [sameModel, sameName]) {
    const matches = candidates.filter(modelMatch);
    const exact = matches.find((entry) => entry.threads === row.threads);
    if (exact ?? matches[0]) return exact ?? (matches[0] as BaselineEntry);
  }
  return null;
}

/** What differs between a row and its entry, in words; empty when nothing does. */
export function rowDifferences(entry: BaselineEntry, row: { sha256: string | null; runtimeVersion: string | null; threads: number }): string[] {
  const differences: string[] = [];
  if (entry.model.sha256 !== row.sha256) differences.push(`model sha256 ${short(entry.model.sha256)} in the baseline, ${short(row.sha256)} now`);
  if (row.runtimeVersion !== null && entry.runtimeVersion !== row.runtimeVersion) {
    differences.push(`${entry.runtime} version ${entry.runtimeVersion ?? 'unknown'} in the baseline, ${row.runtimeVersion} now`);
  }
  if (entry.threads !== row.threads) differences.push(`threads ${entry.threads} in the baseline, ${row.threads} now`);
  return differences;
}

function short(sha256: string | null): string {
  return sha256 ? sha256.slice(0, 12) : 'unknown';
}
