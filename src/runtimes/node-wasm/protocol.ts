/** Messages between the node-wasm launcher (parent) and its worker process (child), over IPC. */
import type { ChunkRequest, HarnessFailure, HarnessJob, InferenceFinal, InferenceOpened, LoadResult, ChunkResult } from '../../harness/job.js';

export type ParentMessage =
  | { kind: 'job'; job: HarnessJob; modelPath: string }
  | ({ kind: 'continue' } & ChunkRequest)
  | { kind: 'finish' };

export interface WorkerInferenceFinal extends InferenceFinal {
  /** Peak resident set size of the worker process (maxRSS). */
  rssPeakBytes: number;
}

export type WorkerMessage = LoadResult | InferenceOpened | ChunkResult | WorkerInferenceFinal | HarnessFailure;
