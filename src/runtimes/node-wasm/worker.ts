/**
 * The node-wasm worker process: one cold load (job 'load') or one load + inference phase
 * (job 'inference'). It installs the wasm probe BEFORE importing onnxruntime-web, runs the shared
 * harness, sends raw samples to the parent once the phase is done, and exits.
 */
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { Clock, HarnessOrt } from '../../harness/contracts.js';
import { buildFeeds } from '../../harness/feeds.js';
import { installWasmProbe } from '../../harness/memory-probe.js';
import { FirstInferenceError, measureClockResolutionMs, measureInference } from '../../harness/measure-inference.js';
import { measureLoad } from '../../harness/measure-load.js';
import type { WorkerFailure, WorkerJob, WorkerMessage } from './protocol.js';

const clock: Clock = { now: () => performance.now() };
const probe = installWasmProbe(clock);

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, undefined, () => resolve());
  });
}

async function loadRuntime(): Promise<HarnessOrt> {
  const module = (await import('onnxruntime-web')) as unknown as HarnessOrt & { default?: HarnessOrt };
  return module.default ?? module;
}

function heapUsedBytes(): number {
  return process.memoryUsage().heapUsed;
}

async function runJob(job: WorkerJob): Promise<WorkerMessage> {
  let loaded;
  try {
    loaded = await measureLoad({ clock, probe, threads: job.threads, readModel: async () => new Uint8Array(await readFile(job.modelPath)), loadRuntime });
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
  let heapPeak = heapUsedBytes();
  const feeds = buildFeeds(loaded.ort, job.feeds, job.seed);
  heapPeak = Math.max(heapPeak, heapUsedBytes());
  let inference;
  try {
    inference = await measureInference({ clock, session: loaded.session, feeds, warmup: job.warmup, iterations: job.iterations, minTimeMs: job.minTimeMs, maxTimeMs: job.maxTimeMs });
  } catch (error) {
    const phase = error instanceof FirstInferenceError ? 'the first inference' : 'a warm-up run';
    const fed = job.feeds.map((feed) => `${feed.name}: ${feed.dtype}[${feed.shape.join(',')}]${feed.fill === null ? '' : ` = ${feed.fill}`}`).join(', ');
    return failure(
      'INFERENCE_FAILED',
      `run() failed in ${phase}: ${messageOf(error)}; the model rejected the generated inputs (${fed}): check --input-shape and --input-value`,
    );
  }
  heapPeak = Math.max(heapPeak, heapUsedBytes());
  const wasmPeakBytes = probe.linearMemoryPeakBytes();
  await loaded.session.release();
  return {
    kind: 'inference-result',
    ...base,
    inference,
    wasmPeakBytes,
    memoryCount: probe.memoryCount(),
    // maxRSS is in KiB on Linux and macOS.
    rssPeakBytes: process.resourceUsage().maxRSS * 1024,
    jsHeapPeakBytes: heapPeak,
    clockResolutionMs: measureClockResolutionMs(clock),
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function failure(code: WorkerFailure['code'], message: string): WorkerFailure {
  return { kind: 'failure', code, message };
}

process.once('message', (job: WorkerJob) => {
  runJob(job)
    .catch((error: unknown) => failure('INTERNAL', `worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`))
    .then(send)
    .then(() => {
      process.disconnect?.();
      // Thread-pool workers of a multi-threaded wasm runtime would keep the process alive.
      process.exit(0);
    });
});
