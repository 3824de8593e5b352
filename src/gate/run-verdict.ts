/** The run's verdict and exit code from its rows' verdicts. */
import { EXIT_CHECK_FAILED, EXIT_OK, exitCodeForErrorCode, type ErrorCode, type ExitCode } from '../errors.js';
import type { InconclusivePolicy } from '../types.js';

/** What the run's verdict reads of a row (a report's TrialResult has it). */
export interface JudgedRow {
  verdict: 'pass' | 'fail' | 'inconclusive' | 'error' | 'skipped';
  error: { code: string } | null;
}

/**
 * Worst outcome wins: runtime failure 3 > input error 2 > failed check 1 > 0. An inconclusive
 * check counts as failed under --inconclusive fail (the default) and not otherwise.
 */
export function exitCodeFor(results: readonly JudgedRow[], inconclusive: InconclusivePolicy): ExitCode {
  let exitCode: ExitCode = EXIT_OK;
  for (const result of results) {
    const failed = result.verdict === 'fail' || (result.verdict === 'inconclusive' && inconclusive === 'fail');
    const code = result.error ? exitCodeForErrorCode(result.error.code as ErrorCode) : failed ? EXIT_CHECK_FAILED : EXIT_OK;
    exitCode = Math.max(exitCode, code) as ExitCode;
  }
  return exitCode;
}

export function runVerdict(results: readonly JudgedRow[]): 'pass' | 'fail' | 'inconclusive' | 'error' {
  for (const verdict of ['error', 'fail', 'inconclusive'] as const) {
    if (results.some((result) => result.verdict === verdict)) return verdict;
  }
  return 'pass';
}
