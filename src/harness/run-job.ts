/**
 * Runs one HarnessJob with whatever the host injects (clock, probe, model source, runtime import,
 * heap reading). The Node worker and the Chrome page both call this, so both measure alike.
 */
import type { Clock, HarnessOrt, WasmProbe } from './contracts.js';
import { buildFeeds } from './feeds.js';
import type { HarnessFailure, HarnessJob, HarnessResult } from './job.js';
import { FirstInferenceError, measureClockResolutionMs, measureInference } from './measure-inference.js';
import { measureLoad } from './measure-load.js';

export interface HarnessHost {
  clock: Clock;
  probe: WasmProbe;
  readModel: () => Promise<Uint8Array>;
  loadRuntime: () => Promise<HarnessOrt>;
  /** JS heap in use now, or null where the host cannot read it. */
  heapUsedBytes: () => number | null;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function failure(code: HarnessFailure['code'], message: string): HarnessFailure {
  return { kind: 'failure', code, message };
}

function describeFeeds(job: HarnessJob): string {
  return job.feeds.map((feed) => `${feed.name}: ${feed.dtype}[${feed.shape.join(',')}]${feed.fill === null ? '' : ` = ${feed.fill}`}`).join(', ');
}

export async function runHarnessJob(job: HarnessJob, host: HarnessHost): Promise<HarnessResult> {
  const { clock, probe } = host;
  let loaded;
  try {
    loaded = await measureLoad({ clock, probe, threads: job.threads, readModel: host.readModel, loadRuntime: host.loadRuntime });
  } catch (error) {
    return failure(
      'SESSION_CREATE_FAILED',
      `onnxruntime-web could not create a session: ${messageOf(error)}; check that the model's operators and opset are supported by onnxruntime-web's wasm backend (see \`wasm-torch-bench inspect\`)`,
    );
  }
  const base = {
    phases: loaded.phases,
    threadsUsed: loaded.threadsUsed,
    runtimeVersion: loaded.ort.env.versions?.web ?? null,
  };
  if (job.kind === 'load') {
    return { kind: 'load-result', ...base, wasmPeakBytes: probe.linearMemoryPeakBytes(), memoryCount: probe.memoryCount() };
  }
  let heapPeak: number | null = null;
  const sampleHeap = () => {
    const used = host.heapUsedBytes();
    if (used !== null) heapPeak = Math.max(heapPeak ?? 0, used);
  };
  sampleHeap();
  const feeds = buildFeeds(loaded.ort, job.feeds, job.seed);
  sampleHeap();
  let inference;
  try {
    inference = await measureInference({ clock, session: loaded.session, feeds, warmup: job.warmup, iterations: job.iterations, minTimeMs: job.minTimeMs, maxTimeMs: job.maxTimeMs });
  } catch (error) {
    const phase = error instanceof FirstInferenceError ? 'the first inference' : 'a warm-up run';
    return failure(
      'INFERENCE_FAILED',
      `run() failed in ${phase}: ${messageOf(error)}; the model rejected the generated inputs (${describeFeeds(job)}): check --input-shape and --input-value`,
    );
  }
  sampleHeap();
  const wasmPeakBytes = probe.linearMemoryPeakBytes();
  await loaded.session.release();
  return {
    kind: 'inference-result',
    ...base,
    inference,
    wasmPeakBytes,
    memoryCount: probe.memoryCount(),
    jsHeapPeakBytes: heapPeak,
    clockResolutionMs: measureClockResolutionMs(clock),
  };
}

/** Last-resort wrapper so a host always has a message to send back. */
export function internalFailure(error: unknown): HarnessFailure {
  return failure('INTERNAL', `worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}
