/**
 * The trial protocol every runtime follows: --load-runs cold loads, each in a fresh worker, then
 * the inference phase in one more. Hosts differ only in how they run one job in a fresh worker.
 */
import { RuntimeFailure } from '../errors.js';
import type { HarnessJob, InferenceResult, LoadResult } from '../harness/job.js';
import type { ProgressEvent, Trial } from '../types.js';
import type { MeasureSettings } from './measurement.js';

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

export async function measureInWorkers<I extends InferenceResult>(
  trial: Trial,
  settings: MeasureSettings,
  onProgress: (event: ProgressEvent) => void,
  runners: WorkerRunners<I>,
): Promise<{ loads: LoadResult[]; workerWallMs: number[]; inference: I; warnings: string[] }> {
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
