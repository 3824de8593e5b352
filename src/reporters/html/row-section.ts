/** One model × runtime row: what was measured, its checks and warnings, and its plots. */
import { formatBytesShort, formatIntervalSide, formatMs, formatQuantity } from '../../format.js';
import { rowLabel } from '../../report/row-label.js';
import type { CheckRecord, TrialResult } from '../../report/schema.js';
import { escapeXmlAttribute, escapeXmlText as esc } from '../xml.js';
import { hasMemoryBars, renderLoadBreakdown, renderMemoryBars } from './bar-charts.js';
import { renderEcdf } from './ecdf-plot.js';
import { renderInferenceRunChart, renderLoadRunChart } from './run-chart.js';
import { badge, figure } from './markup.js';
import { msThreshold, type Threshold } from './threshold-marker.js';
import { checkLabel, verdictLabel } from './verdict-labels.js';
import { codeCacheVerdict } from '../load-temperature.js';

export function runtimeLabel(result: TrialResult): string {
  return `${result.runtime} ×${result.threads.used ?? result.threads.requested}`;
}

export function rowId(index: number): string {
  return `row-${index + 1}`;
}

/** The threshold of a KPI check that is not switched off, for marking on a plot. */
function thresholdOf(result: TrialResult, id: string): CheckRecord | null {
  return result.checks.find((check) => check.id === id && check.level !== 'off') ?? null;
}

function msThresholdOf(result: TrialResult, id: string): Threshold | null {
  const check = thresholdOf(result, id);
  return check && check.unit === 'ms' ? msThreshold(id, check.threshold) : null;
}

function memoryThresholdOf(result: TrialResult): Threshold | null {
  const check = thresholdOf(result, 'memory.peak');
  return check && check.unit === 'bytes' ? { value: check.threshold, label: `memory.peak budget ${formatBytesShort(check.threshold)}` } : null;
}

export function checkList(checks: readonly CheckRecord[]): string {
  if (checks.length === 0) return '';
  return `<ul class="checks">${checks.map((check) => `<li>${badge(checkLabel(check))}${esc(check.message)}</li>`).join('')}</ul>`;
}

function facts(result: TrialResult): string {
  const items = [
    `<code>${esc(result.model.path)}</code>`,
    result.model.bytes !== null ? formatBytesShort(result.model.bytes) : null,
    result.model.sha256 ? `sha256 <code title="${escapeXmlAttribute(result.model.sha256)}">${esc(result.model.sha256.slice(0, 12))}…</code>` : null,
    result.runtimeVersion ? `onnxruntime ${esc(result.runtimeVersion)}` : null,
    result.threads.used !== null && result.threads.used !== result.threads.requested ? `threads used ${result.threads.used} of ${result.threads.requested} asked` : null,
    result.wasmModule ? `<code>${esc(result.wasmModule)}</code>` : null,
    result.crossOriginIsolated === null ? null : result.crossOriginIsolated ? 'cross-origin isolated' : 'not cross-origin isolated',
    result.clockResolutionMs !== null ? `clock step ${formatMs(result.clockResolutionMs)}` : null,
    result.firstInferenceMs !== null ? `first inference ${formatMs(result.firstInferenceMs)}` : null,
    result.inference && result.inference.batchSize > 1 ? `${result.inference.batchSize} runs per sample (their mean)` : null,
    result.inference ? `stopped: ${esc(result.inference.stopReason)}` : null,
    result.tags.length > 0 ? `tags ${result.tags.map(esc).join(', ')}` : null,
  ];
  return `<p class="meta">${items.filter((item): item is string => item !== null).join(' · ')}</p>`;
}

function plots(result: TrialResult, id: string): string {
  const subject = `${rowLabel(result)} on ${runtimeLabel(result)}`;
  const figures: string[] = [];
  const inference = result.inference;
  if (inference?.percentiles && inference.samplesMs.length > 0) {
    const { p50, p95, p99 } = inference.percentiles;
    const threshold = msThresholdOf(result, 'inference.p99');
    const perSample = inference.batchSize > 1 ? ` (each sample the mean of ${inference.batchSize} runs)` : '';
    figures.push(
      figure(
        'Inference latency distribution',
        `ECDF, nearest-rank P50/P95/P99${perSample}`,
        renderEcdf([{ name: runtimeLabel(result), samplesMs: inference.samplesMs, percentilesMs: { p50, p95, p99 } }], { id: `${id}-ecdf`, quantity: 'inference latency', subject, threshold }),
      ),
      figure(
        'Inference latency per sample',
        'drift shows as a slope or a step',
        renderInferenceRunChart(inference.samplesMs, { id: `${id}-inference-run`, subject, percentilesMs: { p50, p99 }, threshold, workers: Math.max(1, inference.workerMediansMs.length) }),
      ),
    );
  }
  const load = result.load;
  if (load && load.samplesMs.length > 0) {
    const threshold = msThresholdOf(result, 'load.p95');
    const isolation = result.runtime.startsWith('chrome') ? 'a fresh browser context' : 'a fresh process';
    figures.push(
      figure(
        'Cold-load phases',
        `median of each phase over ${formatQuantity('count', load.samplesMs.length)} loads; their sum need not equal the load median`,
        renderLoadBreakdown(load, { id: `${id}-load-phases`, subject, threshold }),
      ),
      figure('Cold loads per sample', 'in the order measured', renderLoadRunChart(load, { id: `${id}-load-run`, subject, threshold, isolation })),
    );
  }
  const warm = result.warmLoad;
  if (warm && warm.samplesMs.length > 0) {
    const threshold = msThresholdOf(result, 'load.warm.p95');
    const isolation = result.runtime.startsWith('chrome') ? "a new page of the browser's profile, its caches filled first" : 'a worker whose runtime is already initialised';
    const cache = codeCacheVerdict(result);
    figures.push(
      figure(
        'Warm-load phases',
        `repeat visits: median of each phase over ${formatQuantity('count', warm.samplesMs.length)} loads${cache ? `; ${cache}` : ''}`,
        renderLoadBreakdown(warm, { id: `${id}-warm-load-phases`, subject, threshold, temperature: 'warm' }),
      ),
      figure('Warm loads per sample', 'in the order measured', renderLoadRunChart(warm, { id: `${id}-warm-load-run`, subject, threshold, isolation, temperature: 'warm' })),
    );
  }
  if (result.memory && hasMemoryBars(result.memory)) {
    figures.push(
      figure(
        'Peak memory',
        `memory.peak is ${result.memory.peakSource === 'wasm-linear-memory' ? 'the wasm linear memory peak' : 'RSS growth over the idle worker'}`,
        renderMemoryBars(result.memory, { id: `${id}-memory`, subject, threshold: memoryThresholdOf(result) }),
      ),
    );
  }
  if (figures.length === 0) return '<p class="muted">No plots: this row holds no samples.</p>';
  return `<div class="plots">\n${figures.join('\n')}\n</div>`;
}

function problem(result: TrialResult): string {
  if (result.status === 'skipped') {
    return `<div class="problem skipped">${badge(verdictLabel('skipped'))} ${esc(result.skipReason ?? 'skipped')}<br><span class="muted">No plots: this runtime did not run here.</span></div>`;
  }
  const error = result.error ? `<code>${esc(result.error.code)}</code> ${esc(result.error.message)}` : 'the trial could not be measured';
  return `<div class="problem">${badge(verdictLabel('error'))} ${error}<br><span class="muted">No plots: the trial produced no measurements.</span></div>`;
}

function parityLine(result: TrialResult): string {
  if (!result.parity) return '';
  const outputs = result.parity.outputs.map(
    (output) =>
      `${esc(output.name)} ${esc(output.dtype)}[${output.shape.join('×')}]: ${output.mismatches === 0 ? 'agrees' : `${formatQuantity('count', output.mismatches)} of ${formatQuantity('count', output.elements)} differ`}${output.maxAbsDiff !== null ? `, max |Δ| ${output.maxAbsDiff.toPrecision(2)}` : ''}${output.problem ? `, ${esc(output.problem)}` : ''}`,
  );
  return `<p class="meta">Output parity with ${esc(result.parity.reference.runtime)} ×${result.parity.reference.threads} (atol ${result.parity.atol}, rtol ${result.parity.rtol}): ${outputs.join('; ')}</p>`;
}

/** Each memory series of the retained-memory cycles: first and last reading, growth per cycle with its interval. */
function retainedTable(result: TrialResult): string {
  const retained = result.memory?.retained;
  if (!retained || retained.series.length === 0) return '';
  const side = (bytes: number | null) => esc(formatIntervalSide('bytes', bytes));
  const rows = retained.series.map((series) => {
    const growth = series.growth ? `${esc(formatBytesShort(series.growth.bytesPerCycle))} <span class="interval">[${side(series.growth.low)}, ${side(series.growth.high)}]</span>` : '—';
    const readings = `${esc(formatBytesShort(series.bytes[0] ?? 0))} → ${esc(formatBytesShort(series.bytes.at(-1) ?? 0))}`;
    return `<tr><td class="name">${esc(RETAINED_SOURCE_NAMES[series.source])}${series.gated ? ' (gated)' : ''}</td><td class="num">${readings}</td><td class="num">${growth}</td></tr>`;
  });
  const stopped = retained.error ? ` The cycles stopped early: ${esc(retained.error)}.` : '';
  return [
    `<div class="table-wrap"><table><caption>Retained memory: ${retained.cycles} create → run → release cycles after a warm-up one${retained.gcForced ? ', a full garbage collection before each reading' : ''}</caption>`,
    '<thead><tr><th scope="col">Memory</th><th scope="col">After warm-up → last cycle</th><th scope="col">Growth per cycle (Theil–Sen) [interval]</th></tr></thead><tbody>',
    ...rows,
    `</tbody></table></div>${stopped ? `<p class="meta">${stopped.trim()}</p>` : ''}`,
  ].join('\n');
}

const RETAINED_SOURCE_NAMES: Record<NonNullable<NonNullable<TrialResult['memory']>['retained']>['series'][number]['source'], string> = {
  'wasm-linear-memory': 'wasm linear memory',
  'js-heap': 'JS heap + ArrayBuffers',
  rss: 'process RSS',
};

export function renderRowSection(result: TrialResult, index: number): string {
  const id = rowId(index);
  const measured = result.status === 'ok';
  // An unmeasured row's checks only repeat its error.
  const checks = result.checks.filter((check) => measured || (check.verdict !== 'error' && check.verdict !== 'skipped'));
  const warnings = result.warnings.map((warning) => `<div class="warning">${esc(warning)}</div>`).join('');
  return [
    `<section class="row" id="${id}" aria-labelledby="${id}-heading">`,
    `<h3 id="${id}-heading">${badge(verdictLabel(result.verdict))} ${esc(rowLabel(result))} <span class="muted">on</span> ${esc(runtimeLabel(result))}</h3>`,
    facts(result),
    measured ? '' : problem(result),
    checkList(checks),
    parityLine(result),
    retainedTable(result),
    warnings,
    measured ? plots(result, id) : '',
    '</section>',
  ]
    .filter(Boolean)
    .join('\n');
}
