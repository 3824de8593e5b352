/**
 * AbReport → one self-contained HTML page (inline CSS and SVG, no scripts, nothing fetched): the
 * verdict, the sides and settings, and per runtime row its checks and, per metric, the block
 * ratios over the run with the tolerance band and the final interval.
 */
import { formatBytes, formatConfidence, formatMs } from '../../format.js';
import { blockRatioPoints } from '../../report/ab-block-ratios.js';
import type { AbReport, AbRow } from '../../report/ab-schema.js';
import { abVerdictSentence, abWarnings } from '../ab-verdict-sentence.js';
import {
  type AbCheck,
  type AbSide,
  confidenceText,
  gitText,
  intervalText,
  metricId,
  metricWords,
  outcomeWord,
  rowName,
  sideFactsText,
  sideSettingsText,
  signedPercent,
  toleranceText,
} from '../ab-words.js';
import { escapeXmlText as esc, xmlAttributes } from '../xml.js';
import { AB_PLOT_STYLES, renderAbBlockPlot } from './ab-block-plot.js';
import { badge, figure } from './markup.js';
import { renderPage } from './page-shell.js';
import type { Label } from './verdict-labels.js';

const VERDICT_LABELS: Record<AbReport['verdict'], Label> = {
  pass: { text: 'PASS', className: 'pass' },
  fail: { text: 'FAIL', className: 'fail' },
  inconclusive: { text: 'UNSURE', className: 'warn' },
  error: { text: 'ERROR', className: 'fail' },
};

function outcomeLabel(check: AbCheck): Label {
  const text = outcomeWord(check);
  if (check.level === 'off') return { text, className: 'muted' };
  if (check.outcome === 'slower') return { text, className: check.level === 'error' ? 'fail' : 'warn' };
  if (check.outcome === 'unsure') return { text, className: 'warn' };
  return { text, className: 'pass' };
}

function factList(entries: readonly [string, string | null][]): string {
  const items = entries.filter((entry): entry is [string, string] => entry[1] !== null);
  return `<dl class="facts">${items.map(([name, value]) => `<dt>${esc(name)}</dt><dd>${esc(value)}</dd>`).join('')}</dl>`;
}

function sideValue(side: AbSide): string {
  const model = [side.model.bytes !== null ? formatBytes(side.model.bytes) : null, side.model.sha256 ? `sha256 ${side.model.sha256}` : null].filter(Boolean).join(', ');
  const git = gitText(side);
  const settings = sideSettingsText(side);
  return `${side.spec}${git ? ` (git ${git}, ${side.source.kind === 'git' ? side.source.pathInRepo : ''})` : ''}${model ? ` · ${model}` : ''}${settings ? ` · with ${settings}` : ''}`;
}

function header(report: AbReport): string {
  const { settings, environment } = report;
  const regressions = settings.regressions.map((spec) => `${spec.id} ${toleranceText(spec.maxRatio - 1)} (${spec.level})`).join(' · ');
  const warnings = abWarnings(report).map((warning) => `<div class="warning">${esc(`${warning} (level warn, does not fail the run)`)}</div>`);
  return [
    `<h1>wasm-torch-bench ab ${badge(VERDICT_LABELS[report.verdict], 'big')}</h1>`,
    `<p class="verdict-line">${esc(abVerdictSentence(report))}</p>`,
    ...warnings,
    factList([
      ['A', sideValue(report.sides.A)],
      ['B', sideValue(report.sides.B)],
      ['started', report.startedAt],
      ['took', formatMs(report.durationMs)],
      ['verdicts', `${formatConfidence(settings.confidence)} anytime-valid intervals, unsure → ${settings.inconclusive}`],
      ['tolerances', regressions],
      ['time', `at most ${formatMs(settings.maxTimeMs)} per runtime (cold loads up to half), inference chunks of ${formatMs(settings.chunkMs)}`],
      ['parity', `level ${settings.parityLevel}, atol ${settings.atol}, rtol ${settings.rtol}`],
      ['seed', String(settings.seed)],
      ['environment', `Node ${environment.node} · ${environment.os} (${environment.platform} ${environment.arch}) · ${environment.cpuModel} ×${environment.cpuCores}`],
    ]),
  ].join('\n');
}

function checksTable(row: AbRow, report: AbReport): string {
  const head = ['Metric', 'B vs A', `${confidenceText(report)} interval`, 'Blocks', 'Outcome', 'Level'].map((title) => `<th>${esc(title)}</th>`).join('');
  const body = row.checks.map((check) => {
    const [change, interval] = check.ratio === null ? ['—', ''] : [signedPercent(check.ratio), intervalText(check.interval)];
    return `<tr><td class="name">${esc(metricWords(check))}</td><td class="num">${esc(change)}</td><td class="num">${esc(interval)}</td><td class="num">${check.blocks}</td><td>${badge(outcomeLabel(check))}</td><td>${esc(check.level)}</td></tr>`;
  });
  return `<div class="table-wrap"><table><thead><tr>${head}</tr></thead><tbody>${body.join('')}</tbody></table></div>`;
}

function parityLine(check: NonNullable<AbRow['parityCheck']>): string {
  const label: Label =
    check.verdict === 'pass'
      ? { text: 'PASS', className: 'pass' }
      : check.verdict === 'skipped'
        ? { text: 'OFF', className: 'muted' }
        : { text: check.level === 'error' ? 'FAIL' : 'WARN', className: check.level === 'error' ? 'fail' : 'warn' };
  return `<ul class="checks"><li>${badge(label)}${esc(check.message)}</li></ul>`;
}

function plots(row: AbRow, rowIndex: number, report: AbReport): string {
  const figures = row.checks.map((check) => {
    const svg = renderAbBlockPlot(check, blockRatioPoints(row, check.id), {
      id: `ab-row-${rowIndex + 1}-${metricId(check).replace(/\./g, '-')}`,
      subject: rowName(row),
      confidenceText: confidenceText(report),
    });
    return `<div class="ab-plot">\n${figure(`${metricWords(check)}: B / A per block`, outcomeWord(check), svg)}\n<p class="meta">${esc(check.message)}</p>\n</div>`;
  });
  return figures.length > 0 ? `<div class="plots">\n${figures.join('\n')}\n</div>` : '';
}

function rowSection(row: AbRow, index: number, report: AbReport): string {
  const sides = row.sides ? `<p class="meta">${esc(`A: ${sideFactsText(row.sides.A)} · B: ${sideFactsText(row.sides.B)}`)}</p>` : '';
  const error = row.error ? `<div class="problem"><strong>${esc(row.error.code)}</strong> ${esc(row.error.message)}</div>` : '';
  const stop = row.stopReason
    ? `<p class="meta">${esc(`loads ${row.stopReason.load === 'decided' ? 'decided' : 'ran out of --max-time'}, inference ${row.stopReason.inference === 'decided' ? 'decided' : 'ran out of --max-time'}`)}</p>`
    : '';
  const warnings = row.warnings.map((warning) => `<div class="warning">${esc(warning)}</div>`);
  return [
    `<section${xmlAttributes({ class: 'row', id: `ab-row-${index + 1}` })}>`,
    `<h3>${esc(rowName(row))} ${badge(VERDICT_LABELS[row.verdict])}</h3>`,
    sides,
    error,
    row.checks.length > 0 ? checksTable(row, report) : '',
    row.parityCheck ? parityLine(row.parityCheck) : '',
    stop,
    ...warnings,
    plots(row, index, report),
    '</section>',
  ]
    .filter(Boolean)
    .join('\n');
}

export function renderAbHtml(report: AbReport): string {
  return renderPage({
    title: `wasm-torch-bench ab: ${VERDICT_LABELS[report.verdict].text} · ${report.sides.B.model.name} vs ${report.sides.A.model.name}`,
    generator: `${report.tool.name} ${report.tool.version}`,
    extraStyles: AB_PLOT_STYLES,
    body: [
      header(report),
      '<h2 id="rows">B against A per runtime</h2>',
      ...report.rows.map((row, index) => rowSection(row, index, report)),
      `<footer>Made by ${esc(report.tool.name)} ${esc(report.tool.version)} from its A/B report (schema version ${report.schemaVersion}). Each runtime measured A and B in paired blocks (ABBA or BAAB); a block gives one ratio B / A per metric, the estimate is the median block ratio, and its interval is anytime-valid (a confidence sequence for the median), valid however many blocks were looked at. Ratio axes are logarithmic.</footer>`,
    ],
  });
}
