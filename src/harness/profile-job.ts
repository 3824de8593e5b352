/**
 * A profiling job: one runtime, one model, onnxruntime's profiler on. Plain ESM, no Node or DOM
 * imports: it runs in the Node worker and in the Chrome page, like the other jobs.
 *
 * 1. Loads the runtime and creates a session with enableProfiling, sampling the wasm linear
 *    memory every millisecond it can (between the runtime's awaits: memory grows inside wasm,
 *    where JavaScript cannot look) and at each phase boundary, so jumps show when and to what.
 * 2. Times `runs` runs on it, then ends profiling: onnxruntime-web prints the trace events on the
 *    console (the host collects them); onnxruntime-node writes them to a file.
 * 3. Times `runs` runs on a second session without profiling: the profiler's own overhead.
 */
import type { Clock, HarnessSession, WasmProbe } from './contracts.js';
import { buildFeeds } from './feeds.js';
import type { HarnessFailure, MemoryPoint, ProfileResult } from './job.js';
import { bindSession, measureLoad } from './measure-load.js';
import { messageOf } from './failure-causes.js';
import { failure, internalFailure, loadFailure, sessionOptionsOf, type HarnessHost } from './run-job.js';
import type { FeedSpec, GraphOptimizationLevel } from '../types.js';

/** Runs before timing on each session (the first one included, timed as firstRunMs). */
export const WARMUP_RUNS = 3;

export interface ProfileJob {
  kind: 'profile';
  threads: number;
  feeds: FeedSpec[];
  seed: number;
  /** Timed runs with the profiler on, and as many without. */
  runs: number;
  /** onnxruntime's graphOptimizationLevel for both sessions; null: the runtime's default. */
  graphOptimization: GraphOptimizationLevel | null;
  /** onnxruntime-node writes its trace to `<prefix>_<date>.json`; null for onnxruntime-web. */
  profileFilePrefix: string | null;
}

/** Records the wasm memory size whenever it changes, polling between the runtime's awaits. */
function memoryTimeline(clock: Clock, probe: WasmProbe, startMs: number) {
  const points: MemoryPoint[] = [];
  let phase = 'load (runtime init, session create)';
  let timer: ReturnType<typeof setTimeout> | null = null;
  const sample = (label: string) => {
    const wasmBytes = probe.linearMemoryPeakBytes();
    const last = points.at(-1);
    if (!last || last.wasmBytes !== wasmBytes || !label.startsWith('during ')) points.push({ atMs: clock.now() - startMs, phase: label, wasmBytes });
  };
  const poll = () => {
    sample(`during ${phase}`);
    timer = setTimeout(poll, 1);
  };
  return {
    points,
    start() {
      poll();
    },
    mark(label: string, next: string) {
      sample(label);
      phase = next;
    },
    stop() {
      if (timer !== null) clearTimeout(timer);
    },
  };
}

async function timeRuns(clock: Clock, session: HarnessSession, feeds: Parameters<HarnessSession['run']>[0], runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = clock.now();
    await session.run(feeds);
    times.push(clock.now() - start);
  }
  return times;
}

export async function runProfileJob(job: ProfileJob, host: HarnessHost): Promise<ProfileResult | HarnessFailure> {
  const startMs = host.clock.now();
  const memory = memoryTimeline(host.clock, host.probe, startMs);
  memory.start();
  const sessionOptions = sessionOptionsOf(job);
  const profiling = { ...sessionOptions, enableProfiling: true, ...(job.profileFilePrefix ? { profileFilePrefix: job.profileFilePrefix } : {}) };
  // Read once: the second, plain session is made from the same bytes.
  let modelBytes: Uint8Array | null = null;
  const readModel = async () => (modelBytes ??= await host.readModel());
  let loaded: Awaited<ReturnType<typeof measureLoad>>;
  try {
    loaded = await measureLoad({ clock: host.clock, probe: host.probe, threads: job.threads, readModel, loadRuntime: () => host.loadRuntime(profiling) });
  } catch (error) {
    memory.stop();
    return loadFailure(error, host.runtime);
  }
  // What was under way when something threw: it decides the failure's code.
  let stage: 'feeds' | 'runs' | 'plain session' | 'teardown' = 'feeds';
  try {
    memory.mark('session created', 'first run');
    const feeds = buildFeeds(job.feeds, job.seed);
    stage = 'runs';
    const firstStart = host.clock.now();
    await loaded.session.run(feeds);
    const firstRunMs = host.clock.now() - firstStart;
    memory.mark('first run done', 'warm-up');
    // The same warm-up on both sessions: the first run (timed above) and two more.
    await timeRuns(host.clock, loaded.session, feeds, WARMUP_RUNS - 1);
    memory.mark('warm-up done', 'timed runs');
    const profiledRunsMs = await timeRuns(host.clock, loaded.session, feeds, job.runs);
    memory.mark('timed runs done', 'end');
    memory.stop();
    stage = 'teardown';
    await loaded.session.release();
    stage = 'plain session';
    const plainAdapter = await host.loadRuntime(sessionOptions);
    const plain = bindSession(plainAdapter, await plainAdapter.load(await readModel(), { threads: job.threads }));
    stage = 'runs';
    await timeRuns(host.clock, plain, feeds, WARMUP_RUNS);
    const plainRunsMs = await timeRuns(host.clock, plain, feeds, job.runs);
    stage = 'teardown';
    await plain.release();
    return {
      kind: 'profile-result',
      runtimeVersion: loaded.adapter.version ?? null,
      threadsUsed: loaded.threadsUsed,
      phases: { readMs: loaded.phases.readMs, runtimeInitMs: loaded.phases.runtimeInitMs, sessionCreateMs: loaded.phases.sessionCreateMs, firstRunMs },
      memory: memory.points,
      profiledRunsMs,
      plainRunsMs,
    };
  } catch (error) {
    memory.stop();
    if (stage === 'runs') return failure('INFERENCE_FAILED', `run() failed while profiling: ${messageOf(error)}; check the input shapes and values`);
    if (stage === 'plain session') return failure('SESSION_CREATE_FAILED', `${host.runtime.label} could not create the session without the profiler: ${messageOf(error)}`);
    return internalFailure(error);
  }
}
