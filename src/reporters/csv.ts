/**
 * RunReport → CSV, one line per sample: every cold load (with its phases), every warm-up and timed
 * inference sample, the first inference, in the order measured, for spreadsheets and notebooks.
 * Cells that a spreadsheet would run as formulas (=, +, -, @ first) are escaped by csv-stringify.
 */
import { stringify } from 'csv-stringify/sync';
import type { RunReport, TrialResult } from '../report/schema.js';

const HEADER = ['model', 'variant', 'path', 'runtime', 'threads', 'metric', 'index', 'value_ms', 'batch_size'] as const;

type Line = (string | number)[];

function rowLines(result: TrialResult): Line[] {
  const key = [result.model.name, result.variant ?? '', result.model.path, result.runtime, result.threads.used ?? result.threads.requested];
  const series = (metric: string, samplesMs: readonly number[], batchSize = 1): Line[] => samplesMs.map((ms, index) => [...key, metric, index, ms, batchSize]);
  const load = result.load;
  const inference = result.inference;
  return [
    ...(load
      ? [
          ...series('load', load.samplesMs),
          ...series('load.read', load.phases.readMs),
          ...series('load.runtime-init', load.phases.runtimeInitMs),
          ...series('load.session-create', load.phases.sessionCreateMs),
        ]
      : []),
    ...(result.firstInferenceMs !== null ? series('first-inference', [result.firstInferenceMs]) : []),
    ...(inference ? [...series('inference.warmup', inference.warmupMs), ...series('inference', inference.samplesMs, inference.batchSize)] : []),
  ];
}

export function renderCsv(report: RunReport): string {
  return stringify([[...HEADER], ...report.results.flatMap(rowLines)], { escape_formulas: true, record_delimiter: 'unix' });
}
