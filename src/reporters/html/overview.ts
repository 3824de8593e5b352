/** The top of the page: verdict, run facts, environment, the summary table, errors and warnings. */
import { formatBytes, formatBytesShort, formatConfidence, formatIntervalSide, formatMs, formatQuantity, formatRatio } from '../../format.js';
import { checkName } from '../../check-name.js';
import { rowLabel } from '../../report/row-label.js';
import type { RunReport, SummaryRecord, TrialResult } from '../../report/schema.js';
import { partialNote, verdictSentence } from '../../report/verdict-sentence.js';
import { escapeXmlText as esc } from '../xml.js';
import { versionAndSource } from '../runtime-package-text.js';
import { badge } from './markup.js';
import { anyRetained, retainedCheck, retainedParts } from '../retained-cell.js';
import { loadColumns, type LoadColumn } from '../load-temperature.js';
import { summaryColumnTitles } from '../summary-columns.js';
import { checkList, rowId, runtimeLabel } from './row-section.js';
import { isFailed, verdictLabel } from './verdict-labels.js';

/** "2026-11-29T15:21:12.120Z" → "2026-11-29 15:21:12 UTC"; anything else as given. */
function formatTimestamp(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : iso;
}

function factList(entries: readonly [string, string | null][]): string {
  const items = entries.filter((entry): entry is [string, string] => entry[1] !== null);
  return `<dl class="facts">${items.map(([name, value]) => `<dt>${esc(name)}</dt><dd>${esc(value)}</dd>`).join('')}</dl>`;
}

function environmentFacts(report: RunReport): string {
  const env = report.environment;
  const browser = env.browser ? `${env.browser.name} ${env.browser.version} (${env.browser.mode}${env.browser.executablePath ? `, ${env.browser.executablePath}` : ''})` : null;
  return factList([
    ['Node', env.node],
    ['OS', `${env.os} (${env.platform} ${env.arch})`],
    ['CPU', `${env.cpuModel}, ${env.cpuCores} core${env.cpuCores === 1 ? '' : 's'}`],
    ['memory', formatBytes(env.memoryBytes)],
    ['onnxruntime-web', env.onnxruntimeWeb ? versionAndSource(env.onnxruntimeWeb) : (env.onnxruntimeWebVersion ?? 'not installed')],
    ['onnxruntime-node', env.onnxruntimeNode ? versionAndSource(env.onnxruntimeNode) : (env.onnxruntimeNodeVersion ?? 'not installed')],
    ['runtime adapter', env.adapter ? `${env.adapter.name}${env.adapter.version ? ` ${env.adapter.version}` : ''} (${env.adapter.path})` : null],
    ['browser', browser],
    ['threads', env.threads.join(', ')],
    ['CI', env.ci ? 'yes' : 'no'],
  ]);
}

function settingsFacts(report: RunReport): string {
  const s = report.settings;
  const kpis = s.kpis.map((kpi) => `${checkName(kpi)} (${kpi.level})`);
  return factList([
    ['config file', s.configFile],
    ['runtimes', s.runtimes.join(', ')],
    ['cold loads', s.maxLoadRuns > s.loadRuns ? `${s.loadRuns} to ${s.maxLoadRuns}` : String(s.loadRuns)],
    [
      'inference',
      `warm-up ${s.warmup}, at least ${formatQuantity('count', s.iterations)} runs and ${formatMs(s.minTimeMs)}, at most ${formatMs(s.maxTimeMs)}${s.repeat > 1 ? `, in ${s.repeat} workers` : ''}`,
    ],
    ['verdicts', `${formatConfidence(s.confidence)} confidence, inconclusive → ${s.inconclusive}`],
    ['KPIs (run-wide)', kpis.join(' · ')],
    ['regressions', report.baseline ? s.regressions.map((rule) => `${rule.id} < ${rule.maxRatio}× (${rule.level})`).join(' · ') : null],
    ['tags', s.tags.length > 0 ? s.tags.join(', ') : null],
    ['seed', String(s.seed)],
  ]);
}

export function renderHeader(report: RunReport): string {
  const verdict = verdictLabel(report.verdict);
  const partial = partialNote(report);
  const baseline = report.baseline
    ? `<p>Compared with the baseline <code>${esc(report.baseline.file)}</code> of ${esc(formatTimestamp(report.baseline.createdAt))} (wasm-torch-bench ${esc(report.baseline.toolVersion)})${report.baseline.differences.length > 0 ? `, <strong>made on a different setting:</strong> ${esc(report.baseline.differences.join('; '))}` : ''}.</p>`
    : '';
  return [
    '<header>',
    `<h1>wasm-torch-bench report</h1>`,
    `<p class="verdict-line">${badge(verdict, 'big')} ${esc(verdictSentence(report))} · exit code ${report.exitCode}</p>`,
    partial ? `<p class="partial"><strong>Partial report</strong>: ${esc(partial)}</p>` : '',
    factList([
      ['tool', `${report.tool.name} ${report.tool.version}`],
      ['started', formatTimestamp(report.startedAt)],
      ['duration', formatMs(report.durationMs)],
      ['percentiles', `${report.percentileMethod}, with ${formatConfidence(report.settings.confidence)} confidence intervals`],
    ]),
    baseline,
    '<div class="columns">',
    `<details open><summary>Environment</summary>${environmentFacts(report)}</details>`,
    `<details open><summary>Settings</summary>${settingsFacts(report)}</details>`,
    '</div>',
    '</header>',
  ]
    .filter(Boolean)
    .join('\n');
}

function percentileCell(summary: SummaryRecord | null | undefined, key: 'p50' | 'p95' | 'p99', withN = true): string {
  if (!summary) return '—';
  const { low, high } = summary.intervals[key];
  return `${esc(formatMs(summary[key]))} <span class="interval">[${esc(formatIntervalSide('ms', low))}, ${esc(formatIntervalSide('ms', high))}]${withN ? ` n=${summary.n}` : ''}</span>`;
}

function retainedCell(result: TrialResult): string {
  const check = retainedCheck(result);
  if (!check) return '—';
  const { value, interval } = retainedParts(check);
  return `${esc(value)} <span class="interval">${esc(interval)}</span>`;
}

function summaryRow(result: TrialResult, index: number, loads: readonly LoadColumn[], withRetained: boolean): string {
  const inference = result.inference;
  const errors = inference ? `${inference.errors}/${inference.attempts} (${formatRatio(inference.errorRate)})` : '—';
  const failed = result.status === 'ok' ? result.checks.filter(isFailed) : [];
  const undecided = result.status === 'ok' ? result.checks.filter((check) => check.verdict === 'inconclusive').length : 0;
  const problems = result.status === 'skipped' ? (result.skipReason ?? 'skipped') : result.error ? `${result.error.code}: ${result.error.message}` : null;
  const notes = [checkList(failed), problems !== null ? esc(problems) : '', undecided > 0 ? `<a href="#${rowId(index)}">${undecided} inconclusive</a>` : ''].filter(Boolean);
  return [
    '<tr>',
    `<td class="name"><a href="#${rowId(index)}">${esc(rowLabel(result))}</a></td>`,
    `<td class="name">${esc(runtimeLabel(result))}</td>`,
    ...loads.map((column) => `<td class="num">${percentileCell(column.percentiles(result), 'p95')}</td>`),
    `<td class="num">${percentileCell(inference?.percentiles, 'p50', false)}</td>`,
    `<td class="num">${percentileCell(inference?.percentiles, 'p99')}</td>`,
    `<td class="num">${result.memory?.peakBytes != null ? esc(formatBytesShort(result.memory.peakBytes)) : '—'}</td>`,
    withRetained ? `<td class="num">${retainedCell(result)}</td>` : '',
    `<td class="num">${esc(errors)}</td>`,
    `<td>${badge(verdictLabel(result.verdict))}</td>`,
    `<td class="notes">${notes.join(' ') || '<span class="muted">none</span>'}</td>`,
    '</tr>',
  ].join('');
}

export function renderSummaryTable(report: RunReport): string {
  const withRetained = anyRetained(report.results);
  const loads = loadColumns(report);
  const head = [...summaryColumnTitles(loads, withRetained), 'Verdict', 'Failed checks'].map((title) => `<th scope="col">${title}</th>`).join('');
  return [
    '<h2 id="summary">Summary</h2>',
    `<div class="table-wrap"><table><thead><tr>${head}</tr></thead><tbody>`,
    ...report.results.map((result, index) => summaryRow(result, index, loads, withRetained)),
    '</tbody></table></div>',
    `<p class="meta">Percentiles with their ${esc(formatConfidence(report.settings.confidence))} intervals [low, high]; — where too few samples bound a side. Every check of a row is listed in its section below.</p>`,
  ].join('\n');
}

/** Rows that could not be measured, and every warning, in one place. */
export function renderProblems(report: RunReport): string {
  const errors = report.results.flatMap((result, index) => {
    if (result.status === 'ok') return [];
    const label = verdictLabel(result.status === 'skipped' ? 'skipped' : 'error');
    const text = result.status === 'skipped' ? (result.skipReason ?? 'skipped') : result.error ? `${result.error.code}: ${result.error.message}` : 'could not be measured';
    return [
      `<div class="problem${result.status === 'skipped' ? ' skipped' : ''}">${badge(label)} <a href="#${rowId(index)}">${esc(rowLabel(result))} on ${esc(runtimeLabel(result))}</a>: ${esc(text)}</div>`,
    ];
  });
  const warnings = report.results.flatMap((result, index) =>
    result.warnings.map((warning) => `<div class="warning"><a href="#${rowId(index)}">${esc(rowLabel(result))} on ${esc(runtimeLabel(result))}</a>: ${esc(warning)}</div>`),
  );
  if (report.baseline && report.baseline.differences.length > 0) {
    warnings.unshift(`<div class="warning">baseline from a different setting: ${esc(report.baseline.differences.join('; '))}</div>`);
  }
  return [errors.length > 0 ? `<h2 id="errors">Errors and skipped rows</h2>\n${errors.join('\n')}` : '', warnings.length > 0 ? `<h2 id="warnings">Warnings</h2>\n${warnings.join('\n')}` : '']
    .filter(Boolean)
    .join('\n');
}
