/** Verdict words and their CSS classes, as the terminal table words them. */
import type { CheckRecord, RunReport, TrialResult } from '../../report/schema.js';

export interface Label {
  text: string;
  className: 'pass' | 'fail' | 'warn' | 'muted';
}

export function verdictLabel(verdict: TrialResult['verdict'] | RunReport['verdict']): Label {
  if (verdict === 'pass') return { text: 'PASS', className: 'pass' };
  if (verdict === 'fail') return { text: 'FAIL', className: 'fail' };
  if (verdict === 'skipped') return { text: 'SKIPPED', className: 'muted' };
  if (verdict === 'inconclusive') return { text: 'INCONCLUSIVE', className: 'warn' };
  return { text: 'ERROR', className: 'fail' };
}

export function checkLabel(check: CheckRecord): Label {
  if (check.verdict === 'pass') return { text: 'PASS', className: 'pass' };
  if (check.verdict === 'inconclusive') return { text: 'INCONCLUSIVE', className: 'warn' };
  if (check.verdict === 'skipped') return { text: 'OFF', className: 'muted' };
  if (check.level === 'warn') return { text: 'WARN', className: 'warn' };
  return check.verdict === 'fail' ? { text: 'FAIL', className: 'fail' } : { text: 'ERR', className: 'fail' };
}

/** A failed check: fail or error, at any level but off. */
export function isFailed(check: CheckRecord): boolean {
  return (check.verdict === 'fail' || check.verdict === 'error') && check.level !== 'off';
}
