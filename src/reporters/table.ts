/**
 * RunReport → the terminal summary: one row per model × runtime, then one line per check and the
 * warnings. Colour comes in as a Style, so this module stays pure (chalk lives in cli/).
 */
import Table from 'cli-table3';
import { formatBytesShort, formatConfidence, formatIntervalSide, formatMs, formatRatio } from '../format.js';
import type { CheckRecord, RunReport, TrialResult } from '../report/schema.js';
import { rowLabel } from '../report/row-label.js';
import { partialNote, verdictSentence } from '../report/verdict-sentence.js';
import { terminalSafe } from './control-chars.js';
import { codeCacheLine, loadColumns, type LoadColumn } from './load-temperature.js';
import { measuredPackages } from './runtime-package-text.js';
import { anyRetained, retainedCheck, retainedParts } from './retained-cell.js';

export interface Style {
  pass(text: string): string;
  fail(text: string): string;
  warn(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

export const PLAIN_STYLE: Style = { pass: (t) => t, fail: (t) => t, warn: (t) => t, dim: (t) => t, bold: (t) => t };

function verdictLabel(verdict: TrialResult['verdict'], style: Style): string {
  if (verdict === 'pass') return style.pass('PASS');
  if (verdict === 'fail') return style.fail('FAIL');
  if (verdict === 'skipped') return style.dim('SKIPPED');
  if (verdict === 'inconclusive') return style.warn('INCONCLUSIVE');
  return style.fail('ERROR');
}

function checkLabel(check: CheckRecord, style: Style): string {
  if (check.verdict === 'pass') return style.pass('PASS');
  if (check.verdict === 'inconclusive') return style.warn('INCONCLUSIVE');
  if (check.verdict === 'skipped') return style.dim('OFF ');
  if (check.level === 'warn') return style.warn('WARN');
  return check.verdict === 'fail' ? style.fail('FAIL') : style.fail('ERR ');
}

type Percentiles = NonNullable<TrialResult['load']>['percentiles'];

/** "659 ms [598 ms–684 ms] n=72": the percentile, its interval (— for a side too few samples bound), n. */
function percentileCell(summary: Percentiles | null | undefined, key: 'p50' | 'p95' | 'p99', style: Style, withN = true): string {
  if (!summary) return '—';
  const { low, high } = summary.intervals[key];
  const side = (value: number | null) => formatIntervalSide('ms', value);
  return `${formatMs(summary[key])} ${style.dim(`[${side(low)}–${side(high)}]${withN ? ` n=${summary.n}` : ''}`)}`;
}

function retainedColumn(result: TrialResult, style: Style): string {
  const check = retainedCheck(result);
  if (!check) return '—';
  const { value, interval } = retainedParts(check);
  return `${value} ${style.dim(interval)}`;
}

function row(result: TrialResult, style: Style, loads: readonly LoadColumn[], withRetained: boolean): string[] {
  const inference = result.inference?.percentiles;
  const errors = result.inference ? `${result.inference.errors}/${result.inference.attempts} (${formatRatio(result.inference.errorRate)})` : '—';
  return [
    rowLabel(result),
    `${result.runtime} ×${result.threads.used ?? result.threads.requested}`,
    ...loads.map((column) => percentileCell(column.percentiles(result), 'p95', style)),
    percentileCell(inference, 'p50', style, false),
    percentileCell(inference, 'p99', style),
    result.memory?.peakBytes != null ? formatBytesShort(result.memory.peakBytes) : '—',
    ...(withRetained ? [retainedColumn(result, style)] : []),
    errors,
    verdictLabel(result.verdict, style),
  ];
}

type RatioCell = NonNullable<TrialResult['comparison']>['loadP95'];

/**
 * "2.10× [1.95–2.31] slower": the word only when the whole interval is on one side of 1 ("≈ same"
 * when it holds 1, none when a side is unbounded). A single-valued ratio has no interval.
 */
function ratioCell(ratio: RatioCell, words: [above: string, below: string], style: Style, singleValued = false): string {
  if (!ratio) return '—';
  const side = (value: number | null) => (value === null ? '—' : value.toFixed(2));
  // A single value gets a word only when it shows as other than 1.00.
  const shown = Number(ratio.ratio.toFixed(2));
  const [low, high] = singleValued ? [shown, shown] : [ratio.low, ratio.high];
  const word = low !== null && low > 1 ? words[0] : high !== null && high < 1 ? words[1] : low !== null && high !== null ? '≈ same' : '';
  return `${ratio.ratio.toFixed(2)}×${singleValued ? '' : style.dim(` [${side(ratio.low)}–${side(ratio.high)}]`)}${word ? ` ${word}` : ''}`;
}

function parityCell(result: TrialResult, style: Style): string {
  const check = result.checks.find((candidate) => candidate.id === 'parity');
  if (!check || check.verdict === 'skipped') return '—';
  if (check.verdict === 'pass') {
    const maxAbs = Math.max(0, ...(result.parity?.outputs.map((output) => output.maxAbsDiff ?? 0) ?? []));
    return style.pass(`agree`) + style.dim(` max |Δ| ${maxAbs.toPrecision(2)}`);
  }
  const label = check.level === 'error' ? style.fail('DISAGREE') : style.warn('DISAGREE');
  return `${label} ${check.actual ?? '?'} of ${check.n}`;
}

type Ratios = Pick<NonNullable<TrialResult['comparison']>, 'loadP95' | 'inferenceP50' | 'inferenceP99' | 'memoryPeak'>;

interface RatioRow {
  result: TrialResult;
  against: string;
  ratios: Ratios;
  last: string;
}

/** Rows of ratios to a reference (node-native, or the baseline), one line per measured row. */
function renderRatioTable(title: string, rows: readonly RatioRow[], lastTitle: string, style: Style): string[] {
  if (rows.length === 0) return [];
  const table = new Table({
    head: ['Model', 'Runtime', 'vs', 'Load P95', 'Infer P50', 'Infer P99', 'Peak memory', lastTitle].map((heading) => style.bold(heading)),
    style: { head: [], border: [] },
  });
  const slower: [string, string] = ['slower', 'faster'];
  for (const { result, against, ratios, last } of rows) {
    table.push([
      rowLabel(result),
      `${result.runtime} ×${result.threads.requested}`,
      against,
      ratioCell(ratios.loadP95, slower, style),
      ratioCell(ratios.inferenceP50, slower, style),
      ratioCell(ratios.inferenceP99, slower, style),
      ratioCell(ratios.memoryPeak, ['more', 'less'], style, true),
      last,
    ]);
  }
  return [style.bold(title), table.toString(), ''];
}

function renderComparisons(report: RunReport, style: Style): string[] {
  const confidence = formatConfidence(report.settings.confidence);
  const native = report.results.flatMap((result) =>
    result.comparison ? [{ result, against: `${result.comparison.reference.runtime} ×${result.comparison.reference.threads}`, ratios: result.comparison, last: parityCell(result, style) }] : [],
  );
  const baseline = report.results.flatMap((result) => {
    if (!result.baseline) return [];
    const regressions = result.checks.filter((check) => check.id.startsWith('regression.') && check.verdict !== 'skipped');
    const worst = regressions.find((check) => check.verdict === 'fail') ?? regressions.find((check) => check.verdict === 'inconclusive');
    const last = worst ? `${checkLabel(worst, style)} ${worst.id.replace(/^regression\./, '')}` : style.pass('PASS');
    return [{ result, against: `baseline ${result.baseline.reference.createdAt.slice(0, 10)}`, ratios: result.baseline.ratios, last }];
  });
  return [
    ...renderRatioTable(`Against the native reference: ratio of this runtime to it, [${confidence} interval], a word only when the interval excludes 1`, native, 'Parity', style),
    ...renderRatioTable(`Against the baseline${report.baseline ? ` (${report.baseline.file})` : ''}: ratio now / then, [${confidence} interval]`, baseline, 'Regression', style),
    ...(report.baseline?.differences.length ? [style.warn(`baseline from a different setting: ${report.baseline.differences.join('; ')}`), ''] : []),
  ];
}

export function renderTable(untrusted: RunReport, style: Style = PLAIN_STYLE): string {
  const report = terminalSafe(untrusted);
  const withRetained = anyRetained(report.results);
  const loads = loadColumns(report);
  const table = new Table({
    head: ['Model', 'Runtime', ...loads.map((column) => column.title), 'Infer P50', 'Infer P99', 'Peak memory', ...(withRetained ? ['Retained / cycle'] : []), 'Errors', 'Verdict'].map((title) =>
      style.bold(title),
    ),
    style: { head: [], border: [] },
  });
  for (const result of report.results) table.push(row(result, style, loads, withRetained));

  const packages = measuredPackages(report.environment);
  const lines = [...(packages.length > 0 ? [style.dim(`runtime: ${packages.join(' · ')}`)] : []), table.toString(), '', ...renderComparisons(report, style)];
  for (const result of report.results) {
    lines.push(style.bold(`${rowLabel(result)} on ${result.runtime}`));
    if (result.error) lines.push(`  ${style.fail(result.error.code)} ${result.error.message}`);
    if (result.skipReason) {
      lines.push(`  ${style.dim('SKIPPED')} ${result.skipReason}`);
      continue;
    }
    for (const check of result.checks) {
      if (result.error && check.verdict === 'error') continue;
      lines.push(`  ${checkLabel(check, style)} ${check.message}`);
    }
    const codeCache = codeCacheLine(result);
    if (codeCache) lines.push(`  ${codeCache}`);
    for (const warning of result.warnings) lines.push(`  ${style.warn('warning:')} ${warning}`);
  }
  const adapter = report.environment.adapter;
  if (adapter) lines.push('', style.dim(`runtime: adapter "${adapter.name}"${adapter.version ? ` ${adapter.version}` : ''} (${adapter.path}) in place of onnxruntime-web`));
  const sentence = verdictSentence(report);
  const summary =
    report.verdict === 'pass'
      ? style.pass(`PASS: ${sentence}`)
      : report.verdict === 'fail'
        ? style.fail(`FAIL: ${sentence}`)
        : report.verdict === 'inconclusive'
          ? style.warn(`INCONCLUSIVE: ${sentence}`)
          : style.fail(`ERROR: ${sentence}`);
  const partial = partialNote(report);
  if (partial) lines.push('', style.warn(`PARTIAL: ${partial}`));
  lines.push('', `${summary} ${style.dim(`· nearest-rank percentiles with ${formatConfidence(report.settings.confidence)} intervals · ${formatMs(report.durationMs)} total`)}`);
  return `${lines.join('\n')}\n`;
}
