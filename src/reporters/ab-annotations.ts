/**
 * AbReport → GitHub Actions workflow commands: `::error` for a row that could not be measured and
 * for a check that fails the run (slower at level error, or unsure under --inconclusive fail),
 * `::warning` for one that does not (slower at level warn, unsure otherwise), errors first, at
 * most MAX_ANNOTATIONS and then a notice of how many more. Escaped as the run report's are.
 */
import type { AbReport, AbRow } from '../report/ab-schema.js';
import { type AbCheck, checkSubject, rowName } from './ab-words.js';
import { command, MAX_ANNOTATIONS } from './github-annotations.js';

type Annotation = { kind: 'error' | 'warning'; line: string };

type Judged = Pick<AbCheck, 'level' | 'message'> & { verdict: AbCheck['verdict'] | 'error' };

function annotationKind(check: Judged, report: AbReport): 'error' | 'warning' | null {
  if (check.level === 'off') return null;
  if (check.verdict === 'fail' || check.verdict === 'error') return check.level === 'error' ? 'error' : 'warning';
  if (check.verdict === 'inconclusive') return check.level === 'error' && report.settings.inconclusive === 'fail' ? 'error' : 'warning';
  return null;
}

function checkAnnotation(row: AbRow, check: Judged, subject: string, report: AbReport): Annotation | null {
  const kind = annotationKind(check, report);
  if (!kind) return null;
  const what = check.verdict === 'inconclusive' ? 'unsure' : kind === 'error' ? 'failed' : 'warns';
  return { kind, line: command(kind, `${subject} ${what}: ${rowName(row)}`, check.message) };
}

function rowAnnotations(row: AbRow, report: AbReport): Annotation[] {
  if (row.error) return [{ kind: 'error', line: command('error', `${row.error.code}: ab ${rowName(row)}`, row.error.message) }];
  const checks = row.checks.map((check) => checkAnnotation(row, check, checkSubject(check), report));
  const parity = row.parityCheck ? checkAnnotation(row, row.parityCheck, 'ab parity of B with A', report) : null;
  return [...checks, parity].filter((annotation): annotation is Annotation => annotation !== null);
}

export function renderAbAnnotations(report: AbReport, max = MAX_ANNOTATIONS): string[] {
  const found = report.rows.flatMap((row) => rowAnnotations(row, report));
  // Errors before warnings, so the cap never hides an error behind a warning.
  found.sort((a, b) => Number(a.kind === 'warning') - Number(b.kind === 'warning'));
  const shown = found.slice(0, max).map((annotation) => annotation.line);
  const hidden = found.length - shown.length;
  if (hidden > 0)
    shown.push(command('notice', 'wasm-torch-bench ab', `${hidden} more A/B check${hidden === 1 ? '' : 's'} not annotated (at most ${max} are); all are in the step summary and the reports`));
  return shown;
}
