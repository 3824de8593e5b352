/**
 * RunReport → a Markdown summary for a pull request or a GitHub step summary: the verdict, one
 * table row per model × runtime, the checks that failed (in full), warnings, the environment and
 * links to the other reports. Under a byte budget (a step summary takes at most 1 MiB) it drops
 * detail first and rows last, and says what it left out.
 */
import { formatBytesShort, formatConfidence, formatIntervalSide, formatMs, formatQuantity, formatRatio } from '../format.js';
import type { CheckRecord, RunReport, TrialResult } from '../report/schema.js';
import { rowLabel } from '../report/row-label.js';
import { partialNote } from '../report/verdict-sentence.js';
import { stripControls } from './control-chars.js';
import type { RenderContext } from './render-context.js';
import { codeCacheVerdict, loadColumns, type LoadColumn } from './load-temperature.js';
import { summaryColumnTitles } from './summary-columns.js';
import { packageSourceText } from './runtime-package-text.js';
import { anyRetained, retainedCheck, retainedParts } from './retained-cell.js';

export interface MarkdownOptions {
  /** Largest output in UTF-8 bytes (default: no limit). */
  maxBytes?: number;
  /** Where the report files can be downloaded (a CI run's page); listed with the file names. */
  reportsUrl?: string;
}

type Verdict = TrialResult['verdict'] | CheckRecord['verdict'];

const VERDICT_ICONS: Record<Verdict, string> = { pass: '✅', fail: '❌', inconclusive: '❔', skipped: '⏭️', error: '💥' };
const WARN_ICON = '⚠️';

/** A failed warn-level check warns; it does not fail the row. */
function checkIcon(check: CheckRecord): string {
  if (check.verdict === 'fail' && check.level !== 'error') return WARN_ICON;
  return VERDICT_ICONS[check.verdict];
}

/** Text safe inside Markdown (a table cell included): no markup, HTML, line breaks or control characters. */
export function markdownText(text: string): string {
  // Terminal escapes and control characters would garble a rendered page; they are dropped.
  return stripControls(text)
    .replace(/\r?\n|\r|\t/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/[\\`*_[\]<>|~]/g, (char) => `\\${char}`);
}

function percentile(summary: NonNullable<TrialResult['inference']>['percentiles'] | undefined, key: 'p50' | 'p95' | 'p99'): string {
  if (!summary) return '—';
  const { low, high } = summary.intervals[key];
  return `${formatMs(summary[key])} <sub>[${formatIntervalSide('ms', low)}–${formatIntervalSide('ms', high)}]</sub>`;
}

function baselineCell(result: TrialResult): string {
  const ratio = result.baseline?.ratios.inferenceP99;
  if (!ratio) return '—';
  const side = (value: number | null) => (value === null ? '—' : value.toFixed(2));
  return `${ratio.ratio.toFixed(2)}× <sub>[${side(ratio.low)}–${side(ratio.high)}]</sub>`;
}

function retainedColumn(result: TrialResult): string {
  const check = retainedCheck(result);
  if (!check) return '—';
  const { value, interval } = retainedParts(check);
  return `${value} <sub>${interval}</sub>`;
}

function summaryRow(result: TrialResult, withBaseline: boolean, loads: readonly LoadColumn[], withRetained: boolean): string {
  const inference = result.inference;
  const cells = [
    VERDICT_ICONS[result.verdict],
    markdownText(rowLabel(result)),
    `${result.runtime} ×${result.threads.used ?? result.threads.requested}`,
    ...loads.map((column) => percentile(column.percentiles(result) ?? undefined, 'p95')),
    percentile(inference?.percentiles ?? undefined, 'p50'),
    percentile(inference?.percentiles ?? undefined, 'p99'),
    result.memory?.peakBytes != null ? formatBytesShort(result.memory.peakBytes) : '—',
    ...(withRetained ? [retainedColumn(result)] : []),
    inference ? `${inference.errors}/${inference.attempts} (${formatRatio(inference.errorRate)})` : '—',
    ...(withBaseline ? [baselineCell(result)] : []),
  ];
  return `| ${cells.join(' | ')} |`;
}

function summaryTable(rows: readonly TrialResult[], withBaseline: boolean, loads: readonly LoadColumn[]): string[] {
  const withRetained = anyRetained(rows);
  const head = ['', ...summaryColumnTitles(loads, withRetained), ...(withBaseline ? ['P99 vs baseline'] : [])];
  return [`| ${head.join(' | ')} |`, `|${head.map((_, index) => (index >= 3 ? '---:' : '---')).join('|')}|`, ...rows.map((result) => summaryRow(result, withBaseline, loads, withRetained))];
}

/** The code-cache verdict of each row's warm loads. */
function warmLoadLines(report: RunReport): string[] {
  const lines = report.results.flatMap((result) => {
    const verdict = codeCacheVerdict(result);
    return verdict ? [`- ${markdownText(rowLabel(result))} on ${result.runtime}: ${markdownText(verdict)}`] : [];
  });
  return lines.length === 0 ? [] : ['**Warm loads (repeat visits):**', '', ...lines, ''];
}

/** "❌ **inference.p99 < 150 µs**: 4.83 ms, …": the check's own message, its subject in bold. */
function checkLine(check: CheckRecord): string {
  const subject = `${check.id} ${check.operator} ${formatQuantity(check.unit, check.threshold)}`;
  const rest = check.message.startsWith(`${subject}: `) ? check.message.slice(subject.length + 2) : check.message;
  return `- ${checkIcon(check)} **${markdownText(subject)}**${check.level === 'warn' ? ' (warn)' : ''}: ${markdownText(rest)}`;
}

/** What needs a reader's attention in a row: failed and undecided checks, errors, skips. */
function rowDetails(result: TrialResult): string[] {
  const title = `${VERDICT_ICONS[result.verdict]} ${markdownText(rowLabel(result))} on ${result.runtime} ×${result.threads.used ?? result.threads.requested}`;
  if (result.status === 'skipped') return [`- ${title}: skipped, ${markdownText(result.skipReason ?? 'no reason given')}`];
  const lines: string[] = [];
  if (result.error) lines.push(`- 💥 \`${result.error.code}\` ${markdownText(result.error.message)}`);
  for (const check of result.checks) {
    const undecidedGate = check.verdict === 'inconclusive' && check.level === 'error';
    if (check.verdict === 'fail' || undecidedGate || (check.verdict === 'error' && !result.error)) lines.push(checkLine(check));
  }
  return lines.length === 0 ? [] : [`**${title}**`, '', ...lines, ''];
}

function environmentLines(report: RunReport): string[] {
  const env = report.environment;
  const cells = [
    `Node ${markdownText(env.node)}`,
    `${markdownText(env.os)} ${env.arch}`,
    `${markdownText(env.cpuModel)} ×${env.cpuCores}`,
    formatBytesShort(env.memoryBytes),
    env.adapter
      ? `adapter ${markdownText(env.adapter.name)} ${markdownText(env.adapter.version ?? '')}`.trim()
      : `onnxruntime-web ${markdownText(env.onnxruntimeWebVersion ?? 'not installed')}${env.onnxruntimeWeb ? ` (${packageSourceText(env.onnxruntimeWeb)})` : ''}`,
    ...(env.onnxruntimeNodeVersion ? [`onnxruntime-node ${markdownText(env.onnxruntimeNodeVersion)}${env.onnxruntimeNode ? ` (${packageSourceText(env.onnxruntimeNode)})` : ''}`] : []),
    ...(env.browser ? [`${markdownText(env.browser.name)} ${markdownText(env.browser.version)}`] : []),
    env.ci ? 'CI' : 'local',
  ];
  return [`**Environment:** ${cells.join(' · ')}`];
}

function reportLinks(context: RenderContext | undefined, options: MarkdownOptions): string[] {
  const files = (context?.files ?? []).filter((file) => !file.endsWith('.md'));
  if (files.length === 0 && !options.reportsUrl) return [];
  const links = files.map((file) => (options.reportsUrl ? `\`${file}\`` : `[${file}](${encodeURI(file)})`));
  const where = options.reportsUrl ? ` (in the artifacts of ${options.reportsUrl})` : '';
  return [`**Reports:** ${links.join(' · ')}${where}`];
}

function headline(report: RunReport): string {
  const counts = new Map<Verdict, number>();
  for (const result of report.results) counts.set(result.verdict, (counts.get(result.verdict) ?? 0) + 1);
  const order: Verdict[] = ['fail', 'error', 'inconclusive', 'pass', 'skipped'];
  const tally = order
    .filter((verdict) => counts.has(verdict))
    .map((verdict) => `${counts.get(verdict)} ${verdict}`)
    .join(', ');
  const policy = report.verdict === 'inconclusive' ? ` (inconclusive ${report.settings.inconclusive === 'fail' ? 'fails the run' : `is set to ${report.settings.inconclusive}`})` : '';
  const partial = partialNote(report);
  return `## ${VERDICT_ICONS[report.verdict]} wasm-torch-bench: ${report.verdict.toUpperCase()}${policy}${partial ? ' (partial)' : ''}\n\n${report.results.length} row${report.results.length === 1 ? '' : 's'}: ${tally} · exit code ${report.exitCode}${partial ? `\n\n> **Partial report**: ${partial}` : ''}`;
}

function footer(report: RunReport): string {
  return `<sub>wasm-torch-bench ${markdownText(report.tool.version)} · started ${report.startedAt} · ${formatMs(report.durationMs)} · nearest-rank percentiles, [${formatConfidence(report.settings.confidence)} intervals] · ✅ pass ❌ fail ${WARN_ICON} warn ❔ inconclusive 💥 error ⏭️ skipped</sub>`;
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

export function renderMarkdown(report: RunReport, context?: RenderContext, options: MarkdownOptions = {}): string {
  const withBaseline = report.results.some((result) => result.baseline !== null);
  const loads = loadColumns(report);
  const details = report.results.flatMap(rowDetails);
  const warnings = report.results.flatMap((result) => result.warnings.map((warning) => `- ${markdownText(rowLabel(result))} on ${result.runtime}: ${markdownText(warning)}`));
  const baselineNote = report.baseline
    ? [
        `**Baseline:** \`${markdownText(report.baseline.file)}\` from ${report.baseline.createdAt}${report.baseline.differences.length > 0 ? `; differs in ${markdownText(report.baseline.differences.join('; '))}` : ''}`,
        '',
      ]
    : [];
  const compose = (rows: readonly TrialResult[], withDetails: boolean, withWarnings: boolean, omitted: string[]) =>
    [
      headline(report),
      '',
      ...summaryTable(rows, withBaseline, loads),
      '',
      ...omitted,
      ...(withDetails ? warmLoadLines(report) : []),
      ...baselineNote,
      ...(withDetails && details.length > 0 ? ['### Checks that need attention', '', ...details] : []),
      ...(withWarnings && warnings.length > 0 ? ['<details><summary>Warnings</summary>', '', ...warnings, '', '</details>', ''] : []),
      ...environmentLines(report),
      '',
      ...reportLinks(context, options),
      '',
      footer(report),
      '',
    ].join('\n');

  const full = compose(report.results, true, true, []);
  const limit = options.maxBytes;
  if (limit === undefined || byteLength(full) <= limit) return full;
  const note = (text: string) => [`> ${text}`, ''];
  const lean = compose(report.results, true, false, note('Warnings left out to stay within the size limit; they are in the JSON report.'));
  if (byteLength(lean) <= limit) return lean;
  const tableOnly = compose(report.results, false, false, note('Details left out to stay within the size limit; every check is in the JSON report.'));
  if (byteLength(tableOnly) <= limit) return tableOnly;
  // Rows that need attention first, so a cut keeps what matters.
  const ranked = [...report.results].sort((a, b) => Number(a.verdict === 'pass' || a.verdict === 'skipped') - Number(b.verdict === 'pass' || b.verdict === 'skipped'));
  let low = 0;
  let high = ranked.length;
  const attempt = (count: number) =>
    compose(ranked.slice(0, count), false, false, note(`${ranked.length - count} of ${ranked.length} rows left out to stay within the size limit; every row is in the JSON report.`));
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (byteLength(attempt(middle)) <= limit) low = middle;
    else high = middle - 1;
  }
  const cut = attempt(low);
  return byteLength(cut) <= limit ? cut : `${headline(report).slice(0, Math.max(0, limit - 1))}\n`;
}
