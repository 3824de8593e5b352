/**
 * One job for an isolated worker (a Node child process or a Chrome page) and what it sends back.
 * Shared by every host of the harness.
 */
import type { FeedSpec } from '../types.js';
import type { LoadPhasesMs } from './measure-load.js';
import type { InferenceSamples } from './measure-inference.js';

export interface HarnessJob {
  /** 'load': one cold load. 'inference': a cold load, then first, warm-up and timed runs. */
  kind: 'load' | 'inference';
  threads: number;
  feeds: FeedSpec[];
  seed: number;
  warmup: number;
  iterations: number;
  minTimeMs: number;
  maxTimeMs: number;
}

export interface LoadResult {
  kind: 'load-result';
  phases: LoadPhasesMs;
  wasmPeakBytes: number;
  memoryCount: number;
  threadsUsed: number | null;
  runtimeVersion: string | null;
}

export interface InferenceResult extends Omit<LoadResult, 'kind'> {
  kind: 'inference-result';
  inference: InferenceSamples;
  /** Largest JS heap used seen at phase boundaries; null where the host cannot tell. */
  jsHeapPeakBytes: number | null;
  clockResolutionMs: number;
}

export type HarnessFailureCode = 'SESSION_CREATE_FAILED' | 'INFERENCE_FAILED' | 'INTERNAL';

export interface HarnessFailure {
  kind: 'failure';
  code: HarnessFailureCode;
  message: string;
}

export type HarnessResult = LoadResult | InferenceResult | HarnessFailure;
