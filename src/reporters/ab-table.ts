/**
 * AbReport → the terminal summary: per runtime row the two sides, one line per check (B / A as a
 * signed percent with its interval, blocks, outcome, level), parity, errors; then the verdict
 * sentence with the exit code. Colour comes in as a Style, as for the run report's table.
 */
import Table from 'cli-table3';
import { formatMs } from '../format.js';
import type { AbReport, AbRow } from '../report/ab-schema.js';
import { abVerdictSentence, abWarnings } from './ab-verdict-sentence.js';
import { type AbCheck, changeText, confidenceText, metricWords, outcomeWord, rowName, sideFactsText, sideText } from './ab-words.js';
import { terminalSafe } from './control-chars.js';
import { PLAIN_STYLE, type Style } from './table.js';

function outcomeCell(check: AbCheck, style: Style): string {
  const word = outcomeWord(check);
  if (check.level === 'off') return style.dim(word);
  if (check.outcome === 'slower') return check.level === 'error' ? style.fail(word) : style.warn(word);
  if (check.outcome === 'unsure') return style.warn(word);
  return style.pass(word);
}

const VERDICT_WORDS: Record<AbReport['verdict'], string> = { pass: 'PASS', fail: 'FAIL', inconclusive: 'UNSURE', error: 'ERROR' };

function verdictColour(verdict: AbReport['verdict'], style: Style): (text: string) => string {
  return verdict === 'pass' ? style.pass : verdict === 'inconclusive' ? style.warn : style.fail;
}

function verdictLabel(verdict: AbReport['verdict'], style: Style): string {
  return verdictColour(verdict, style)(VERDICT_WORDS[verdict]);
}

function parityLine(check: NonNullable<AbRow['parityCheck']>, style: Style): string {
  const label = check.verdict === 'pass' ? style.pass('PASS') : check.verdict === 'skipped' ? style.dim('OFF ') : check.level === 'error' ? style.fail('FAIL') : style.warn('WARN');
  return `  ${label} ${check.message}`;
}

function stopLine(stop: NonNullable<AbRow['stopReason']>, style: Style): string {
  const words = (reason: 'decided' | 'max-time') => (reason === 'decided' ? 'decided' : 'ran out of --max-time');
  return `  ${style.dim(`stopped: loads ${words(stop.load)}, inference ${words(stop.inference)}`)}`;
}

function checksTable(row: AbRow, report: AbReport, style: Style): string {
  const table = new Table({
    head: ['Metric', `B vs A [${confidenceText(report)} interval]`, 'Blocks', 'Outcome', 'Level'].map((title) => style.bold(title)),
    style: { head: [], border: [] },
  });
  for (const check of row.checks) {
    table.push([metricWords(check), changeText(check), String(check.blocks), outcomeCell(check, style), check.level === 'error' ? check.level : style.dim(check.level)]);
  }
  return table.toString();
}

function rowBlock(row: AbRow, report: AbReport, style: Style): string[] {
  const sideLine = (name: 'A' | 'B') => {
    const facts = row.sides?.[name];
    return `  ${style.bold(name)}  ${sideText(report.sides[name])}${facts ? style.dim(` · ${sideFactsText(facts)}`) : ''}`;
  };
  const lines = [`${style.bold(rowName(row))}  ${verdictLabel(row.verdict, style)}`, sideLine('A'), sideLine('B')];
  if (row.error) lines.push(`  ${style.fail(`ERROR ${row.error.code}`)} ${row.error.message}`);
  if (row.checks.length > 0) lines.push(checksTable(row, report, style));
  if (row.parityCheck) lines.push(parityLine(row.parityCheck, style));
  if (row.stopReason) lines.push(stopLine(row.stopReason, style));
  for (const warning of row.warnings) lines.push(`  ${style.warn('warning:')} ${warning}`);
  return [...lines, ''];
}

function summaryLine(report: AbReport, style: Style): string {
  const sentence = verdictColour(report.verdict, style)(`${VERDICT_WORDS[report.verdict]}: ${abVerdictSentence(report)}`);
  return `${sentence} ${style.dim(`· ${confidenceText(report)} anytime-valid intervals of the median block ratio · ${formatMs(report.durationMs)} total`)}`;
}

export function renderAbTable(untrusted: AbReport, style: Style = PLAIN_STYLE): string {
  const report = terminalSafe(untrusted);
  const lines = report.rows.flatMap((row) => rowBlock(row, report, style));
  for (const { runtime, reason } of report.skippedRuntimes) lines.push(style.dim(`${runtime} skipped: ${reason}`));
  for (const warning of abWarnings(report)) lines.push(style.warn(`WARN: ${warning} (level warn, the exit code ignores it)`));
  lines.push(summaryLine(report, style));
  return `${lines.join('\n')}\n`;
}
