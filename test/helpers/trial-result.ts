/** A TrialResult holding only what the cross-row passes read (samples, memory, checks), for unit tests. */
import type { CheckRecord, TrialResult } from '../../src/report/schema.js';

type Load = NonNullable<TrialResult['load']>;
type Inference = NonNullable<TrialResult['inference']>;

export interface SampledResultFields {
  path: string;
  runtime: string;
  threads: number;
  sha256: string | null;
  runtimeVersion: string | null;
  status: TrialResult['status'];
  loadMs: number[] | null;
  inferenceMs: number[] | null;
  memory: NonNullable<TrialResult['memory']>;
  checks: CheckRecord[];
  verdict: TrialResult['verdict'];
  warnings: string[];
}

export function sampledResult(fields: SampledResultFields): TrialResult {
  const { path, threads } = fields;
  return {
    model: { path, name: path.split('/').pop() ?? path, bytes: 1234, sha256: fields.sha256 },
    variant: null,
    tags: [],
    runtime: fields.runtime,
    runtimeVersion: fields.runtimeVersion,
    threads: { requested: threads, used: threads },
    status: fields.status,
    skipReason: null,
    crossOriginIsolated: null,
    wasmModule: null,
    feeds: [],
    load: fields.loadMs === null ? null : ({ samplesMs: fields.loadMs } as unknown as Load),
    firstInferenceMs: 5,
    inference: fields.inferenceMs === null ? null : ({ samplesMs: fields.inferenceMs } as unknown as Inference),
    memory: fields.memory,
    clockResolutionMs: 0.001,
    comparison: null,
    baseline: null,
    parity: null,
    checks: fields.checks,
    verdict: fields.verdict,
    error: fields.status === 'error' ? { code: 'RUNTIME_FAILED', message: 'boom' } : null,
    warnings: fields.warnings,
  };
}
