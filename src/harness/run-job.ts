/**
 * Runs harness jobs with whatever the host injects (clock, probe, model source, runtime import,
 * heap reading). The Node worker and the Chrome page both call these, so both measure alike.
 */
import type { Clock, HarnessSession, WasmProbe } from './contracts.js';
import { failureCause, isAllocationFailure, messageOf } from './failure-causes.js';
import { buildFeeds } from './feeds.js';
import type { ChunkRequest, ChunkResult, HarnessFailure, HarnessJob, InferenceFinal, InferenceOpened, LoadResult } from './job.js';
import { AUTO_WARMUP, FirstInferenceError, batchSizeFor, measureClockResolutionMs, medianOf, runFirstAndWarmup, runTimedChunk } from './measure-inference.js';
import { RuntimeImportError, SessionCreateError, measureLoad, type LoadedSession } from './measure-load.js';
import { measureRetained, type MemoryReader, type RetainedSeries } from './measure-retained.js';
import { snapshotOutputs, type SnapshotResult } from './output-snapshot.js';
import { outputProblems, type AdapterTensor, type RuntimeAdapter } from './runtime-adapter.js';
import type { FeedSpec } from '../types.js';

/** What failure messages say about the runtime, built-in or adapter. */
export interface RuntimeSource {
  /** "onnxruntime-web", or 'adapter "dense-wasm" (examples/dense-wasm/adapter.mjs)'. */
  label: string;
  /** A built-in runtime that cannot be imported is missing here (exit 3); an adapter file that cannot is broken (exit 2). */
  kind: 'built-in' | 'adapter';
  importHint: string;
  /** The message when init() or load() threw. */
  sessionFailure(step: 'init' | 'load', message: string): string;
  /** The message when a built-in runtime refuses the model's operators, opset or IR version. */
  unsupportedModel(message: string): string;
  /** What to do when the runtime runs out of memory. */
  outOfMemoryHint: string;
}

export interface HarnessHost {
  clock: Clock;
  probe: WasmProbe;
  readModel: () => Promise<Uint8Array>;
  /** Imports the runtime as an adapter; the built-ins lay `sessionOptions` over their own (profiling). */
  loadRuntime: (sessionOptions?: Record<string, unknown>) => Promise<RuntimeAdapter>;
  runtime: RuntimeSource;
  /** JS heap in use now, or null where the host cannot read it. */
  heapUsedBytes: () => number | null;
  /**
   * CPU ms used so far by threads other than the one running inference (the engine's background
   * compilers), where the host can read it and nothing else runs there; auto warm-up waits for it
   * to go quiet.
   */
  backgroundCpuMs?: () => number | null;
}

/** What the worker keeps between the chunks of one inference job. */
export interface InferenceState {
  host: HarnessHost;
  job: HarnessJob;
  adapter: RuntimeAdapter;
  session: HarnessSession;
  feeds: Record<string, AdapterTensor>;
  heapPeakBytes: number | null;
  batchSize: number;
}

/** An error's message; onnxruntime ends some with a newline, which would split the record's sentence. */
export function failure(code: HarnessFailure['code'], message: string): HarnessFailure {
  return { kind: 'failure', code, message };
}

/** Last-resort wrapper so a host always has a message to send back; a failed allocation is still out of memory. */
export function internalFailure(error: unknown): HarnessFailure {
  if (isAllocationFailure(error)) return outOfMemory('the worker', messageOf(error), GENERIC_MEMORY_HINT);
  return failure('INTERNAL', `worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}

const GENERIC_MEMORY_HINT = 'use smaller inputs (--input-shape) or a smaller model';

function outOfMemory(where: string, message: string, hint: string): HarnessFailure {
  return failure('OUT_OF_MEMORY', `${where} ran out of memory: ${message}; ${hint}`);
}

function describeValues(values: FeedSpec['values']): string {
  if (values === null) return '';
  switch (values.kind) {
    case 'constant':
      return ` = ${values.value}`;
    case 'uniform':
      return ` uniform in [${values.min}, ${values.max}]`;
    case 'normal':
      return ` ~ N(${values.mean}, ${values.std}²)`;
    case 'file':
      return ` from ${values.path}`;
  }
}

function describeFeeds(job: HarnessJob): string {
  return job.feeds.map((feed) => `${feed.name}: ${feed.dtype}[${feed.shape.join(',')}]${describeValues(feed.values)}`).join(', ');
}

/** A failed load as the failure record its cause calls for. */
export function loadFailure(error: unknown, runtime: RuntimeSource): HarnessFailure {
  if (error instanceof RuntimeImportError) {
    return failure(runtime.kind === 'adapter' ? 'ADAPTER_INVALID' : 'RUNTIME_UNAVAILABLE', `${runtime.label} could not be loaded: ${error.message}; ${runtime.importHint}`);
  }
  if (error instanceof SessionCreateError) {
    const message = messageOf(error);
    const cause = failureCause(message);
    if (cause === 'out-of-memory') return outOfMemory(`${runtime.label} creating the session`, message, runtime.outOfMemoryHint);
    // An adapter reads its own format; only onnxruntime's words are known here.
    if (runtime.kind === 'built-in' && cause === 'unsupported') return failure('MODEL_UNSUPPORTED', runtime.unsupportedModel(message));
    if (runtime.kind === 'built-in' && cause === 'corrupt') {
      return failure('MODEL_INVALID', `${runtime.label} could not parse the model: ${message}; the file is corrupt or truncated: export or download it again`);
    }
    return failure('SESSION_CREATE_FAILED', runtime.sessionFailure(error.step, message));
  }
  return internalFailure(error);
}

/** The job's onnxruntime session options (laid over the runtime's own); none for the defaults. */
export function sessionOptionsOf(job: Pick<HarnessJob, 'graphOptimization'>): Record<string, unknown> | undefined {
  return job.graphOptimization === null ? undefined : { graphOptimizationLevel: job.graphOptimization };
}

async function load(job: HarnessJob, host: HarnessHost): Promise<LoadedSession | HarnessFailure> {
  try {
    return await measureLoad({ clock: host.clock, probe: host.probe, threads: job.threads, readModel: host.readModel, loadRuntime: () => host.loadRuntime(sessionOptionsOf(job)) });
  } catch (error) {
    return loadFailure(error, host.runtime);
  }
}

function loadFacts(loaded: LoadedSession) {
  return { phases: loaded.phases, threadsUsed: loaded.threadsUsed, runtimeVersion: loaded.adapter.version ?? null };
}

function sampleHeap(state: { host: HarnessHost; heapPeakBytes: number | null }): void {
  const used = state.host.heapUsedBytes();
  if (used !== null) state.heapPeakBytes = Math.max(state.heapPeakBytes ?? 0, used);
}

/**
 * One load. A worker that loads again (warm loads: a new session where the runtime is already
 * initialised) releases each session once it is measured, as a server switching models would.
 */
export async function runLoadJob(job: HarnessJob, host: HarnessHost, options: { release?: boolean } = {}): Promise<LoadResult | HarnessFailure> {
  const loaded = await load(job, host);
  if ('kind' in loaded) return loaded;
  const result: LoadResult = { kind: 'load-result', ...loadFacts(loaded), wasmPeakBytes: host.probe.linearMemoryPeakBytes(), memoryCount: host.probe.memoryCount() };
  if (options.release) await loaded.session.release();
  return result;
}

/** An adapter's outputs that do not fit their dims or its declared outputs(); the message says which. */
class WrongOutputsError extends Error {}

/**
 * Checks an adapter's first outputs: tensors whose data fits their dims, and the declared outputs
 * (when it declares them) present with their dims and types. The built-in runtimes are trusted.
 */
function outputsCheck(loaded: LoadedSession, runtime: RuntimeSource): (outputs: unknown) => void {
  if (runtime.kind !== 'adapter') return () => undefined;
  return (outputs) => {
    const declared = loaded.adapter.outputs ? loaded.adapter.outputs(loaded.rawSession) : null;
    const problems = outputProblems(outputs, declared);
    if (problems.length > 0) {
      throw new WrongOutputsError(`${runtime.label}: run() returned wrong outputs: ${problems.join('; ')}; make run() return { name: { type, dims, data } } as outputs() declares`);
    }
  };
}

export async function openInference(job: HarnessJob, host: HarnessHost): Promise<{ state: InferenceState | null; result: InferenceOpened | HarnessFailure }> {
  const loaded = await load(job, host);
  if ('kind' in loaded) return { state: null, result: loaded };
  let feeds: Record<string, AdapterTensor>;
  try {
    feeds = buildFeeds(job.feeds, job.seed);
  } catch (error) {
    if (isAllocationFailure(error)) return { state: null, result: outOfMemory(`building the inputs (${describeFeeds(job)})`, messageOf(error), host.runtime.outOfMemoryHint) };
    throw error;
  }
  const state: InferenceState = { host, job, adapter: loaded.adapter, session: loaded.session, feeds, heapPeakBytes: null, batchSize: 1 };
  sampleHeap(state);
  try {
    const warm = await runFirstAndWarmup(host.clock, state.session, state.feeds, job.warmup, outputsCheck(loaded, host.runtime), host.backgroundCpuMs);
    const clockResolutionMs = measureClockResolutionMs(host.clock);
    // The settled end of warm-up says what one run costs now. --check-finite inspects every run's
    // outputs, which a batch would only do for its last run, so it keeps one run per sample.
    state.batchSize = job.checkFinite ? 1 : (job.batchSize ?? batchSizeFor(medianOf(warm.warmupMs.slice(-AUTO_WARMUP.window)) ?? warm.firstInferenceMs, clockResolutionMs));
    const chunk = await runTimedChunk({
      clock: host.clock,
      session: state.session,
      feeds: state.feeds,
      iterations: job.iterations,
      minTimeMs: job.minTimeMs,
      maxTimeMs: job.maxTimeMs,
      checkFinite: job.checkFinite,
      batchSize: state.batchSize,
    });
    sampleHeap(state);
    return {
      state,
      result: {
        kind: 'inference-opened',
        ...loadFacts(loaded),
        firstInferenceMs: warm.firstInferenceMs,
        warmupMs: warm.warmupMs,
        warmupStoppedBecause: warm.stoppedBecause,
        batchSize: state.batchSize,
        clockResolutionMs,
        chunk,
      },
    };
  } catch (error) {
    if (error instanceof WrongOutputsError) return { state: null, result: failure('INFERENCE_FAILED', error.message) };
    const phase = error instanceof FirstInferenceError ? 'the first inference' : 'a warm-up run';
    if (failureCause(messageOf(error)) === 'out-of-memory') return { state: null, result: outOfMemory(`run() in ${phase}`, messageOf(error), host.runtime.outOfMemoryHint) };
    return {
      state: null,
      result: failure(
        'INFERENCE_FAILED',
        host.runtime.kind === 'adapter'
          ? `${host.runtime.label}: run() threw in ${phase}: ${messageOf(error)}; check the adapter's run() with these inputs (${describeFeeds(job)}), or set them with --input-shape and --input-value`
          : `run() failed in ${phase}: ${messageOf(error)}; the model rejected the generated inputs (${describeFeeds(job)}): check --input-shape and --input-value`,
      ),
    };
  }
}

export async function continueInference(state: InferenceState, request: ChunkRequest): Promise<ChunkResult> {
  const chunk = await runTimedChunk({
    clock: state.host.clock,
    session: state.session,
    feeds: state.feeds,
    iterations: request.iterations,
    minTimeMs: 0,
    maxTimeMs: request.maxTimeMs,
    checkFinite: state.job.checkFinite,
    batchSize: state.batchSize,
  });
  sampleHeap(state);
  return { kind: 'chunk', chunk };
}

/** One more (untimed) run on the same feeds, whose outputs the parent compares across runtimes. */
async function outputsForParity(state: InferenceState): Promise<SnapshotResult> {
  try {
    return snapshotOutputs(await state.session.run(state.feeds));
  } catch (error) {
    return { outputs: null, note: `the run for output parity failed: ${messageOf(error)}` };
  }
}

export async function finishInference(state: InferenceState): Promise<InferenceFinal> {
  const snapshot = await outputsForParity(state);
  sampleHeap(state);
  const { probe } = state.host;
  const wasmPeakBytes = probe.linearMemoryPeakBytes();
  await state.session.release();
  return {
    kind: 'inference-final',
    wasmPeakBytes,
    memoryCount: probe.memoryCount(),
    jsHeapPeakBytes: state.heapPeakBytes,
    outputs: snapshot.outputs,
    outputsNote: snapshot.note,
    retained: null,
  };
}

/** The job's retained-memory cycles, on the finished state's runtime and feeds (its session released). */
export function retainedAfter(state: InferenceState, reader: MemoryReader): Promise<RetainedSeries> {
  const { host, job } = state;
  return measureRetained(
    {
      adapter: state.adapter,
      readModel: host.readModel,
      feeds: state.feeds,
      threads: job.threads,
      wasmBytes: () => (host.probe.memoryCount() > 0 ? host.probe.linearMemoryPeakBytes() : null),
      reader,
      now: () => host.clock.now(),
    },
    job.retainedCycles,
  );
}
