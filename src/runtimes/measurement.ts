/** What a runtime launcher hands back for one trial: raw samples, nothing summarised. */
import type { LoadPhasesMs } from '../harness/measure-load.js';
import type { InferenceSamples } from '../harness/measure-inference.js';
import type { ProgressEvent, RunConfig, Trial } from '../types.js';

export interface MemoryPeaks {
  /** WebAssembly linear memory peak (byteLength after the trial; wasm memory never shrinks). */
  wasmPeakBytes: number | null;
  /** Peak resident set size of the worker process (maxRSS). */
  rssPeakBytes: number | null;
  /** Largest JS heap used seen at phase boundaries in the worker. */
  jsHeapPeakBytes: number | null;
  /** The figure memory.peak gates on, and which of the above it is. */
  peakBytes: number | null;
  peakSource: 'wasm-linear-memory' | 'rss';
}

export interface TrialMeasurement {
  /** One entry per cold load, each from a fresh worker. */
  loads: LoadPhasesMs[];
  inference: InferenceSamples;
  memory: MemoryPeaks;
  clockResolutionMs: number;
  threadsUsed: number | null;
  runtimeVersion: string | null;
  /** Runtime-printed warnings, ANSI stripped, deduplicated. */
  warnings: string[];
}

export type MeasureSettings = Pick<RunConfig, 'loadRuns' | 'warmup' | 'iterations' | 'minTimeMs' | 'maxTimeMs' | 'timeoutMs' | 'seed'>;

export interface RuntimeLauncher {
  measure(trial: Trial, settings: MeasureSettings, onProgress: (event: ProgressEvent) => void): Promise<TrialMeasurement>;
}
