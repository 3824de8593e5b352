/** Messages between the node-wasm launcher (parent) and its worker process (child), over IPC. */
import type { LoadPhasesMs } from '../../harness/measure-load.js';
import type { InferenceSamples } from '../../harness/measure-inference.js';
import type { ErrorCode } from '../../errors.js';
import type { FeedSpec } from '../../types.js';

export interface WorkerJob {
  kind: 'load' | 'inference';
  modelPath: string;
  threads: number;
  feeds: FeedSpec[];
  seed: number;
  warmup: number;
  iterations: number;
  minTimeMs: number;
  maxTimeMs: number;
}

export interface WorkerLoadResult {
  kind: 'load-result';
  phases: LoadPhasesMs;
  wasmPeakBytes: number;
  memoryCount: number;
  threadsUsed: number | null;
  runtimeVersion: string | null;
}

export interface WorkerInferenceResult extends Omit<WorkerLoadResult, 'kind'> {
  kind: 'inference-result';
  inference: InferenceSamples;
  rssPeakBytes: number;
  jsHeapPeakBytes: number;
  clockResolutionMs: number;
}

export interface WorkerFailure {
  kind: 'failure';
  code: ErrorCode;
  message: string;
}

export type WorkerMessage = WorkerLoadResult | WorkerInferenceResult | WorkerFailure;
