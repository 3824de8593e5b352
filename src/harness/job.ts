/**
 * The conversation between a host (parent process) and an isolated worker (a Node child process
 * or a Chrome page). A 'load' job is one message and one answer. An 'inference' job opens a
 * session in the worker and answers with the first timed chunk; the host may then ask for more
 * chunks while a verdict is open, and finally asks the worker to finish (memory, clock).
 */
import type { FeedSpec, GraphOptimizationLevel } from '../types.js';
import type { LoadPhasesMs } from './measure-load.js';
import type { TimedChunk, WarmupResult, WarmupSpec } from './measure-inference.js';
import type { OutputSnapshot } from './output-snapshot.js';

export interface HarnessJob {
  kind: 'load' | 'inference';
  threads: number;
  feeds: FeedSpec[];
  seed: number;
  warmup: WarmupSpec;
  iterations: number;
  minTimeMs: number;
  maxTimeMs: number;
  checkFinite: boolean;
  /** onnxruntime's graphOptimizationLevel; null: the runtime's default. */
  graphOptimization: GraphOptimizationLevel | null;
  /**
   * Runs per timed sample, fixed: an A/B run gives the second side the first one's, since a batch's
   * per-run overhead differs with its size and would show as a difference between the sides.
   */
  batchSize?: number;
}

interface LoadFacts {
  phases: LoadPhasesMs;
  threadsUsed: number | null;
  runtimeVersion: string | null;
}

export interface LoadResult extends LoadFacts {
  kind: 'load-result';
  wasmPeakBytes: number;
  memoryCount: number;
}

/** The inference session is open: its load, first run, warm-up and first timed chunk. */
export interface InferenceOpened extends LoadFacts {
  kind: 'inference-opened';
  firstInferenceMs: number;
  warmupMs: number[];
  warmupStoppedBecause: WarmupResult['stoppedBecause'];
  /** Runs per timed sample, chosen from the warm-up median and the clock's resolution. */
  batchSize: number;
  clockResolutionMs: number;
  chunk: TimedChunk;
}

export interface ChunkRequest {
  iterations: number;
  maxTimeMs: number;
}

export interface ChunkResult {
  kind: 'chunk';
  chunk: TimedChunk;
}

export interface InferenceFinal {
  kind: 'inference-final';
  wasmPeakBytes: number;
  memoryCount: number;
  /** Largest JS heap used seen at phase boundaries; null where the host cannot tell. */
  jsHeapPeakBytes: number | null;
  /** Outputs of one more run on the same feeds, for output parity; null with a note when unavailable. */
  outputs: OutputSnapshot[] | null;
  outputsNote: string | null;
}

export type HarnessFailureCode = 'RUNTIME_UNAVAILABLE' | 'ADAPTER_INVALID' | 'MODEL_INVALID' | 'MODEL_UNSUPPORTED' | 'SESSION_CREATE_FAILED' | 'INFERENCE_FAILED' | 'OUT_OF_MEMORY' | 'INTERNAL';

export interface HarnessFailure {
  kind: 'failure';
  code: HarnessFailureCode;
  message: string;
}

export type HarnessResult = LoadResult | InferenceOpened | ChunkResult | InferenceFinal | ProfileResult | HarnessFailure;

export interface MemoryPoint {
  /** Milliseconds since the job started. */
  atMs: number;
  /** What was happening: a phase boundary ("session created"), or "during <phase>" for a poll. */
  phase: string;
  wasmBytes: number;
}

export interface ProfileResult {
  kind: 'profile-result';
  runtimeVersion: string | null;
  threadsUsed: number | null;
  phases: { readMs: number; runtimeInitMs: number; sessionCreateMs: number; firstRunMs: number };
  memory: MemoryPoint[];
  /** Wall time of each timed run on the profiled session, and on the plain one. */
  profiledRunsMs: number[];
  plainRunsMs: number[];
}
