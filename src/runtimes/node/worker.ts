/**
 * The Node worker process, for node-wasm (onnxruntime-web) and node-native (onnxruntime-node). It
 * installs the wasm probe BEFORE any runtime is imported, then answers the parent: a 'load' job
 * with one cold load; 'warm-open' with a load that initialises the runtime, then each 'warm-load'
 * with one more (a new session, the previous one released); an 'inference' job by opening a
 * session and sending the first timed chunk, then further chunks on 'continue', and memory, clock
 * and outputs on 'finish'. Samples travel only between timed chunks, never during one.
 */
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { adapterSource, importAdapter, type AdapterRef } from '../../harness/adapter-module.js';
import type { Clock, HarnessOrt } from '../../harness/contracts.js';
import type { HarnessJob } from '../../harness/job.js';
import { installWasmProbe } from '../../harness/memory-probe.js';
import { ortAdapter } from '../../harness/ort-adapter.js';
import type { RuntimeAdapter } from '../../harness/runtime-adapter.js';
import { NATIVE_FLAVOUR, WASM_FLAVOUR, builtInSource, type RuntimeModuleRef } from '../../harness/runtime-flavour.js';
import { backgroundCpuMs } from './background-cpu.js';
import { continueInference, finishInference, internalFailure, openInference, retainedAfter, runLoadJob, type HarnessHost, type InferenceState } from '../../harness/run-job.js';
import { runProfileJob } from '../../harness/profile-job.js';
import { hungRuns } from '../../harness/hung-runs.js';
import { idleModelBytes } from './idle-model.js';
import { NO_FAULTS, type PlantedFaults } from '../planted-faults.js';
import { nodeMemoryReader } from './memory-reader.js';
import { peakRssBytes, resetPeakRss } from './peak-rss.js';
import type { NodeRuntimeName, ParentMessage, WorkerMessage } from './protocol.js';

const clock: Clock = { now: () => performance.now() };
const probe = installWasmProbe(clock);
/** Open inference sessions by slot; the worker exits when the last one finishes. */
const states = new Map<string, InferenceState>();
const MAIN_SLOT = 'main';
/** The job and host of a warm-load worker: every 'warm-load' loads the same model again. */
let warm: { job: HarnessJob; host: HarnessHost } | null = null;
/** RSS of the idle worker with the runtime loaded (node-native inference jobs). */
let idleRssBytes: number | null = null;

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

const runtimeModules: Record<NodeRuntimeName, () => Promise<unknown>> = {
  'node-wasm': () => import('onnxruntime-web'),
  // Optional dependency: its absence is reported as RUNTIME_UNAVAILABLE for node-native only.
  'node-native': () => import('onnxruntime-node'),
};

/**
 * Test hook (slow-run-ms in WTB_TEST_FAULTS, see planted-faults.ts): every run() busy-waits that
 * long first, a slowed harness whose regression the baseline tests must catch.
 */
function slowedRuns(adapter: RuntimeAdapter, extraMs: number): RuntimeAdapter {
  return {
    ...adapter,
    run: (session, feeds) => {
      const until = performance.now() + extraMs;
      while (performance.now() < until);
      return adapter.run(session, feeds);
    },
  };
}

/** Test hook (stretch-run in WTB_TEST_FAULTS): every run() busy-waits `fraction` of its own time after it. */
function stretchedRuns(adapter: RuntimeAdapter, fraction: number): RuntimeAdapter {
  return {
    ...adapter,
    run: async (session, feeds) => {
      const startedAt = performance.now();
      const outputs = await adapter.run(session, feeds);
      const until = performance.now() + (performance.now() - startedAt) * fraction;
      while (performance.now() < until);
      return outputs;
    },
  };
}

/** The trial's copy of the package (its entry as a file URL), else the tool's own by name. */
async function importOrt(runtime: NodeRuntimeName, runtimeModule: RuntimeModuleRef | null): Promise<HarnessOrt> {
  const module = (await (runtimeModule ? import(runtimeModule.url) : runtimeModules[runtime]())) as HarnessOrt & { default?: HarnessOrt };
  return module.default ?? module;
}

const flavourOf = (runtime: NodeRuntimeName) => (runtime === 'node-native' ? NATIVE_FLAVOUR : WASM_FLAVOUR);

interface RuntimeChoice {
  runtime: NodeRuntimeName;
  runtimeModule: RuntimeModuleRef | null;
  adapter: AdapterRef | null;
}

async function loadRuntime({ runtime, runtimeModule, adapter }: RuntimeChoice, sessionOptions?: Record<string, unknown>, faults: PlantedFaults = NO_FAULTS): Promise<RuntimeAdapter> {
  const loaded = adapter ? await importAdapter(adapter.url) : ortAdapter(await importOrt(runtime, runtimeModule), flavourOf(runtime), sessionOptions);
  if (faults.hangRun) return hungRuns(loaded);
  const slowed = faults.slowRunMs > 0 ? slowedRuns(loaded, faults.slowRunMs) : loaded;
  return faults.stretchRun > 0 ? stretchedRuns(slowed, faults.stretchRun) : slowed;
}

function host(modelPath: string, choice: RuntimeChoice, faults: PlantedFaults | null = null): HarnessHost {
  const { runtime, runtimeModule, adapter } = choice;
  return {
    clock,
    probe,
    readModel: async () => new Uint8Array(await readFile(modelPath)),
    loadRuntime: (sessionOptions) => loadRuntime(choice, sessionOptions, faults ?? NO_FAULTS),
    runtime: adapter ? adapterSource(adapter.label) : builtInSource(flavourOf(runtime), runtimeModule),
    heapUsedBytes: () => process.memoryUsage().heapUsed,
  };
}

/**
 * This process with onnxruntime-node loaded and its environment set up, but no model: the RSS
 * that node-native's memory.peak grows from. (Load times come from the load workers, so the work
 * done here costs no measurement.) Null when the runtime cannot load; the job then reports why.
 */
async function idleNativeBaseline(threads: number, runtimeModule: RuntimeModuleRef | null): Promise<number | null> {
  try {
    const native = await loadRuntime({ runtime: 'node-native', runtimeModule, adapter: null });
    await native.dispose?.(await native.load(idleModelBytes(), { threads }));
    return resetPeakRss();
  } catch {
    return null;
  }
}

async function answer(message: ParentMessage): Promise<{ reply: WorkerMessage; done: boolean }> {
  switch (message.kind) {
    case 'job': {
      // Test hook: a worker killed from outside, as the OS's out-of-memory killer would.
      if (message.faults.killWorker) process.kill(process.pid, 'SIGKILL');
      const jobHost = host(message.modelPath, message, message.faults);
      // Only a single-threaded wasm runtime leaves the background threads to the engine's
      // compilers: onnxruntime-web's own threads, or native ones, would keep them busy for good.
      if (message.runtime === 'node-wasm' && !message.adapter && message.job.threads === 1) jobHost.backgroundCpuMs = backgroundCpuMs;
      if (message.job.kind === 'load') return { reply: await runLoadJob(message.job, jobHost), done: true };
      if (message.runtime === 'node-native' && !message.adapter && idleRssBytes === null) idleRssBytes = await idleNativeBaseline(message.job.threads, message.runtimeModule);
      const opened = await openInference(message.job, jobHost);
      if (opened.state) states.set(message.slot ?? MAIN_SLOT, opened.state);
      return { reply: opened.result, done: states.size === 0 };
    }
    case 'profile':
      return { reply: await runProfileJob(message.job, host(message.modelPath, { ...message, adapter: null })), done: true };
    case 'warm-open': {
      if (message.faults.killWorker) process.kill(process.pid, 'SIGKILL');
      warm = { job: message.job, host: host(message.modelPath, message, message.faults) };
      const reply = await runLoadJob(warm.job, warm.host, { release: true });
      return { reply, done: reply.kind === 'failure' };
    }
    case 'warm-load': {
      if (!warm) return { reply: internalFailure(new Error('warm-load before warm-open')), done: true };
      const reply = await runLoadJob(warm.job, warm.host, { release: true });
      return { reply, done: reply.kind === 'failure' };
    }
    case 'continue': {
      const state = states.get(message.slot ?? MAIN_SLOT);
      if (!state) return { reply: internalFailure(new Error('continue before an inference job')), done: true };
      return { reply: await continueInference(state, message), done: false };
    }
    case 'finish': {
      const slot = message.slot ?? MAIN_SLOT;
      const state = states.get(slot);
      if (!state) return { reply: internalFailure(new Error('finish before an inference job')), done: true };
      states.delete(slot);
      const final = await finishInference(state);
      // The peaks are read before the retained-memory cycles, which are not part of the trial's peak.
      const rssPeak = peakRssBytes();
      // maxRSS is in KiB on Linux and macOS; it spans the whole life of the process.
      const rssPeakBytes = process.resourceUsage().maxRSS * 1024;
      return {
        reply: {
          ...final,
          retained: state.job.retainedCycles > 0 ? await retainedAfter(state, nodeMemoryReader()) : null,
          rssPeakBytes,
          rssGrowthBytes: idleRssBytes === null ? null : Math.max(0, rssPeak - idleRssBytes),
        },
        done: states.size === 0,
      };
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
