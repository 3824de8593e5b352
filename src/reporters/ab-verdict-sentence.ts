/**
 * The A/B run's verdict in one sentence with its exit code, for every A/B reporter's headline:
 * what B is against A where a gated check decided, or what to do when one could not.
 */
import { formatMs } from '../format.js';
import type { AbReport, AbRow } from '../report/ab-schema.js';
import { type AbCheck, betterWord, isGating, listWords, metricWords, rowName, toleranceText, worseWord } from './ab-words.js';

/** "B is slower than A on node-wasm ×1 at inference P50 and inference P99", one per way B is worse. */
function differences(row: AbRow, checks: readonly AbCheck[], word: (check: AbCheck) => string): string[] {
  const byWord = new Map<string, string[]>();
  for (const check of checks) byWord.set(word(check), [...(byWord.get(word(check)) ?? []), metricWords(check)]);
  return [...byWord].map(([how, metrics]) => `B is ${how} than A on ${rowName(row)} at ${listWords(metrics)}`);
}

function failedClauses(row: AbRow, level: 'error' | 'warn'): string[] {
  const failed = row.checks.filter((check) => check.verdict === 'fail' && check.level === level);
  const parityFailed = row.parityCheck?.verdict === 'fail' && row.parityCheck.level === level;
  return [...differences(row, failed, worseWord), ...(parityFailed ? [`B's outputs disagree with A's on ${rowName(row)}`] : [])];
}

function unsureClauses(row: AbRow): string[] {
  const unsure = row.checks.filter((check) => check.verdict === 'inconclusive' && isGating(check));
  if (unsure.length === 0) return [];
  const unbounded = unsure.some((check) => check.interval?.low == null || check.interval?.high == null);
  const bands = [...new Set(unsure.map((check) => toleranceText(check.tolerance)))];
  const why = unbounded ? 'too few blocks to bound B / A' : `the interval of B / A holds both no change and a change beyond ${listWords(bands)}`;
  return [`undecided on ${rowName(row)} at ${listWords(unsure.map(metricWords))} (${why})`];
}

/** The tolerance of every gated check, when they share one: "±5 %". */
function sharedBand(report: AbReport): string | null {
  const bands = new Set(report.rows.flatMap((row) => row.checks.filter((check) => isGating(check) && check.verdict !== 'skipped').map((check) => toleranceText(check.tolerance))));
  return bands.size === 1 ? ([...bands][0] as string) : null;
}

function passSentence(report: AbReport): string {
  const gated = report.rows.flatMap((row) => row.checks.filter((check) => isGating(check) && check.verdict !== 'skipped'));
  if (gated.length === 0) return 'no A/B check is gated (every one is at level warn or off)';
  const faster = report.rows.flatMap((row) =>
    differences(
      row,
      row.checks.filter((check) => isGating(check) && check.outcome === 'faster'),
      betterWord,
    ),
  );
  const band = sharedBand(report);
  const none = `no difference beyond ${band ?? 'its tolerance'} on any other gated metric`;
  return faster.length > 0 ? `${faster.join('; ')}; ${none}` : none.replace(' other', '');
}

function exitText(report: AbReport): string {
  if (report.verdict !== 'inconclusive') return `exit ${report.exitCode}`;
  return `exit ${report.exitCode} (--inconclusive ${report.settings.inconclusive})`;
}

/** e.g. "B is slower than A on node-wasm ×1 at inference P50: exit 1". */
export function abVerdictSentence(report: AbReport): string {
  const errors = report.rows.flatMap((row) => (row.error ? [`${rowName(row)} could not be measured (${row.error.code})`] : []));
  const failed = report.rows.flatMap((row) => failedClauses(row, 'error'));
  const unsure = report.rows.flatMap(unsureClauses);
  const findings = [...errors, ...failed, ...unsure];
  const main = findings.length > 0 ? findings.join('; ') : passSentence(report);
  const advice = unsure.length > 0 ? `; raise --max-time (now ${formatMs(report.settings.maxTimeMs)} per runtime) so more blocks can decide` : '';
  return `${main}: ${exitText(report)}${advice}`;
}

/** Warn-level checks that found B worse: they do not change the exit code, but a reader should see them. */
export function abWarnings(report: AbReport): string[] {
  return report.rows.flatMap((row) => failedClauses(row, 'warn'));
}
