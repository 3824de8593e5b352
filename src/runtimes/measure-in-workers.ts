/**
 * The trial protocol every runtime follows, with adaptive sampling:
 *   cold loads   --load-runs, each in a fresh worker; more while a load check is undecided,
 *                up to --max-load-runs (unless --load-temperature warm)
 *   warm loads   --load-temperature warm or both: after the loads that fill the caches, as many
 *                again as repeat visits (a worker or browser profile kept between them)
 *   inference    one more worker: first run, warm-up, a first timed chunk (min count AND min
 *                time); more chunks while an inference or error-rate check is undecided, until
 *                --max-time of timed runs
 * A phase is adaptive only when its maximum exceeds its minimum (--max-load-runs > --load-runs,
 * --max-time > --min-time); each judgement is a look, counted, so the gate can judge on intervals
 * valid over all of them. A fixed phase is never judged while it samples.
 * Hosts differ only in how they run a job in a fresh worker.
 */
import { RuntimeFailure } from '../errors.js';
import { nextChunkRuns } from '../gate/sampling-judge.js';
import type { ChunkRequest, HarnessJob, InferenceFinal, InferenceOpened, LoadResult } from '../harness/job.js';
import { mergeChunks, type InferenceSamples, type TimedChunk } from '../harness/measure-inference.js';
import { percentile, sortAscending } from '../stats/percentiles.js';
import { measuresCold, measuresWarm, type ProgressEvent, type Trial } from '../types.js';
import type { MeasureSettings, MemoryPeaks, TrialMeasurement, WarmLoadMeasurement, WorkerSettings, WorkerSplit } from './measurement.js';
import { explainSessionFailure, refuseOversizedFeeds } from './preflight.js';

/** An inference worker whose session is open. */
export interface InferenceHandle<F extends InferenceFinal> {
  opened: InferenceOpened;
  more(request: ChunkRequest): Promise<TimedChunk>;
  finish(): Promise<F>;
}

/** One warm load, and whether the runtime's compiled WebAssembly came from the browser's code cache (null: no such cache applies). */
export interface WarmLoadResult {
  result: LoadResult;
  codeCacheHit: boolean | null;
}

/** Warm loads of one trial: the runtime initialised (and the caches filled) by `fillLoads` loads first. */
export interface WarmLoadRunner {
  readonly fillLoads: number;
  load(): Promise<WarmLoadResult>;
  /** Ends the warm loads; says in words what the code cache did over them and why. */
  close(hits: readonly (boolean | null)[]): Promise<string>;
}

export interface WorkerRunners<F extends InferenceFinal> {
  /** One cold load in a fresh worker; throws a RuntimeFailure when the worker fails. */
  load(job: HarnessJob): Promise<LoadResult>;
  /** Prepares warm loads (a worker or browser profile kept for them) and fills what a repeat visit finds. */
  openWarmLoads(job: HarnessJob): Promise<WarmLoadRunner>;
  /** Opens an inference session in a fresh worker. */
  openInference(job: HarnessJob): Promise<InferenceHandle<F>>;
}

export function harnessJob(trial: Trial, settings: WorkerSettings, kind: HarnessJob['kind']): HarnessJob {
  return {
    kind,
    threads: trial.threads,
    feeds: trial.feeds,
    seed: settings.seed,
    warmup: settings.warmup === 'auto' ? { mode: 'auto' } : { mode: 'fixed', runs: settings.warmup },
    // --repeat shares the minimum runs and time among the inference workers, so repeating costs
    // start-ups and warm-ups, not a longer timed phase.
    iterations: Math.max(1, Math.ceil(settings.iterations / settings.repeat)),
    minTimeMs: settings.minTimeMs / settings.repeat,
    maxTimeMs: settings.maxTimeMs,
    checkFinite: settings.checkFinite,
    graphOptimization: trial.graphOptimization,
    retainedCycles: 0,
  };
}

export interface WorkerMeasurements<F extends InferenceFinal> {
  loads: LoadResult[];
  workerWallMs: number[];
  /** Times the sampling loop judged the cold loads; 0 for a fixed count. */
  loadLooks: number;
  warmLoads: WarmLoadMeasurement | null;
  opened: InferenceOpened;
  inference: InferenceSamples & WorkerSplit;
  final: F;
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

/** The TrialMeasurement, with memory.peak as the runtime defines it (linear memory for wasm, RSS growth for native). */
export function trialMeasurement(measured: WorkerMeasurements<InferenceFinal>, host: HostObservations, peak: Pick<MemoryPeaks, 'peakBytes' | 'peakSource'>): TrialMeasurement {
  const { final, opened } = measured;
  return {
    loads: measured.loads.map((load) => load.phases),
    loadWorkerWallMs: measured.workerWallMs,
    loadLooks: measured.loadLooks,
    warmLoads: measured.warmLoads,
    inference: measured.inference,
    memory: {
      wasmPeakBytes: final.memoryCount > 0 ? final.wasmPeakBytes : null,
      rssPeakBytes: host.rssPeakBytes,
      jsHeapPeakBytes: host.jsHeapPeakBytes,
      ...peak,
    },
    retained: final.retained,
    outputs: final.outputs,
    outputsNote: final.outputsNote,
    clockResolutionMs: opened.clockResolutionMs,
    threadsUsed: opened.threadsUsed,
    runtimeVersion: opened.runtimeVersion,
    crossOriginIsolated: host.crossOriginIsolated,
    wasmModule: host.wasmModule,
    warnings: [...host.warnings, ...measured.warnings],
  };
}

interface SampledLoads<T> {
  loads: T[];
  workerWallMs: number[];
  looks: number;
}

/**
 * Loads until --load-runs, then (when adaptive) while `decided` says an error-level check of
 * these loads is open, up to --max-load-runs. Judged at every count from --load-runs on, the last
 * one included: the report's verdict is then the last look's.
 */
async function sampleLoads<T extends { phases: { totalMs: number } }>(
  settings: MeasureSettings,
  decided: (samplesMs: readonly number[], look: number) => boolean,
  next: () => Promise<T>,
  onSample: (done: number) => void,
): Promise<SampledLoads<T>> {
  const loads: T[] = [];
  const workerWallMs: number[] = [];
  const adaptive = settings.maxLoadRuns > settings.loadRuns;
  let looks = 0;
  const enough = () => {
    if (loads.length < settings.loadRuns) return false;
    if (!adaptive) return true;
    looks++;
    return (
      decided(
        loads.map((load) => load.phases.totalMs),
        looks,
      ) || loads.length >= settings.maxLoadRuns
    );
  };
  while (!enough()) {
    const startMs = performance.now();
    loads.push(await next());
    workerWallMs.push(performance.now() - startMs);
    onSample(loads.length);
  }
  return { loads, workerWallMs, looks };
}

function loadProgress(trial: Trial, settings: MeasureSettings, temperature: 'cold' | 'warm', onProgress: (event: ProgressEvent) => void) {
  return (done: number) => onProgress({ kind: 'load-sample', trial, temperature, done, minimum: settings.loadRuns, maximum: settings.maxLoadRuns });
}

async function measureColdLoads<F extends InferenceFinal>(
  trial: Trial,
  settings: MeasureSettings,
  onProgress: (event: ProgressEvent) => void,
  runners: WorkerRunners<F>,
): Promise<SampledLoads<LoadResult>> {
  if (!measuresCold(settings.loadTemperature)) return { loads: [], workerWallMs: [], looks: 0 };
  return sampleLoads(settings, settings.judge.loadsDecided, () => runners.load(harnessJob(trial, settings, 'load')), loadProgress(trial, settings, 'cold', onProgress));
}

async function measureWarmLoads<F extends InferenceFinal>(
  trial: Trial,
  settings: MeasureSettings,
  onProgress: (event: ProgressEvent) => void,
  runners: WorkerRunners<F>,
): Promise<WarmLoadMeasurement | null> {
  if (!measuresWarm(settings.loadTemperature)) return null;
  const runner = await runners.openWarmLoads(harnessJob(trial, settings, 'load'));
  let sampled: SampledLoads<WarmLoadResult>;
  try {
    sampled = await sampleLoads(
      settings,
      settings.judge.warmLoadsDecided,
      async () => {
        const warm = await runner.load();
        return { ...warm, phases: warm.result.phases };
      },
      loadProgress(trial, settings, 'warm', onProgress),
    );
  } catch (error) {
    await runner.close([]).catch(() => undefined);
    throw error;
  }
  const codeCacheHits = sampled.loads.map((load) => load.codeCacheHit);
  return {
    loads: sampled.loads.map((load) => load.result.phases),
    workerWallMs: sampled.workerWallMs,
    looks: sampled.looks,
    fillLoads: runner.fillLoads,
    codeCacheHits,
    codeCacheNote: await runner.close(codeCacheHits),
  };
}

/**
 * One inference worker's timed runs, judged together with the workers before it (`prior`): the
 * judge and --max-time see the pooled samples, so repeats share one budget.
 */
async function measureInference<F extends InferenceFinal>(handle: InferenceHandle<F>, settings: MeasureSettings, prior: InferenceSamples | null): Promise<InferenceSamples> {
  const { opened } = handle;
  const pooled = (chunk: TimedChunk) => (prior ? mergeChunks(prior, chunk) : chunk);
  const adaptive = settings.maxTimeMs > settings.minTimeMs;
  let looks = prior?.looks ?? 0;
  let timed: TimedChunk = opened.chunk;
  let stopReason: InferenceSamples['stopReason'] = pooled(timed).timedPhaseMs >= settings.maxTimeMs ? 'max-time' : 'min-count-and-time';
  while (adaptive) {
    const all = pooled(timed);
    looks++;
    const need = settings.judge.inferenceNeed(all.samplesMs, all.errors, all.attempts, opened.batchSize, looks);
    if (need.decided) break;
    const remainingMs = settings.maxTimeMs - all.timedPhaseMs;
    if (remainingMs <= 0) {
      stopReason = 'max-time';
      break;
    }
    timed = mergeChunks(timed, await handle.more({ iterations: nextChunkRuns(all.attempts, need.minimumRuns, opened.batchSize), maxTimeMs: remainingMs }));
    stopReason = 'decided';
  }
  return {
    ...timed,
    firstInferenceMs: opened.firstInferenceMs,
    batchSize: opened.batchSize,
    warmupMs: opened.warmupMs,
    warmupStoppedBecause: opened.warmupStoppedBecause,
    stopReason,
    looks,
  };
}

/** An unmet thread request is an error, never a quiet fallback: the numbers would answer another question. */
async function requireThreads<F extends InferenceFinal>(handle: InferenceHandle<F>, trial: Trial): Promise<void> {
  const { threadsUsed } = handle.opened;
  if (threadsUsed === null || threadsUsed === trial.threads) return;
  await handle.finish().catch(() => undefined);
  throw new RuntimeFailure(
    'THREADS_UNAVAILABLE',
    `asked for ${trial.threads} threads, the runtime used ${threadsUsed}; multi-threaded wasm needs SharedArrayBuffer (in a browser, a cross-origin isolated page)`,
  );
}

/** The inference phases of several workers as one: samples pooled in order, each worker's median kept. */
function poolRepeats(repeats: readonly InferenceSamples[]): InferenceSamples & WorkerSplit {
  const [first] = repeats as [InferenceSamples, ...InferenceSamples[]];
  const pooled = repeats.slice(1).reduce<TimedChunk>((into, next) => mergeChunks(into, next), first);
  return {
    ...first,
    ...pooled,
    stopReason: repeats[repeats.length - 1]?.stopReason ?? first.stopReason,
    looks: repeats[repeats.length - 1]?.looks ?? first.looks,
    workerMediansMs: repeats.flatMap((repeat) => (repeat.samplesMs.length > 0 ? [percentile(sortAscending(repeat.samplesMs), 0.5)] : [])),
    workerSampleCounts: repeats.flatMap((repeat) => (repeat.samplesMs.length > 0 ? [repeat.samplesMs.length] : [])),
  };
}

export async function measureInWorkers<F extends InferenceFinal>(
  trial: Trial,
  settings: MeasureSettings,
  onProgress: (event: ProgressEvent) => void,
  runners: WorkerRunners<F>,
): Promise<WorkerMeasurements<F>> {
  refuseOversizedFeeds(trial);
  try {
    return await measurePhases(trial, settings, onProgress, runners);
  } catch (error) {
    throw await explainSessionFailure(error, trial);
  }
}

async function measurePhases<F extends InferenceFinal>(trial: Trial, settings: MeasureSettings, onProgress: (event: ProgressEvent) => void, runners: WorkerRunners<F>): Promise<WorkerMeasurements<F>> {
  const cold = await measureColdLoads(trial, settings, onProgress, runners);
  const warmLoads = await measureWarmLoads(trial, settings, onProgress, runners);
  onProgress({ kind: 'inference-start', trial, minTimeMs: settings.minTimeMs, maxTimeMs: settings.maxTimeMs });
  // --repeat: the inference phase in several fresh workers, whose spread is the run-to-run noise.
  const repeats: InferenceSamples[] = [];
  let pooled: InferenceSamples | null = null;
  let opened: InferenceOpened | null = null;
  let final: F | null = null;
  for (let repeat = 0; repeat < settings.repeat; repeat++) {
    // Retained memory is measured once, after the first worker's inference phase.
    const handle = await runners.openInference({ ...harnessJob(trial, settings, 'inference'), retainedCycles: repeat === 0 ? settings.retainedCycles : 0 });
    await requireThreads(handle, trial);
    const samples: InferenceSamples = await measureInference(handle, settings, pooled);
    repeats.push(samples);
    pooled = pooled ? { ...samples, ...mergeChunks(pooled, samples) } : samples;
    const finished = await handle.finish();
    // Memory and outputs are the first worker's; later ones add samples and their spread.
    opened ??= handle.opened;
    final ??= finished;
  }
  if (!opened || !final) throw new RuntimeFailure('INTERNAL', '--repeat must be at least 1');
  const inference = poolRepeats(repeats);
  const warnings: string[] = [];
  if (trial.runtime !== 'node-native' && final.memoryCount !== 1) {
    warnings.push(`expected exactly one WebAssembly memory from onnxruntime-web, captured ${final.memoryCount}; memory.peak is the largest`);
  }
  if (opened.warmupStoppedBecause === 'cap') {
    warnings.push(
      `warm-up never settled (rolling median still moving, or the engine still compiling in the background, after ${opened.warmupMs.length} runs); timed runs may include warm-up effects, or pass --warmup <n>`,
    );
  }
  return { loads: cold.loads, workerWallMs: cold.workerWallMs, loadLooks: cold.looks, warmLoads, opened, inference, final, warnings };
}
