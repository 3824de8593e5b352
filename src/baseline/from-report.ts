/** A run report → its baseline: the measured rows' samples, compacted (see sample-store.ts). */
import type { RunReport } from '../report/schema.js';
import { BASELINE_KIND, BASELINE_SCHEMA_VERSION, type Baseline } from './document.js';
import { storeSamples } from './sample-store.js';

export function baselineFromReport(report: RunReport): Baseline {
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
        runtime: result.runtime,
        runtimeVersion: result.runtimeVersion,
        threads: result.threads.requested,
        load: storeSamples(result.load?.samplesMs ?? []),
        inference: storeSamples(result.inference?.samplesMs ?? []),
        memoryPeakBytes: result.memory?.peakBytes ?? null,
        errors: result.inference?.errors ?? 0,
        attempts: result.inference?.attempts ?? 0,
      })),
  };
}
