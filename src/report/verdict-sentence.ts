/** The run's verdict in words, for every reporter that prints a headline. */
import { NOT_MEASURED } from './not-measured.js';
import type { RunReport, TrialResult } from './schema.js';

function isNotMeasured(result: TrialResult): boolean {
  return result.status === 'skipped' && (result.skipReason?.startsWith(NOT_MEASURED) ?? false);
}

/** e.g. "all error-level checks pass (3 trials, 1 skipped)" or "an error-level check failed". */
export function verdictSentence(report: RunReport): string {
  const measured = report.results.filter((result) => result.status !== 'skipped').length;
  const skipped = report.results.length - measured;
  if (report.verdict === 'pass') return `all error-level checks pass (${measured} trial${measured === 1 ? '' : 's'}${skipped > 0 ? `, ${skipped} skipped` : ''})`;
  if (report.verdict === 'fail') return 'an error-level check failed';
  if (report.verdict === 'inconclusive') {
    return `an error-level check is undecided (${report.settings.inconclusive === 'fail' ? 'fails the run; --inconclusive warn to let it pass' : `--inconclusive ${report.settings.inconclusive}`})`;
  }
  return 'a trial could not be measured';
}

/** For a report a signal cut short: how much of the plan it holds; null for a whole run. */
export function partialNote(report: RunReport): string | null {
  if (!report.partial) return null;
  const done = report.results.filter((result) => !isNotMeasured(result)).length;
  return `interrupted: ${done} of ${report.results.length} row${report.results.length === 1 ? '' : 's'} done, the rest not measured (exit code ${report.exitCode}); the verdict covers the rows done`;
}
