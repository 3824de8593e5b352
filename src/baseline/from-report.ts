/** A run report → its baseline: the measured rows' samples, compacted (see sample-store.ts). */
import type { RunReport } from '../report/schema.js';
import { BASELINE_KIND, BASELINE_SCHEMA_VERSION, type Baseline } from './document.js';
import { EXACT_SAMPLE_CAP, storeSamples } from './sample-store.js';
import { workerQuantiles } from '../stats/worker-quantiles.js';

/**
 * `cap`: samples kept exact per metric before a histogram takes over. A report read as a baseline
 * in memory keeps them all (cap Infinity), so comparing a report with itself gives ratios of 1.
 */
export function baselineFromReport(report: RunReport, cap = EXACT_SAMPLE_CAP): Baseline {
  return {
    kind: BASELINE_KIND,
    schemaVersion: BASELINE_SCHEMA_VERSION,
    tool: report.tool,
    createdAt: report.startedAt,
    environment: report.environment,
    entries: report.results
      .filter((result) => result.status === 'ok')
      .map((result) => ({
        model: { path: result.model.path, name: result.model.name, sha256: result.model.sha256 },
        variant: result.variant,
        runtime: result.runtime,
        runtimeVersion: result.runtimeVersion,
        threads: result.threads.requested,
        load: storeSamples(result.load?.samplesMs ?? [], cap),
        inference: storeSamples(result.inference?.samplesMs ?? [], cap),
        inferenceWorkerMediansMs: result.inference?.workerMediansMs ?? [],
        inferenceWorkerP99sMs: workerQuantiles(result.inference?.samplesMs ?? [], result.inference?.workerSampleCounts, 0.99),
        memoryPeakBytes: result.memory?.peakBytes ?? null,
        errors: result.inference?.errors ?? 0,
        attempts: result.inference?.attempts ?? 0,
      })),
  };
}
