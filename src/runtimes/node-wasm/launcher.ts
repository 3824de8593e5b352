/**
 * node-wasm: onnxruntime-web's WebAssembly backend in Node. Each cold load runs in a fresh child
 * process, then the inference phase in one more, so no load is flattered by another's caches.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { RuntimeFailure } from '../../errors.js';
import { formatMs } from '../../format.js';
import type { HarnessJob, LoadResult } from '../../harness/job.js';
import type { ProgressEvent, Trial } from '../../types.js';
import { measureInWorkers, wasmTrialMeasurement } from '../measure-in-workers.js';
import type { MeasureSettings, RuntimeLauncher, RuntimeSession, TrialMeasurement } from '../measurement.js';
import type { WorkerInferenceResult, WorkerJob, WorkerMessage } from './protocol.js';
import { collectWarnings } from './runtime-warnings.js';

const WORKER_PATH = fileURLToPath(new URL('./worker.js', import.meta.url));
const STDERR_TAIL_CHARS = 2000;

interface WorkerOutcome {
  message: WorkerMessage | null;
  stderr: string;
}

function runWorker(job: WorkerJob, timeoutMs: number, live: Set<ChildProcess>): Promise<WorkerOutcome> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER_PATH, [], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
      // Never inherit the parent's flags (a test runner's loaders, inspectors).
      execArgv: [],
    });
    live.add(child);
    let message: WorkerMessage | null = null;
    let stderr = '';
    let timedOut = false;
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-64 * 1024);
    });
    child.stdout?.resume();
    child.on('message', (received: WorkerMessage) => {
      message = received;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new RuntimeFailure('WORKER_CRASHED', `could not start the node-wasm worker: ${error.message}`, { cause: error }));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      live.delete(child);
      if (timedOut) {
        reject(
          new RuntimeFailure(
            'WORKER_TIMEOUT',
            `the ${job.kind} worker did not finish within ${formatMs(timeoutMs)} and was killed; raise --timeout${job.kind === 'inference' ? ' or lower --max-time' : ''}`,
          ),
        );
        return;
      }
      if (!message) {
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        const tail = stderr.trim().slice(-STDERR_TAIL_CHARS);
        reject(new RuntimeFailure('WORKER_CRASHED', `the ${job.kind} worker ${how} before reporting${tail ? `; its last output:\n${tail}` : ''}`));
        return;
      }
      resolve({ message, stderr });
    });
    child.send(job);
  });
}

function expectResult<K extends WorkerMessage['kind']>(message: WorkerMessage | null, kind: K): Extract<WorkerMessage, { kind: K }> {
  if (message?.kind === 'failure') throw new RuntimeFailure(message.code, message.message);
  if (message?.kind !== kind) throw new RuntimeFailure('INTERNAL', `the worker sent ${message?.kind ?? 'nothing'} where ${kind} was expected`);
  return message as Extract<WorkerMessage, { kind: K }>;
}

async function measureTrial(
  trial: Trial,
  settings: MeasureSettings,
  onProgress: (event: ProgressEvent) => void,
  live: Set<ChildProcess>,
): Promise<TrialMeasurement> {
  const stderrs: string[] = [];
  const run = async <K extends 'load-result' | 'inference-result'>(job: HarnessJob, kind: K, timeoutMs: number) => {
    const outcome = await runWorker({ ...job, modelPath: trial.model.path }, timeoutMs, live);
    stderrs.push(outcome.stderr);
    return expectResult(outcome.message, kind);
  };
  const measured = await measureInWorkers(trial, settings, onProgress, {
    load: (job): Promise<LoadResult> => run(job, 'load-result', settings.timeoutMs),
    inference: (job): Promise<WorkerInferenceResult> => run(job, 'inference-result', settings.timeoutMs + settings.maxTimeMs),
  });
  return wasmTrialMeasurement(measured, {
    rssPeakBytes: measured.inference.rssPeakBytes,
    jsHeapPeakBytes: measured.inference.jsHeapPeakBytes,
    crossOriginIsolated: null,
    wasmModule: null,
    warnings: collectWarnings(stderrs),
  });
}

export const nodeWasmLauncher: RuntimeLauncher = {
  async open(): Promise<RuntimeSession> {
    const live = new Set<ChildProcess>();
    return {
      measure: (trial, settings, onProgress) => measureTrial(trial, settings, onProgress, live),
      describe: () => ({}),
      // Interrupted runs must not leave workers behind.
      close: async () => {
        for (const child of live) child.kill('SIGKILL');
      },
    };
  },
};
