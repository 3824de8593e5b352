/**
 * The trial protocol every runtime follows: --load-runs cold loads, each in a fresh worker, then
 * the inference phase in one more. Hosts differ only in how they run one job in a fresh worker.
 */
import { RuntimeFailure } from '../errors.js';
import type { HarnessJob, InferenceResult, LoadResult } from '../harness/job.js';
import type { ProgressEvent, Trial } from '../types.js';
import type { MeasureSettings, TrialMeasurement } from './measurement.js';

export interface WorkerRunners<I extends InferenceResult> {
  /** One cold load in a fresh worker; throws a RuntimeFailure when the worker fails. */
  load(job: HarnessJob): Promise<LoadResult>;
  /** One load + inference phase in a fresh worker. */
  inference(job: HarnessJob): Promise<I>;
}

export function harnessJob(trial: Trial, settings: MeasureSettings, kind: HarnessJob['kind']): HarnessJob {
  return {
    kind,
    threads: trial.threads,
    feeds: trial.feeds,
    seed: settings.seed,
    warmup: settings.warmup,
    iterations: settings.iterations,
    minTimeMs: settings.minTimeMs,
    maxTimeMs: settings.maxTimeMs,
  };
}

export interface WorkerMeasurements<I extends InferenceResult> {
  loads: LoadResult[];
  workerWallMs: number[];
  inference: I;
  warnings: string[];
}

/** What only the host can tell about the inference worker. */
export interface HostObservations {
  rssPeakBytes: number | null;
  jsHeapPeakBytes: number | null;
  crossOriginIsolated: boolean | null;
  wasmModule: string | null;
  warnings: string[];
}

/** The TrialMeasurement of a wasm runtime: memory.peak is the linear memory peak on every host. */
export function wasmTrialMeasurement(measured: WorkerMeasurements<InferenceResult>, host: HostObservations): TrialMeasurement {
  const { inference } = measured;
  return {
    loads: measured.loads.map((load) => load.phases),
    loadWorkerWallMs: measured.workerWallMs,
    inference: inference.inference,
    memory: {
      wasmPeakBytes: inference.wasmPeakBytes,
      rssPeakBytes: host.rssPeakBytes,
      jsHeapPeakBytes: host.jsHeapPeakBytes,
      peakBytes: inference.wasmPeakBytes,
      peakSource: 'wasm-linear-memory',
    },
    clockResolutionMs: inference.clockResolutionMs,
    threadsUsed: inference.threadsUsed,
    runtimeVersion: inference.runtimeVersion,
    crossOriginIsolated: host.crossOriginIsolated,
    wasmModule: host.wasmModule,
    warnings: [...host.warnings, ...measured.warnings],
  };
}

export async function measureInWorkers<I extends InferenceResult>(
  trial: Trial,
  settings: MeasureSettings,
  onProgress: (event: ProgressEvent) => void,
  runners: WorkerRunners<I>,
): Promise<WorkerMeasurements<I>> {
  const loads: LoadResult[] = [];
  const workerWallMs: number[] = [];
  for (let i = 0; i < settings.loadRuns; i++) {
    const startMs = performance.now();
    loads.push(await runners.load(harnessJob(trial, settings, 'load')));
    workerWallMs.push(performance.now() - startMs);
    onProgress({ kind: 'load-sample', trial, done: i + 1, total: settings.loadRuns });
  }
  onProgress({ kind: 'inference-start', trial, minTimeMs: settings.minTimeMs, maxTimeMs: settings.maxTimeMs });
  const inference = await runners.inference(harnessJob(trial, settings, 'inference'));
  // An unmet thread request is an error, never a quiet fallback: the numbers would answer another question.
  if (inference.threadsUsed !== null && inference.threadsUsed !== trial.threads) {
    throw new RuntimeFailure(
      'THREADS_UNAVAILABLE',
      `asked for ${trial.threads} threads, the runtime used ${inference.threadsUsed}; multi-threaded wasm needs SharedArrayBuffer (in a browser, a cross-origin isolated page)`,
    );
  }
  const warnings: string[] = [];
  if (inference.memoryCount !== 1) {
    warnings.push(`expected exactly one WebAssembly memory from onnxruntime-web, captured ${inference.memoryCount}; memory.peak is the largest`);
  }
  return { loads, workerWallMs, inference, warnings };
}
