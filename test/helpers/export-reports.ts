/**
 * Real run reports for the metrics-export tests (fixtures/reports/metrics-export-*.json): each
 * inference sample array thinned to 300 evenly spaced samples (and inference.count with it) so
 * they stay small; their percentiles still describe the full runs, which the exporters never read.
 *
 * - sample: 3 models × node-wasm/chrome-wasm with baseline (regression) and parity checks.
 * - hostile: tiny-mlp under a name with quotes, backslashes, a newline and non-ASCII, measured
 *   (status ok), and unsupported-operator.onnx, a row that failed (status error).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RunReport, TrialResult } from '../../src/report/schema.js';
import { REPO_ROOT } from './fixtures.js';

export type ExportReportName = 'sample' | 'hostile';

export function exportReport(name: ExportReportName): RunReport {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, `fixtures/reports/metrics-export-${name}.json`), 'utf8')) as RunReport;
}

/** Everything a label value must survive: quotes, backslashes (one before an n), CR/LF, tab, control characters, non-BMP text. */
export const EXTREME_NAME = 'evil "q" \'s\' C:\\new\\tab\t\u001b[31mred\u001b[0m \u0007bell\r\nline2 {le="1"} # Größe 模型 😀.onnx';

export function renamed(report: RunReport, index: number, name: string): RunReport {
  const results = report.results.map((result, at): TrialResult => (at === index ? { ...result, model: { ...result.model, name } } : result));
  return { ...report, results };
}

export function okRows(report: RunReport): TrialResult[] {
  return report.results.filter((result) => result.status === 'ok');
}

/** How many of the samples (ms) fall at or under each bound (s), the way `le` buckets count. */
export function cumulativeCounts(samplesMs: readonly number[], boundsSeconds: readonly number[]): number[] {
  return boundsSeconds.map((bound) => samplesMs.filter((ms) => ms / 1000 <= bound).length);
}
