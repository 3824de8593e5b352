/**
 * --strict: a baseline from another machine, software, model or thread setting is refused before
 * anything is measured. (The browser's version is known only once it runs, so it stays a warning.)
 */
import { InputError } from '../errors.js';
import type { Environment } from '../report/schema.js';
import type { Baseline } from './document.js';
import { environmentDifferences } from './environment-differences.js';
import { findEntry, rowDifferences } from './find-entry.js';

/** A row to be compared: from a plan (before measuring) or from a report. */
export interface ComparedRow {
  model: { path: string; name: string; sha256: string | null };
  variant: string | null;
  runtime: string;
  runtimeVersion: string | null;
  threads: number;
}

export function baselineMismatches(baseline: Baseline, environment: Environment, rows: readonly ComparedRow[]): string[] {
  const mismatches = environmentDifferences(baseline.environment, environment);
  for (const row of rows) {
    const entry = findEntry(baseline, row);
    const label = `${row.model.name}${row.variant ? ` [${row.variant}]` : ''} on ${row.runtime} ×${row.threads}`;
    if (!entry) {
      mismatches.push(`${label}: not in the baseline`);
      continue;
    }
    mismatches.push(...rowDifferences(entry, { sha256: row.model.sha256, runtimeVersion: row.runtimeVersion, threads: row.threads }).map((difference) => `${label}: ${difference}`));
  }
  return mismatches;
}

export function refuseMismatchedBaseline(file: string, mismatches: readonly string[]): void {
  if (mismatches.length === 0) return;
  const shown = mismatches.slice(0, 10).map((line) => `  - ${line}`);
  if (mismatches.length > 10) shown.push(`  - … ${mismatches.length - 10} more`);
  throw new InputError(
    'BASELINE_MISMATCH',
    `--strict: baseline ${file} does not match this run:\n${shown.join('\n')}\nsave a new baseline here (--save-baseline), or drop --strict to compare anyway with warnings`,
  );
}
