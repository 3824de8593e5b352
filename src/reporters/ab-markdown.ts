/**
 * AbReport → Markdown for a pull-request comment or a GitHub step summary: the verdict, the two
 * sides, a table of B against A per runtime, parity and errors, and the method in a collapsed
 * <details>. Every text from outside passes through markdownText.
 */
import { formatMs } from '../format.js';
import type { AbReport, AbRow } from '../report/ab-schema.js';
import { abVerdictSentence, abWarnings } from './ab-verdict-sentence.js';
import { type AbCheck, type AbSide, confidenceText, intervalText, metricWords, outcomeWord, rowName, sideFactsText, sideSettingsText, signedPercent, toleranceText } from './ab-words.js';
import { markdownText } from './markdown.js';

const VERDICT_ICONS: Record<AbReport['verdict'], string> = { pass: '✅', fail: '❌', inconclusive: '❔', error: '💥' };
const VERDICT_WORDS: Record<AbReport['verdict'], string> = { pass: 'PASS', fail: 'FAIL', inconclusive: 'UNSURE', error: 'ERROR' };

function outcomeCell(check: AbCheck): string {
  const word = outcomeWord(check).toLowerCase();
  if (check.level === 'off') return `⏭️ ${word} (off)`;
  const icon = check.outcome === 'slower' ? (check.level === 'error' ? '❌' : '⚠️') : check.outcome === 'unsure' ? '❔' : '✅';
  const shown = check.verdict === 'fail' && check.level === 'error' ? `**${word}**` : word;
  return `${icon} ${shown}${check.level === 'warn' ? ' (warn)' : ''}`;
}

function checksTable(row: AbRow, report: AbReport): string[] {
  const head = `| Metric | B vs A | ${confidenceText(report)} interval | Blocks | Outcome |`;
  const rows = row.checks.map((check) =>
    [metricWords(check), check.ratio === null ? '—' : signedPercent(check.ratio), check.ratio === null ? '—' : intervalText(check.interval), String(check.blocks), outcomeCell(check)].join(' | '),
  );
  return [head, '|---|---:|---|---:|---|', ...rows.map((cells) => `| ${cells} |`)];
}

function parityLine(check: NonNullable<AbRow['parityCheck']>): string {
  const icon = check.verdict === 'pass' ? '✅' : check.verdict === 'skipped' ? '⏭️' : check.level === 'error' ? '❌' : '⚠️';
  return `**Parity:** ${icon} ${markdownText(check.message)}`;
}

function rowSection(row: AbRow, report: AbReport): string[] {
  const lines = [`### ${VERDICT_ICONS[row.verdict]} ${markdownText(rowName(row))}: ${VERDICT_WORDS[row.verdict]}`, ''];
  if (row.error) lines.push(`💥 **${markdownText(row.error.code)}**: ${markdownText(row.error.message)}`, '');
  if (row.sides) lines.push(`A: ${markdownText(sideFactsText(row.sides.A))} · B: ${markdownText(sideFactsText(row.sides.B))}`, '');
  if (row.checks.length > 0) lines.push(...checksTable(row, report), '');
  if (row.parityCheck) lines.push(parityLine(row.parityCheck), '');
  if (row.stopReason?.inference === 'max-time' || row.stopReason?.load === 'max-time') {
    const phases = [row.stopReason.load === 'max-time' ? 'cold loads' : null, row.stopReason.inference === 'max-time' ? 'inference' : null].filter(Boolean).join(' and ');
    lines.push(`> ${phases} stopped at --max-time before every error-level check decided`, '');
  }
  for (const warning of row.warnings) lines.push(`- ⚠️ ${markdownText(warning)}`);
  if (row.warnings.length > 0) lines.push('');
  return lines;
}

function sideLine(name: 'A' | 'B', side: AbSide): string {
  const pins = [
    side.source.kind === 'git' ? `${markdownText(side.source.ref)} @ \`${side.source.commit.slice(0, 12)}\`` : null,
    side.model.sha256 ? `sha256 \`${side.model.sha256.slice(0, 12)}\`` : null,
    sideSettingsText(side) ? `with ${markdownText(sideSettingsText(side) as string)}` : null,
  ].filter((pin): pin is string => pin !== null);
  return `- **${name}:** ${markdownText(side.spec)}${pins.length > 0 ? ` · ${pins.join(' · ')}` : ''}`;
}

function methodNotes(report: AbReport): string[] {
  const { settings } = report;
  const bands = [...new Set(settings.regressions.filter((spec) => spec.level !== 'off').map((spec) => `${spec.id} ${toleranceText(spec.maxRatio - 1)} (${spec.level})`))];
  return [
    '<details><summary>Method</summary>',
    '',
    '- Each runtime measured both sides in **paired blocks**: A and B back to back in a seeded random order, ABBA or BAAB, so a machine that speeds up or slows down during a block weighs on both alike. A cold-load block is two fresh-worker loads of each side; an inference block is four chunks of timed runs, two of each side, from two warm workers taking turns.',
    `- Per metric every block gives one ratio B / A; the estimate is the **median block ratio**, shown as a signed change (+7.2 % = B takes 1.072× A's time).`,
    `- Its interval is **anytime-valid** at ${confidenceText(report)} (a confidence sequence for the median of the block ratios): it holds at every look, so blocks were added until every error-level check decided or the time ran out (--max-time ${formatMs(settings.maxTimeMs)} per runtime, cold loads up to half).`,
    `- **same**: the interval lies within [1 / (1 + tolerance), 1 + tolerance]; **slower**: otherwise it lies above 1; **faster**: below 1; **unsure**: none of these yet. Tolerances: ${markdownText(bands.join(', ') || 'every check off')}.`,
    `- An unsure error-level check ${settings.inconclusive === 'fail' ? 'fails the run' : `does not fail the run (--inconclusive ${settings.inconclusive})`}; a warn-level one never does.`,
    `- Parity: B's outputs on A's feeds agree when |B − A| ≤ ${settings.atol} + ${settings.rtol}·|A| (level ${settings.parityLevel}).`,
    `- Inference chunks of ${formatMs(settings.chunkMs)}; block order seed ${settings.seed}.`,
    '',
    '</details>',
  ];
}

export function renderAbMarkdown(report: AbReport): string {
  const warnings = abWarnings(report);
  return [
    `## ${VERDICT_ICONS[report.verdict]} wasm-torch-bench ab: ${VERDICT_WORDS[report.verdict]}`,
    '',
    markdownText(abVerdictSentence(report)),
    '',
    sideLine('A', report.sides.A),
    sideLine('B', report.sides.B),
    '',
    ...(warnings.length > 0 ? [...warnings.map((warning) => `- ⚠️ ${markdownText(warning)} (level warn)`), ''] : []),
    ...report.rows.flatMap((row) => rowSection(row, report)),
    ...methodNotes(report),
    '',
    `<sub>wasm-torch-bench ${markdownText(report.tool.version)} · started ${markdownText(report.startedAt)} · ${formatMs(report.durationMs)} · ✅ pass or same/faster ❌ slower ⚠️ warn ❔ unsure 💥 error ⏭️ off</sub>`,
    '',
  ].join('\n');
}
