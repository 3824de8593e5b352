/**
 * node-wasm (onnxruntime-web's WebAssembly backend in Node) and node-native (onnxruntime-node's
 * CPU provider, the reference). Each cold load runs in a fresh child process, then the inference
 * phase in one more, so no load is flattered by another's caches.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RuntimeFailure } from '../../errors.js';
import { killOnExit, removeOnExit } from '../../io/exit-cleanup.js';
import { formatMs } from '../../format.js';
import type { HarnessJob, InferenceOpened, LoadResult } from '../../harness/job.js';
import type { ProgressEvent, Trial } from '../../types.js';
import { adapterLabel } from '../adapter/load-adapter.js';
import { measureInWorkers, trialMeasurement, type InferenceHandle, type WarmLoadRunner, type WorkerRunners } from '../measure-in-workers.js';
import { measurePairedInWorkers, type SharedInferenceOpener } from '../measure-paired.js';
import type { ProfileJob } from '../../harness/profile-job.js';
import { parseOrtTrace } from '../../profile/ort-trace.js';
import type {
  MeasureSettings,
  PairedEvent,
  PairedMeasurement,
  PairedSettings,
  PairedTrials,
  ProfileCapture,
  ProfileRequest,
  RuntimeLauncher,
  RuntimeSession,
  TrialMeasurement,
} from '../measurement.js';
import type { WorkerSettings } from '../measurement.js';
import type { NodeRuntimeName, ParentMessage, WorkerInferenceFinal, WorkerMessage } from './protocol.js';
import { collectWarnings } from './runtime-warnings.js';
import { memoryLimitMessage, watchMemory, type MemoryWatch } from '../memory-watchdog.js';
import { plantedFaults } from '../planted-faults.js';
import { workerExitFailure } from './worker-exit.js';
import { nodeRuntimeModule } from '../packages/runtime-package-entries.js';

const WORKER_PATH = fileURLToPath(new URL('./worker.js', import.meta.url));
const STDERR_TAIL_CHARS = 2000;
/** Time a profiled worker gets to write its CPU profile as it exits. */
const CPU_PROFILE_GRACE_MS = 10_000;

/**
 * One worker process and its conversation: one request at a time, each answered by one message.
 * A crash or the deadline (for the worker's whole life) rejects the pending request.
 */
class WorkerChannel {
  private readonly child: ChildProcess;
  private stderrText = '';
  private pending: { resolve(message: WorkerMessage): void; reject(error: Error): void } | null = null;
  private ended: Error | null = null;
  private timer: NodeJS.Timeout;
  private readonly memoryWatch: MemoryWatch | null = null;

  private stdoutText = '';

  constructor(
    private readonly runtime: NodeRuntimeName,
    private readonly role: HarnessJob['kind'] | 'warm-load' | 'profile',
    timeoutMs: number,
    live: Set<ChildProcess>,
    options: { execArgv?: string[]; keepStdout?: boolean; memoryLimitBytes?: number | null } = {},
  ) {
    const limitBytes = options.memoryLimitBytes ?? null;
    this.child = fork(WORKER_PATH, [], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
      // Never inherit the parent's flags (a test runner's loaders, inspectors). Under a memory
      // limit the JS heap gets it too (wasm memory is outside the heap: the watchdog covers that).
      execArgv: [...(options.execArgv ?? []), ...(limitBytes === null ? [] : [`--max-old-space-size=${Math.max(16, Math.floor(limitBytes / 1024 ** 2))}`])],
    });
    live.add(this.child);
    const untrack = killOnExit(this.child.pid);
    const { pid } = this.child;
    if (limitBytes !== null && pid !== undefined) {
      this.memoryWatch = watchMemory(
        () => [pid],
        limitBytes,
        (_pid, rssBytes) => {
          this.end(new RuntimeFailure('OUT_OF_MEMORY', memoryLimitMessage(`the ${runtime} ${role} worker`, rssBytes, limitBytes)));
          this.child.kill('SIGKILL');
        },
      );
    }
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderrText = (this.stderrText + chunk).slice(-64 * 1024);
    });
    if (options.keepStdout) this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.stdoutText += chunk));
    else this.child.stdout?.resume();
    this.child.on('message', (message: WorkerMessage) => {
      const pending = this.pending;
      this.pending = null;
      pending?.resolve(message);
    });
    this.timer = this.deadline(timeoutMs, role === 'inference' ? ' or lower --max-time' : '');
    this.child.on('error', (error) => this.end(new RuntimeFailure('WORKER_CRASHED', `could not start the ${runtime} worker: ${error.message}`, { cause: error })));
    this.child.on('exit', (code, signal) => {
      clearTimeout(this.timer);
      this.memoryWatch?.stop();
      live.delete(this.child);
      untrack();
      this.end(workerExitFailure(`the ${runtime} ${role} worker`, code, signal, this.stderrText.trim().slice(-STDERR_TAIL_CHARS)));
    });
  }

  private deadline(timeoutMs: number, otherRemedy: string): NodeJS.Timeout {
    return setTimeout(() => {
      this.end(
        new RuntimeFailure(
          'WORKER_TIMEOUT',
          `the ${this.runtime} ${this.role} worker did not finish within ${formatMs(timeoutMs)} and was killed; raise --timeout (or "timeout" in the config)${otherRemedy}`,
        ),
      );
      this.child.kill('SIGKILL');
    }, timeoutMs);
  }

  /** A new deadline from now, for a job or phase of its own: each warm load, the retained-memory cycles. */
  rearm(timeoutMs: number, otherRemedy = ''): void {
    if (this.ended) return;
    clearTimeout(this.timer);
    this.timer = this.deadline(timeoutMs, otherRemedy);
  }

  get stderr(): string {
    return this.stderrText;
  }

  /** What the worker printed (kept with keepStdout: onnxruntime-web prints its profile there). */
  get stdout(): string {
    return this.stdoutText;
  }

  /** Waits for the worker to exit by itself (it writes its CPU profile on the way out); kills it after graceMs. */
  async exited(graceMs: number): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  private end(error: Error): void {
    this.ended ??= error;
    const pending = this.pending;
    this.pending = null;
    pending?.reject(this.ended);
  }

  /** Sends a message and waits for the answer; a failure answer becomes a RuntimeFailure. */
  async request<K extends WorkerMessage['kind']>(message: ParentMessage, kind: K): Promise<Extract<WorkerMessage, { kind: K }>> {
    if (this.ended) throw this.ended;
    const reply = await new Promise<WorkerMessage>((resolve, reject) => {
      this.pending = { resolve, reject };
      this.child.send(message);
    });
    if (reply.kind === 'failure') throw new RuntimeFailure(reply.code, reply.message);
    if (reply.kind !== kind) throw new RuntimeFailure('INTERNAL', `the ${this.role} worker sent ${reply.kind} where ${kind} was expected`);
    return reply as Extract<WorkerMessage, { kind: K }>;
  }

  /**
   * Ends the process once it has nothing left to say. It would exit by itself, but a Node process
   * holding a large wasm module can take over a second to tear down (1.4 s for PP-OCR rec, while V8
   * finishes background compile jobs): time that measures nothing and slows every cold load.
   */
  stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGKILL');
    return exited;
  }
}

/** What a warm load is in Node, where no compiled-code cache outlives a process. */
export function nodeWarmLoadNote(runtime: NodeRuntimeName, adapterLabel: string | null): string {
  const what = adapterLabel ?? (runtime === 'node-native' ? 'onnxruntime-node' : 'onnxruntime-web');
  const why = runtime === 'node-native' && !adapterLabel ? `${what} is native code` : 'Node keeps no compiled-wasm cache between processes';
  return `not applicable: ${why}; each warm load is a new session in a worker where ${what} is already initialised by a first load`;
}

/** What a worker imports for a trial: its adapter, or its onnxruntime package. */
function trialModules(trial: Trial): Pick<Extract<ParentMessage, { kind: 'job' }>, 'adapter' | 'runtimeModule'> {
  return {
    adapter: trial.adapter ? { url: pathToFileURL(trial.adapter.path).href, label: adapterLabel(trial.adapter) } : null,
    runtimeModule: trial.adapter ? null : nodeRuntimeModule(trial.runtimePackage),
  };
}

/** Fresh workers for one trial's jobs (the warm loads share one); their stderr is collected into `stderrs`. */
function workerRunners(runtime: NodeRuntimeName, trial: Trial, settings: WorkerSettings, live: Set<ChildProcess>, env: NodeJS.ProcessEnv, stderrs: string[]): WorkerRunners<WorkerInferenceFinal> {
  const modelPath = trial.model.path;
  const modules = trialModules(trial);
  const channelOptions = { memoryLimitBytes: settings.memoryLimitBytes };
  return {
    async load(job): Promise<LoadResult> {
      const channel = new WorkerChannel(runtime, 'load', settings.timeoutMs, live, channelOptions);
      try {
        const faults = plantedFaults(env, 'load', modelPath);
        return await channel.request({ kind: 'job', job, modelPath, runtime, ...modules, faults }, 'load-result');
      } finally {
        await channel.stop();
        stderrs.push(channel.stderr);
      }
    },
    async openWarmLoads(job): Promise<WarmLoadRunner> {
      const channel = new WorkerChannel(runtime, 'warm-load', settings.timeoutMs, live, channelOptions);
      const stop = async () => {
        await channel.stop();
        stderrs.push(channel.stderr);
      };
      try {
        const faults = plantedFaults(env, 'load', modelPath);
        await channel.request({ kind: 'warm-open', job, modelPath, runtime, ...modules, faults }, 'load-result');
      } catch (error) {
        await stop();
        throw error;
      }
      return {
        fillLoads: 1,
        load: async () => {
          channel.rearm(settings.timeoutMs);
          return { result: await channel.request({ kind: 'warm-load' }, 'load-result'), codeCacheHit: null };
        },
        close: async () => {
          await stop();
          return nodeWarmLoadNote(runtime, modules.adapter?.label ?? null);
        },
      };
    },
    async openInference(job): Promise<InferenceHandle<WorkerInferenceFinal>> {
      const channel = new WorkerChannel(runtime, 'inference', settings.timeoutMs + settings.maxTimeMs, live, channelOptions);
      const faults = plantedFaults(env, 'inference', modelPath);
      let opened: InferenceOpened;
      try {
        opened = await channel.request({ kind: 'job', job, modelPath, runtime, ...modules, faults }, 'inference-opened');
      } catch (error) {
        await channel.stop();
        stderrs.push(channel.stderr);
        throw error;
      }
      return {
        opened,
        more: async (request) => (await channel.request({ kind: 'continue', ...request }, 'chunk')).chunk,
        finish: async () => {
          try {
            if (job.retainedCycles > 0) channel.rearm(settings.timeoutMs, ' or lower --retained-cycles');
            return await channel.request({ kind: 'finish' }, 'inference-final');
          } finally {
            await channel.stop();
            stderrs.push(channel.stderr);
          }
        },
      };
    },
  };
}

/**
 * One inference worker holding both sides' sessions, each in its slot; it exits when both have
 * finished (or stops with the first failure).
 */
function sharedInferenceWorker(
  runtime: NodeRuntimeName,
  trials: PairedTrials,
  settings: WorkerSettings,
  live: Set<ChildProcess>,
  env: NodeJS.ProcessEnv,
  stderrs: string[],
): SharedInferenceOpener<WorkerInferenceFinal> {
  let channel: WorkerChannel | null = null;
  let open = 0;
  const stop = async () => {
    if (!channel) return;
    const stopping = channel;
    channel = null;
    await stopping.stop();
    stderrs.push(stopping.stderr);
  };
  return async (slot, job) => {
    // Both sides' timed phases run in this worker: its deadline covers both.
    channel ??= new WorkerChannel(runtime, 'inference', settings.timeoutMs * 2 + settings.maxTimeMs, live, { memoryLimitBytes: settings.memoryLimitBytes });
    const worker = channel;
    const trial = trials[slot];
    const faults = plantedFaults(env, 'inference', trial.model.path);
    let opened: InferenceOpened;
    try {
      opened = await worker.request({ kind: 'job', job, modelPath: trial.model.path, runtime, ...trialModules(trial), faults, slot }, 'inference-opened');
    } catch (error) {
      await stop();
      throw error;
    }
    open++;
    return {
      opened,
      more: async (request) => (await worker.request({ kind: 'continue', ...request, slot }, 'chunk')).chunk,
      finish: async () => {
        try {
          return await worker.request({ kind: 'finish', slot }, 'inference-final');
        } finally {
          open--;
          if (open === 0) await stop();
        }
      },
    };
  };
}

async function measurePaired(
  runtime: NodeRuntimeName,
  trials: PairedTrials,
  settings: PairedSettings,
  onEvent: (event: PairedEvent) => void,
  live: Set<ChildProcess>,
  env: NodeJS.ProcessEnv,
): Promise<PairedMeasurement> {
  const stderrs: string[] = [];
  const runners = { A: workerRunners(runtime, trials.A, settings, live, env, stderrs), B: workerRunners(runtime, trials.B, settings, live, env, stderrs) };
  const measured = await measurePairedInWorkers(trials, runners, settings, onEvent, sharedInferenceWorker(runtime, trials, settings, live, env, stderrs));
  return { ...measured, warnings: [...measured.warnings, ...collectWarnings(stderrs)] };
}

async function measureTrial(
  runtime: NodeRuntimeName,
  trial: Trial,
  settings: MeasureSettings,
  onProgress: (event: ProgressEvent) => void,
  live: Set<ChildProcess>,
  env: NodeJS.ProcessEnv,
): Promise<TrialMeasurement> {
  const stderrs: string[] = [];
  const measured = await measureInWorkers(trial, settings, onProgress, workerRunners(runtime, trial, settings, live, env, stderrs));
  const { final } = measured;
  const host = {
    rssPeakBytes: final.rssPeakBytes,
    jsHeapPeakBytes: final.jsHeapPeakBytes,
    crossOriginIsolated: null,
    wasmModule: null,
    warnings: collectWarnings(stderrs),
  };
  if (runtime === 'node-wasm') return trialMeasurement(measured, host, { peakBytes: final.wasmPeakBytes, peakSource: 'wasm-linear-memory' });
  return trialMeasurement(measured, host, { peakBytes: final.rssGrowthBytes, peakSource: 'rss-growth' });
}

/**
 * One profiling worker: onnxruntime-web prints its trace on the worker's stdout; onnxruntime-node
 * writes it to a file. node-wasm's worker also runs under --cpu-prof, written as it exits.
 */
async function profileTrial(runtime: NodeRuntimeName, request: ProfileRequest, live: Set<ChildProcess>): Promise<ProfileCapture> {
  const traceDir = await mkdtemp(path.join(os.tmpdir(), 'wtb-ort-profile-'));
  const forgetTraceDir = removeOnExit(traceDir);
  const cpuProfile = path.join(request.outDir, `${runtime}.cpuprofile`);
  const execArgv = runtime === 'node-wasm' ? ['--cpu-prof', `--cpu-prof-dir=${request.outDir}`, `--cpu-prof-name=${path.basename(cpuProfile)}`] : [];
  const channel = new WorkerChannel(runtime, 'profile', request.timeoutMs, live, { execArgv, keepStdout: true });
  try {
    const job: ProfileJob = { ...request.job, profileFilePrefix: runtime === 'node-native' ? path.join(traceDir, 'ort') : null };
    const result = await channel.request({ kind: 'profile', job, modelPath: request.trial.model.path, runtime, runtimeModule: nodeRuntimeModule(request.trial.runtimePackage) }, 'profile-result');
    await channel.exited(CPU_PROFILE_GRACE_MS);
    const traceText = runtime === 'node-native' ? await readNativeTrace(traceDir) : channel.stdout;
    return { result, events: parseOrtTrace(traceText), files: runtime === 'node-wasm' ? [{ kind: 'cpuprofile', path: cpuProfile }] : [] };
  } finally {
    await channel.stop();
    await rm(traceDir, { recursive: true, force: true });
    forgetTraceDir();
  }
}

/** onnxruntime-node names its trace <prefix>_<date>.json. */
async function readNativeTrace(dir: string): Promise<string> {
  const file = (await readdir(dir)).find((name) => name.endsWith('.json'));
  if (!file) throw new RuntimeFailure('INTERNAL', 'onnxruntime-node wrote no profile file');
  return readFile(path.join(dir, file), 'utf8');
}

function nodeLauncher(runtime: NodeRuntimeName): RuntimeLauncher {
  return {
    async open(_config, env): Promise<RuntimeSession> {
      const live = new Set<ChildProcess>();
      return {
        measure: (trial, settings, onProgress) => measureTrial(runtime, trial, settings, onProgress, live, env),
        measurePaired: (trials, settings, onEvent) => measurePaired(runtime, trials, settings, onEvent, live, env),
        profile: (request) => profileTrial(runtime, request, live),
        describe: () => ({}),
        // Interrupted runs must not leave workers behind.
        close: async () => {
          for (const child of live) child.kill('SIGKILL');
        },
      };
    },
  };
}

export const nodeWasmLauncher = nodeLauncher('node-wasm');
export const nodeNativeLauncher = nodeLauncher('node-native');
