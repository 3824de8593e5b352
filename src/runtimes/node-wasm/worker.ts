/**
 * The node-wasm worker process: one cold load (job 'load') or one load + inference phase
 * (job 'inference'). It installs the wasm probe BEFORE importing onnxruntime-web, runs the shared
 * harness, sends raw samples to the parent once the phase is done, and exits.
 */
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { Clock, HarnessOrt } from '../../harness/contracts.js';
import { installWasmProbe } from '../../harness/memory-probe.js';
import { internalFailure, runHarnessJob } from '../../harness/run-job.js';
import type { WorkerJob, WorkerMessage } from './protocol.js';

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

async function runJob(job: WorkerJob): Promise<WorkerMessage> {
  const result = await runHarnessJob(job, {
    clock,
    probe,
    readModel: async () => new Uint8Array(await readFile(job.modelPath)),
    loadRuntime,
    heapUsedBytes: () => process.memoryUsage().heapUsed,
  });
  if (result.kind !== 'inference-result') return result;
  // maxRSS is in KiB on Linux and macOS.
  return { ...result, rssPeakBytes: process.resourceUsage().maxRSS * 1024 };
}

process.once('message', (job: WorkerJob) => {
  runJob(job)
    .catch(internalFailure)
    .then(send)
    .then(() => {
      process.disconnect?.();
      // Thread-pool workers of a multi-threaded wasm runtime would keep the process alive.
      process.exit(0);
    });
});
