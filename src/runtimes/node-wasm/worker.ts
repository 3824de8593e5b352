/**
 * The node-wasm worker process. It installs the wasm probe BEFORE importing onnxruntime-web, then
 * answers the parent: a 'load' job with one cold load; an 'inference' job by opening a session
 * and sending the first timed chunk, then further chunks on 'continue', and memory and clock
 * facts on 'finish'. Samples travel only between timed chunks, never during one.
 */
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { Clock, HarnessOrt } from '../../harness/contracts.js';
import { installWasmProbe } from '../../harness/memory-probe.js';
import { continueInference, finishInference, internalFailure, openInference, runLoadJob, type HarnessHost, type InferenceState } from '../../harness/run-job.js';
import type { ParentMessage, WorkerMessage } from './protocol.js';

const clock: Clock = { now: () => performance.now() };
const probe = installWasmProbe(clock);
let state: InferenceState | null = null;

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, undefined, () => resolve());
  });
}

function exit(): void {
  process.disconnect?.();
  // Thread-pool workers of a multi-threaded wasm runtime would keep the process alive.
  process.exit(0);
}

async function loadRuntime(): Promise<HarnessOrt> {
  const module = (await import('onnxruntime-web')) as unknown as HarnessOrt & { default?: HarnessOrt };
  return module.default ?? module;
}

function host(modelPath: string): HarnessHost {
  return {
    clock,
    probe,
    readModel: async () => new Uint8Array(await readFile(modelPath)),
    loadRuntime,
    heapUsedBytes: () => process.memoryUsage().heapUsed,
  };
}

async function answer(message: ParentMessage): Promise<{ reply: WorkerMessage; done: boolean }> {
  switch (message.kind) {
    case 'job': {
      if (message.job.kind === 'load') return { reply: await runLoadJob(message.job, host(message.modelPath)), done: true };
      const opened = await openInference(message.job, host(message.modelPath));
      state = opened.state;
      return { reply: opened.result, done: state === null };
    }
    case 'continue':
      if (!state) return { reply: internalFailure(new Error('continue before an inference job')), done: true };
      return { reply: await continueInference(state, message), done: false };
    case 'finish': {
      if (!state) return { reply: internalFailure(new Error('finish before an inference job')), done: true };
      const final = await finishInference(state);
      // maxRSS is in KiB on Linux and macOS.
      return { reply: { ...final, rssPeakBytes: process.resourceUsage().maxRSS * 1024 }, done: true };
    }
  }
}

process.on('message', (message: ParentMessage) => {
  answer(message)
    .catch((error: unknown) => ({ reply: internalFailure(error), done: true }))
    .then(async ({ reply, done }) => {
      await send(reply);
      if (done) exit();
    });
});
