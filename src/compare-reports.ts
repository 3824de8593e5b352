/**
 * `compare <old> <new>`: judges an existing run report against a baseline (or an older report)
 * without measuring, with the same regression checks as `--baseline`. No printing, no exit.
 */
import { readBaseline, readRunReport } from './baseline/read-baseline.js';
import type { RegressionSpec } from './regression-metrics.js';
import { baselineMismatches, refuseMismatchedBaseline } from './baseline/strict-check.js';
import { applyBaseline } from './report/attach-baseline.js';
import type { RunReport } from './report/schema.js';
import type { InconclusivePolicy } from './types.js';

export interface CompareOptions {
  regressions: RegressionSpec[];
  strict: boolean;
  /** Overrides the policy the new report was run with. */
  inconclusive: InconclusivePolicy | null;
}

export async function compareReports(oldFile: string, newFile: string, options: CompareOptions): Promise<RunReport> {
  const baseline = await readBaseline(oldFile);
  const current = await readRunReport(newFile);
  if (options.strict) {
    const rows = current.results.filter((row) => row.status === 'ok').map((row) => ({ ...row, threads: row.threads.requested }));
    refuseMismatchedBaseline(oldFile, baselineMismatches(baseline, current.environment, rows));
  }
  const settings = {
    ...current.settings,
    inconclusive: options.inconclusive ?? current.settings.inconclusive,
    regressions: options.regressions.map((spec) => ({ ...spec })),
  };
  return applyBaseline({ ...current, settings }, { file: oldFile, document: baseline }, { confidence: current.settings.confidence, regressions: options.regressions });
}
