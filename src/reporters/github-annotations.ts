/**
 * RunReport → GitHub Actions workflow commands: one `::error` annotation per failed error-level
 * check or unmeasurable row (at most MAX_ANNOTATIONS, then one line saying how many more), and
 * `::warning` for failed warn-level checks within the same cap.
 */
import { formatQuantity } from '../format.js';
import type { CheckRecord, RunReport, TrialResult } from '../report/schema.js';
import { rowLabel } from '../report/row-label.js';
import { stripControls } from './control-chars.js';

export const MAX_ANNOTATIONS = 10;

// Workflow command escaping, as @actions/core does it: data and properties differ.
const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

// A command is one line: line feeds are escaped; terminal escapes, controls, tabs and carriage returns go.
const clean = (text: string) => stripControls(text).replace(/[\t\r]/g, '');

export function command(kind: 'error' | 'warning' | 'notice', title: string, message: string): string {
  return `::${kind} title=${escapeProperty(clean(title))}::${escapeData(clean(message))}`;
}

function rowName(result: TrialResult): string {
  return `${rowLabel(result)} on ${result.runtime} ×${result.threads.used ?? result.threads.requested}`;
}

function checkAnnotation(result: TrialResult, check: CheckRecord): { kind: 'error' | 'warning'; line: string } {
  const kind = check.level === 'error' ? 'error' : 'warning';
  const title = `${check.id} ${check.operator} ${formatQuantity(check.unit, check.threshold)} ${kind === 'error' ? 'failed' : 'warns'}: ${rowName(result)}`;
  return { kind, line: command(kind, title, check.message) };
}

export function renderAnnotations(report: RunReport, max = MAX_ANNOTATIONS): string[] {
  const found: { kind: 'error' | 'warning'; line: string }[] = [];
  for (const result of report.results) {
    if (result.error) found.push({ kind: 'error', line: command('error', `${result.error.code}: ${rowName(result)}`, result.error.message) });
    for (const check of result.checks) {
      const failedHere = check.verdict === 'fail' || (check.verdict === 'inconclusive' && check.level === 'error' && report.settings.inconclusive === 'fail');
      if (failedHere && check.level !== 'off') found.push(checkAnnotation(result, check));
    }
  }
  // Errors before warnings, so the cap never hides an error behind a warning.
  found.sort((a, b) => Number(a.kind === 'warning') - Number(b.kind === 'warning'));
  const shown = found.slice(0, max).map((annotation) => annotation.line);
  const hidden = found.length - shown.length;
  if (hidden > 0) {
    shown.push(command('notice', 'wasm-torch-bench', `${hidden} more failed check${hidden === 1 ? '' : 's'} not annotated (at most ${max} are); all are in the step summary and the reports`));
  }
  return shown;
}
