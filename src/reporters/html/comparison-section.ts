/**
 * One model across its rows: the runtimes' latency ECDFs overlaid, ratios to the native reference,
 * and ratios to the baseline against the allowed regression.
 */
import { formatConfidence, formatMs } from '../../format.js';
import { rowLabel } from '../../report/row-label.js';
import type { RatioRecord, RunReport, TrialResult } from '../../report/schema.js';
import { escapeXmlText as esc } from '../xml.js';
import { figure } from './markup.js';
import { renderEcdf, type EcdfSeries } from './ecdf-plot.js';
import { renderRatioPlot, type RatioLine } from './ratio-plot.js';
import { rowId, runtimeLabel } from './row-section.js';
import { msThreshold, type Threshold } from './threshold-marker.js';
import { checkLabel } from './verdict-labels.js';

/** Rows grouped by model (and input variant), in report order. */
export function modelGroups(results: readonly TrialResult[]): { label: string; rows: { result: TrialResult; index: number }[] }[] {
  const groups = new Map<string, { label: string; rows: { result: TrialResult; index: number }[] }>();
  results.forEach((result, index) => {
    const key = JSON.stringify([result.model.path, result.variant]);
    const group = groups.get(key) ?? { label: rowLabel(result), rows: [] };
    group.rows.push({ result, index });
    groups.set(key, group);
  });
  return [...groups.values()];
}

/** The shared inference.p99 threshold of these rows, when they all have the same one. */
function sharedThreshold(rows: readonly TrialResult[]): Threshold | null {
  const thresholds = rows.map((result) => result.checks.find((check) => check.id === 'inference.p99' && check.level !== 'off' && check.unit === 'ms')?.threshold ?? null);
  const [first] = thresholds;
  return first != null && thresholds.every((value) => value === first) ? msThreshold('inference.p99', first) : null;
}

const NATIVE_METRICS = [
  ['loadP95', 'load P95'],
  ['inferenceP50', 'inference P50'],
  ['inferenceP99', 'inference P99'],
  ['memoryPeak', 'peak memory'],
] as const;

const BASELINE_METRICS = [
  ['loadP50', 'load P50', 'load.p50'],
  ['loadP95', 'load P95', 'load.p95'],
  ['inferenceP50', 'inference P50', 'inference.p50'],
  ['inferenceP99', 'inference P99', 'inference.p99'],
  ['memoryPeak', 'peak memory', 'memory.peak'],
] as const;

function nativeLines(rows: readonly TrialResult[]): RatioLine[] {
  return NATIVE_METRICS.flatMap(([key, group]) =>
    rows.flatMap((result): RatioLine[] =>
      result.comparison ? [{ group, name: runtimeLabel(result), ratio: result.comparison[key] as RatioRecord | null, singleValued: key === 'memoryPeak', allowed: null, verdict: null }] : [],
    ),
  );
}

function baselineLines(rows: readonly TrialResult[], report: RunReport): RatioLine[] {
  return BASELINE_METRICS.flatMap(([key, group, metric]) =>
    rows.flatMap((result): RatioLine[] => {
      if (!result.baseline) return [];
      const rule = report.settings.regressions.find((entry) => entry.id === metric);
      const check = result.checks.find((entry) => entry.id === `regression.${metric}`);
      return [
        {
          group,
          name: runtimeLabel(result),
          ratio: result.baseline.ratios[key],
          singleValued: key === 'memoryPeak',
          allowed: rule && rule.level !== 'off' ? rule.maxRatio : null,
          verdict: check ? checkLabel(check) : null,
        },
      ];
    }),
  );
}

export function hasComparison(rows: readonly TrialResult[]): boolean {
  const withSamples = rows.filter((result) => result.inference?.percentiles && result.inference.samplesMs.length > 0);
  return withSamples.length >= 2 || rows.some((result) => result.comparison !== null || result.baseline !== null);
}

export function renderComparisonSection(label: string, entries: readonly { result: TrialResult; index: number }[], groupIndex: number, report: RunReport): string {
  const rows = entries.map((entry) => entry.result);
  const id = `model-${groupIndex + 1}`;
  const confidenceText = formatConfidence(report.settings.confidence);
  const figures: string[] = [];

  const measured = rows.filter((result) => result.inference?.percentiles && result.inference.samplesMs.length > 0);
  if (measured.length >= 2) {
    const series: EcdfSeries[] = measured.map((result) => {
      const percentiles = result.inference?.percentiles as NonNullable<NonNullable<TrialResult['inference']>['percentiles']>;
      return { name: runtimeLabel(result), samplesMs: result.inference?.samplesMs ?? [], percentilesMs: { p50: percentiles.p50, p95: percentiles.p95, p99: percentiles.p99 } };
    });
    figures.push(
      figure(
        'Inference latency by runtime',
        'ECDFs overlaid; dots mark each P50 and P99',
        renderEcdf(series, { id: `${id}-ecdf`, quantity: 'inference latency', subject: label, threshold: sharedThreshold(measured) }),
      ),
    );
  }

  const native = nativeLines(rows);
  if (native.length > 0) {
    const reference = rows.find((result) => result.comparison)?.comparison?.reference;
    const referenceName = reference ? `${reference.runtime} ×${reference.threads}` : 'the reference';
    figures.push(
      figure(
        `Against the native reference (${referenceName})`,
        'ratio of each runtime to it',
        renderRatioPlot(native, { id: `${id}-native`, ratioName: `this runtime / ${referenceName}`, subject: label, confidenceText }),
      ),
    );
  }

  const baseline = baselineLines(rows, report);
  const notes: string[] = [];
  if (baseline.length > 0) {
    figures.push(
      figure(
        'Against the baseline',
        `${report.baseline ? `${report.baseline.file}, ` : ''}ratio now / then, checked against the allowed ratio`,
        renderRatioPlot(baseline, { id: `${id}-baseline`, ratioName: 'now / baseline', subject: label, confidenceText }),
      ),
    );
    for (const result of rows) {
      if (!result.baseline) continue;
      const noise = result.baseline.runNoise;
      const parts = [`baseline entry of ${result.baseline.reference.createdAt.slice(0, 10)}`];
      const shift = noise.shift;
      // The gate records a shift too few workers could bound with null sides, and widens by it only when both are there.
      if (shift && shift.low !== null && shift.high !== null) {
        parts.push(
          `workers now / then ${shift.ratio.toFixed(3)}× [${shift.low.toFixed(3)}×, ${shift.high.toFixed(3)}×] (Hodges–Lehmann, ${noise.workersNow} workers now, ${noise.workersBaseline} then; spread ${((noise.sigma ?? 0) * 100).toFixed(1)} %) widens the inference intervals`,
        );
      }
      if (result.baseline.differences.length > 0) parts.push(`differs: ${result.baseline.differences.join('; ')}`);
      notes.push(`<li>${esc(runtimeLabel(result))}: ${esc(parts.join(' · '))}</li>`);
    }
  }

  const links = entries.map(({ result, index }) => `<a href="#${rowId(index)}">${esc(runtimeLabel(result))}</a>`).join(' · ');
  const medians = measured.map((result) => `${runtimeLabel(result)} P50 ${formatMs(result.inference?.percentiles?.p50 ?? 0)}`).join(', ');
  return [
    `<section class="model" id="${id}" aria-labelledby="${id}-heading">`,
    `<h3 id="${id}-heading">${esc(label)}</h3>`,
    `<p class="meta">rows: ${links}${medians ? ` · ${esc(medians)}` : ''}</p>`,
    notes.length > 0 ? `<ul class="notes meta">${notes.join('')}</ul>` : '',
    figures.length > 0 ? `<div class="plots">\n${figures.join('\n')}\n</div>` : '',
    '</section>',
  ]
    .filter(Boolean)
    .join('\n');
}
