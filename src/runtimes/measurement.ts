/** What a runtime hands back for one trial (raw samples, nothing summarised), and the launcher API. */
import type { LoadPhasesMs } from '../harness/measure-load.js';
import type { InferenceSamples } from '../harness/measure-inference.js';
import type { OutputSnapshot } from '../harness/output-snapshot.js';
import type { RetainedSeries } from '../harness/measure-retained.js';
import type { SamplingJudge } from '../gate/sampling-judge.js';
import type { PairedSideFacts, ProgressEvent, Trial } from '../types.js';
import type { RunConfig } from '../config/run-config-schema.js';
import type { ProfileResult } from '../harness/job.js';
import type { ProfileJob } from '../harness/profile-job.js';
import type { OrtTraceEvent } from '../profile/ort-trace.js';
import type { InferenceBlock, LoadBlock, PairedJudge } from '../gate/ab-judge.js';

/** The inference workers (--repeat) within pooled samples: each worker's median and sample count, in order. */
export interface WorkerSplit {
  workerMediansMs: number[];
  workerSampleCounts: number[];
}

export interface MemoryPeaks {
  /** WebAssembly linear memory peak (byteLength after the trial; wasm memory never shrinks). */
  wasmPeakBytes: number | null;
  /** Peak resident set size of the worker process (Node child or Chrome renderer). */
  rssPeakBytes: number | null;
  /** Largest JS heap used seen at phase boundaries in the worker. */
  jsHeapPeakBytes: number | null;
  /** The figure memory.peak gates on, and what it is: linear memory (wasm) or RSS growth over the idle worker (native). */
  peakBytes: number | null;
  peakSource: 'wasm-linear-memory' | 'rss-growth';
}

/**
 * Warm loads (repeat visits): each a new session where the runtime is initialised (Node) or a new
 * page in the browser profile whose caches the filling visits filled (Chrome).
 */
export interface WarmLoadMeasurement {
  loads: LoadPhasesMs[];
  /** Wall time of each warm load as the host saw it (in Chrome: the page opened, loaded and closed). */
  workerWallMs: number[];
  looks: number;
  /** Loads (Chrome: visits that load and run the model) made first, to initialise the runtime and fill the caches. */
  fillLoads: number;
  /** Per warm load: whether the runtime's compiled WebAssembly came from the browser's code cache; null where no such cache applies. */
  codeCacheHits: (boolean | null)[];
  /** What the code cache did and why, in words. */
  codeCacheNote: string;
}

export interface TrialMeasurement {
  /** One entry per cold load, each from a fresh worker; none when only warm loads were asked for. */
  loads: LoadPhasesMs[];
  /** Wall time of each cold-load worker, start-up and teardown included (the tool's own cost around a load). */
  loadWorkerWallMs: number[];
  /** Times the sampling loop judged the cold loads; 0 for a fixed count. */
  loadLooks: number;
  /** Null (or absent) unless --load-temperature warm or both. */
  warmLoads?: WarmLoadMeasurement | null;
  /** Pooled over the inference workers (--repeat), with each worker's median. */
  inference: InferenceSamples & WorkerSplit;
  memory: MemoryPeaks;
  /** Memory after each create → run → release cycle (--retained-cycles); null when none were asked for. */
  retained: RetainedSeries | null;
  clockResolutionMs: number;
  threadsUsed: number | null;
  runtimeVersion: string | null;
  /** Whether the page was cross-origin isolated (SharedArrayBuffer, fine timers); null outside a browser. */
  crossOriginIsolated: boolean | null;
  /** File name of the runtime's WebAssembly module, where the host can see it was fetched. */
  wasmModule: string | null;
  /** Outputs of one run on the trial's feeds, for output parity; null with a note when unavailable. */
  outputs: OutputSnapshot[] | null;
  outputsNote: string | null;
  /** Runtime-printed warnings and honesty notes, deduplicated. */
  warnings: string[];
}

/** What a worker's jobs are made from. */
export type WorkerSettings = Pick<
  RunConfig,
  'loadRuns' | 'maxLoadRuns' | 'loadTemperature' | 'warmup' | 'iterations' | 'minTimeMs' | 'maxTimeMs' | 'timeoutMs' | 'memoryLimitBytes' | 'seed' | 'checkFinite' | 'repeat' | 'retainedCycles'
>;

/** When to stop sampling: the gate's judgement, handed down so runtimes need not know the gate. */
export type MeasureSettings = WorkerSettings & { judge: SamplingJudge };

export interface BrowserFacts {
  name: string;
  version: string;
  /** The executable launched; null when connected to a running browser. */
  executablePath: string | null;
  mode: 'launched' | 'connected';
}

export interface RuntimeFacts {
  browser?: BrowserFacts;
}

/** `wasm-torch-bench profile`: one profiling job in a fresh worker. */
export interface ProfileRequest {
  trial: Trial;
  job: Omit<ProfileJob, 'profileFilePrefix'>;
  /** Where the host writes its own traces (Chrome trace, CPU profile). */
  outDir: string;
  timeoutMs: number;
}

export interface ProfileCapture {
  result: ProfileResult;
  /** onnxruntime's profiler events, in Chrome trace event format. */
  events: OrtTraceEvent[];
  /** Traces the host wrote besides onnxruntime's. */
  files: { kind: 'chrome-trace' | 'cpuprofile'; path: string }[];
}

/** A runtime ready to measure trials (a browser launched, say); closed once the run is over. */
export interface RuntimeSession {
  measure(trial: Trial, settings: MeasureSettings, onProgress: (event: ProgressEvent) => void): Promise<TrialMeasurement>;
  /** Two sides of an A/B run measured as pairs (measure-paired.ts); throws a failure naming the side. */
  measurePaired(trials: PairedTrials, settings: PairedSettings, onEvent: (event: PairedEvent) => void): Promise<PairedMeasurement>;
  profile(request: ProfileRequest): Promise<ProfileCapture>;
  /** Facts for the environment fingerprint (e.g. the browser's name and version). */
  describe(): RuntimeFacts;
  close(): Promise<void>;
}

export interface RuntimeLauncher {
  /** Throws a RuntimeFailure (RUNTIME_UNAVAILABLE) with a hint when the runtime cannot start here. */
  open(config: Readonly<RunConfig>, env: NodeJS.ProcessEnv): Promise<RuntimeSession>;
}

/** What the A/B protocol needs: the run's sampling settings but the run's judge (it asks pairedJudge). */
export interface PairedSettings extends WorkerSettings {
  /** Confidence of the paired intervals: fixes the first block that can be judged. */
  confidence: number;
  pairedJudge: PairedJudge;
  /** False when every load metric's check is off: no cold-load blocks are measured. */
  measureLoads: boolean;
}

export type PairedStopReason = 'decided' | 'max-time';

export type { PairedSideFacts };

export interface PairedMeasurement {
  loadBlocks: LoadBlock[];
  loadStopReason: PairedStopReason;
  inferenceBlocks: InferenceBlock[];
  inferenceStopReason: PairedStopReason;
  a: PairedSideFacts;
  b: PairedSideFacts;
  warnings: string[];
}

export type PairedEvent = { kind: 'load-block'; blocks: number } | { kind: 'inference-block'; blocks: number };

export type PairedTrials = Record<'A' | 'B', Trial>;
