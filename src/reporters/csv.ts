/**
 * RunReport → CSV, one line per sample: every cold and warm load (with its phases), every warm-up and timed
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
  const loads = (prefix: string, load: TrialResult['load'] | undefined): Line[] =>
    load
      ? [
          ...series(prefix, load.samplesMs),
          ...series(`${prefix}.read`, load.phases.readMs),
          ...series(`${prefix}.runtime-init`, load.phases.runtimeInitMs),
          ...series(`${prefix}.session-create`, load.phases.sessionCreateMs),
        ]
      : [];
  const inference = result.inference;
  return [
    ...loads('load', result.load),
    ...loads('load.warm', result.warmLoad),
    ...(result.firstInferenceMs !== null ? series('first-inference', [result.firstInferenceMs]) : []),
    ...(inference ? [...series('inference.warmup', inference.warmupMs), ...series('inference', inference.samplesMs, inference.batchSize)] : []),
  ];
}

export function renderCsv(report: RunReport): string {
  return stringify([[...HEADER], ...report.results.flatMap(rowLines)], { escape_formulas: true, record_delimiter: 'unix' });
}
