/**
 * node-wasm: onnxruntime-web's WebAssembly backend in Node. Each cold load runs in a fresh child
 * process, then the inference phase in one more, so no load is flattered by another's caches.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { RuntimeFailure } from '../../errors.js';
import { formatMs } from '../../format.js';
import type { ProgressEvent, Trial } from '../../types.js';
import type { MeasureSettings, RuntimeLauncher, TrialMeasurement } from '../measurement.js';
import type { WorkerInferenceResult, WorkerJob, WorkerLoadResult, WorkerMessage } from './protocol.js';
import { collectWarnings } from './runtime-warnings.js';

const WORKER_PATH = fileURLToPath(new URL('./worker.js', import.meta.url));
const STDERR_TAIL_CHARS = 2000;

interface WorkerOutcome {
  message: WorkerMessage | null;
  stderr: string;
}

function runWorker(job: WorkerJob, timeoutMs: number): Promise<WorkerOutcome> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER_PATH, [], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
      // Never inherit the parent's flags (a test runner's loaders, inspectors).
      execArgv: [],
    });
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

function expectResult<K extends 'load-result' | 'inference-result'>(
  outcome: WorkerOutcome,
  kind: K,
): Extract<WorkerMessage, { kind: K }> {
  const { message } = outcome;
  if (message?.kind === 'failure') throw new RuntimeFailure(message.code, message.message);
  if (message?.kind !== kind) throw new RuntimeFailure('INTERNAL', `the worker sent ${message?.kind ?? 'nothing'} where ${kind} was expected`);
  return message as Extract<WorkerMessage, { kind: K }>;
}

export const nodeWasmLauncher: RuntimeLauncher = {
  async measure(trial: Trial, settings: MeasureSettings, onProgress: (event: ProgressEvent) => void): Promise<TrialMeasurement> {
    const job: Omit<WorkerJob, 'kind'> = {
      modelPath: trial.model.path,
      threads: trial.threads,
      feeds: trial.feeds,
      seed: settings.seed,
      warmup: settings.warmup,
      iterations: settings.iterations,
      minTimeMs: settings.minTimeMs,
      maxTimeMs: settings.maxTimeMs,
    };
    const stderrs: string[] = [];
    const loads: WorkerLoadResult[] = [];
    for (let i = 0; i < settings.loadRuns; i++) {
      const outcome = await runWorker({ ...job, kind: 'load' }, settings.timeoutMs);
      stderrs.push(outcome.stderr);
      loads.push(expectResult(outcome, 'load-result'));
      onProgress({ kind: 'load-sample', trial, done: i + 1, total: settings.loadRuns });
    }
    onProgress({ kind: 'inference-start', trial, minTimeMs: settings.minTimeMs, maxTimeMs: settings.maxTimeMs });
    const outcome = await runWorker({ ...job, kind: 'inference' }, settings.timeoutMs + settings.maxTimeMs);
    stderrs.push(outcome.stderr);
    const result: WorkerInferenceResult = expectResult(outcome, 'inference-result');
    const warnings = collectWarnings(stderrs);
    if (result.memoryCount !== 1) {
      warnings.push(`expected exactly one WebAssembly memory from onnxruntime-web, captured ${result.memoryCount}; memory.peak is the largest`);
    }
    return {
      loads: loads.map((load) => load.phases),
      inference: result.inference,
      memory: {
        wasmPeakBytes: result.wasmPeakBytes,
        rssPeakBytes: result.rssPeakBytes,
        jsHeapPeakBytes: result.jsHeapPeakBytes,
        peakBytes: result.wasmPeakBytes,
        peakSource: 'wasm-linear-memory',
      },
      clockResolutionMs: result.clockResolutionMs,
      threadsUsed: result.threadsUsed,
      runtimeVersion: result.runtimeVersion,
      warnings,
    };
  },
};
