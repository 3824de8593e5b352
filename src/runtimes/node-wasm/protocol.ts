/** Messages between the node-wasm launcher (parent) and its worker process (child), over IPC. */
import type { HarnessFailure, HarnessJob, InferenceResult, LoadResult } from '../../harness/job.js';

export interface WorkerJob extends HarnessJob {
  modelPath: string;
}

export interface WorkerInferenceResult extends InferenceResult {
  /** Peak resident set size of the worker process (maxRSS). */
  rssPeakBytes: number;
}

export type WorkerMessage = LoadResult | WorkerInferenceResult | HarnessFailure;
