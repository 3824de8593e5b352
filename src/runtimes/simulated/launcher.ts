/**
 * A simulated runtime for the tests of everything around the runtimes (verdicts, baselines,
 * shard/merge, reporters): it answers the jobs of the real sampling loop (measureInWorkers) with
 * seeded numbers (log-normal loads and latencies per model, see simulation-spec.ts), memory
 * figures, failed runs, output snapshots, and the planted faults of WTB_TEST_FAULTS, without
 * starting a worker. Time is simulated too: a 60 s timed phase takes milliseconds. Deterministic
 * given the spec's seed. Reached only through the CLI's injected io.launchers, never a flag.
 */
import path from 'node:path';
import { RuntimeFailure } from '../../errors.js';
import { formatMs } from '../../format.js';
import type { ChunkRequest, HarnessJob, InferenceFinal, InferenceOpened, LoadResult } from '../../harness/job.js';
import type { TimedChunk } from '../../harness/measure-inference.js';
import type { RetainedSeries } from '../../harness/measure-retained.js';
import type { RuntimeName, Trial } from '../../types.js';
import { captureEnvironment } from '../../env/fingerprint.js';
import { measureInWorkers, trialMeasurement, type InferenceHandle, type WarmLoadRunner, type WorkerRunners } from '../measure-in-workers.js';
import { measurePairedInWorkers } from '../measure-paired.js';
import type { MeasureSettings, RuntimeLauncher, RuntimeSession, TrialMeasurement } from '../measurement.js';
import type { WorkerSettings } from '../measurement.js';
import { plantedFaults, type WorkerPhase } from '../planted-faults.js';
import { workerExitFailure } from '../node/worker-exit.js';
import { type ModelBehaviour, RUNTIME_SPEED_FACTOR, type SimulationSpec, modelBehaviour } from './simulation-spec.js';
import { type SeededRandom, seededRandom } from './seeded-random.js';
import { simulatedOutputs } from './simulated-outputs.js';

const CLOCK_RESOLUTION_MS = 0.001;
const AUTO_WARMUP_RUNS = 10;
const FAILED_RUN_MESSAGE = 'simulated inference failure';

/** One simulated worker's run latencies: the model's, the runtime's speed, a planted slowdown. */
class RunTimer {
  constructor(
    private readonly random: SeededRandom,
    private readonly medianMs: number,
    private readonly spread: number,
    private readonly slowRunMs: number,
    private readonly stretch: number = 0,
  ) {}

  next(): number {
    return (this.random.logNormal(this.medianMs, this.spread) + this.slowRunMs) * (1 + this.stretch);
  }
}

/** Runs until both the minimum count and time are reached, or the time cap; failed runs counted, not timed. */
function timedChunk(timer: RunTimer, random: SeededRandom, errorRate: number, iterations: number, minTimeMs: number, maxTimeMs: number): TimedChunk {
  const chunk: TimedChunk = { samplesMs: [], attempts: 0, errors: 0, errorMessages: {}, timedPhaseMs: 0 };
  while ((chunk.attempts < iterations || chunk.timedPhaseMs < minTimeMs) && chunk.timedPhaseMs < maxTimeMs) {
    const runMs = timer.next();
    chunk.attempts++;
    chunk.timedPhaseMs += runMs;
    if (random.next() < errorRate) {
      chunk.errors++;
      chunk.errorMessages[FAILED_RUN_MESSAGE] = (chunk.errorMessages[FAILED_RUN_MESSAGE] ?? 0) + 1;
    } else {
      chunk.samplesMs.push(runMs);
    }
  }
  return chunk;
}

class SimulatedTrial {
  private workers = 0;
  private readonly behaviour: ModelBehaviour;

  constructor(
    private readonly runtime: RuntimeName,
    private readonly trial: Trial,
    private readonly settings: WorkerSettings,
    private readonly spec: SimulationSpec,
    private readonly env: NodeJS.ProcessEnv,
    private readonly runtimeVersion: string | null,
  ) {
    this.behaviour = modelBehaviour(spec, trial.model.path, trial.model.bytes);
  }

  /** Each worker its own stream of numbers, keyed by what identifies the trial, not by where the model lies. */
  private nextWorkerRandom(role: WorkerPhase): SeededRandom {
    const { model, variant, threads } = this.trial;
    return seededRandom([this.spec.seed ?? 1, path.basename(model.path), variant, this.runtime, threads, this.settings.seed, role, this.workers++].join('|'));
  }

  /** A planted fault ends the worker as the real one would end. */
  private refuseFaulty(role: WorkerPhase, deadlineMs: number): { slowRunMs: number; stretchRun: number } {
    const faults = plantedFaults(this.env, role, this.trial.model.path);
    const worker = `the ${this.runtime} ${role} worker`;
    if (faults.killWorker) throw workerExitFailure(worker, null, 'SIGKILL', '');
    if (faults.crashRenderer && this.runtime === 'chrome-wasm') throw new RuntimeFailure('PAGE_ERROR', `the ${role} page failed: Page crashed!`);
    if (faults.hangRun) {
      throw new RuntimeFailure(
        'WORKER_TIMEOUT',
        `${worker} did not finish within ${formatMs(deadlineMs)} and was killed; raise --timeout (or "timeout" in the config)${role === 'inference' ? ' or lower --max-time' : ''}`,
      );
    }
    return { slowRunMs: faults.slowRunMs, stretchRun: faults.stretchRun };
  }

  private facts() {
    return { threadsUsed: this.trial.threads, runtimeVersion: this.runtimeVersion };
  }

  load(medianMs = this.behaviour.loadMs): LoadResult {
    this.refuseFaulty('load', this.settings.timeoutMs);
    const totalMs = this.nextWorkerRandom('load').logNormal(medianMs, this.behaviour.spread);
    const phases = { readMs: totalMs * 0.05, runtimeInitMs: totalMs * 0.6, sessionCreateMs: totalMs * 0.35, totalMs };
    return { kind: 'load-result', phases, ...this.facts(), ...this.wasmMemory() };
  }

  /** Warm loads after one filling load; in Chrome every one reads the (simulated) code cache. */
  openWarmLoads(): WarmLoadRunner {
    this.load();
    const inBrowser = this.runtime === 'chrome-wasm';
    return {
      fillLoads: 1,
      load: async () => ({ result: this.load(this.behaviour.warmLoadMs), codeCacheHit: inBrowser ? true : null }),
      close: async () => (inBrowser ? 'the cache was filled within 1 filling visit (simulated)' : 'not applicable: a simulated worker keeps no compiled-wasm cache'),
    };
  }

  private wasmMemory(): { wasmPeakBytes: number; memoryCount: number } {
    return this.runtime === 'node-native' ? { wasmPeakBytes: 0, memoryCount: 0 } : { wasmPeakBytes: this.behaviour.wasmPeakBytes, memoryCount: 1 };
  }

  openInference(job: HarnessJob): InferenceHandle<InferenceFinal & { rssGrowthBytes: number }> {
    const { slowRunMs, stretchRun } = this.refuseFaulty('inference', this.settings.timeoutMs + this.settings.maxTimeMs);
    const random = this.nextWorkerRandom('inference');
    const { inferenceMs, spread, errorRate, outputScale } = this.behaviour;
    const timer = new RunTimer(random, inferenceMs * RUNTIME_SPEED_FACTOR[this.runtime], spread, slowRunMs, stretchRun);
    const warmupRuns = job.warmup.mode === 'fixed' ? job.warmup.runs : AUTO_WARMUP_RUNS;
    const opened: InferenceOpened = {
      kind: 'inference-opened',
      ...this.facts(),
      phases: { readMs: 0, runtimeInitMs: 0, sessionCreateMs: 0, totalMs: 0 },
      firstInferenceMs: 3 * timer.next(),
      warmupMs: Array.from({ length: warmupRuns }, () => timer.next()),
      warmupStoppedBecause: job.warmup.mode === 'fixed' ? 'count' : 'stable',
      batchSize: 1,
      clockResolutionMs: CLOCK_RESOLUTION_MS,
      chunk: timedChunk(timer, random, errorRate, job.iterations, job.minTimeMs, job.maxTimeMs),
    };
    const snapshot = simulatedOutputs(this.trial.model.outputs, this.trial.model.path, job.seed, outputScale[this.runtime] ?? 1);
    return {
      opened,
      more: async (request: ChunkRequest) => timedChunk(timer, random, errorRate, request.iterations, 0, request.maxTimeMs),
      finish: async () => ({
        kind: 'inference-final',
        ...this.wasmMemory(),
        jsHeapPeakBytes: 8 * 1024 ** 2,
        outputs: snapshot.outputs,
        outputsNote: snapshot.note,
        retained: job.retainedCycles > 0 ? this.retained(job.retainedCycles, random) : null,
        rssGrowthBytes: this.behaviour.rssGrowthBytes,
      }),
    };
  }

  /** Readings after the warm-up cycle and each of `cycles` more: the model's growth per cycle, the JS heap wandering. */
  private retained(cycles: number, random: SeededRandom): RetainedSeries {
    const { wasmPeakBytes, rssGrowthBytes, retainedBytesPerCycle } = this.behaviour;
    const native = this.runtime === 'node-native';
    const readings = Array.from({ length: cycles + 1 }, (_, cycle) => {
      const kept = cycle * retainedBytesPerCycle;
      return {
        wasmBytes: native ? null : wasmPeakBytes + kept,
        jsBytes: Math.round(8 * 1024 ** 2 + (random.next() - 0.5) * 128_000),
        rssBytes: 64 * 1024 ** 2 + rssGrowthBytes + (native ? kept : 0) + Math.round(random.next() * 256_000),
      };
    });
    return { cycles, readings, cycleMs: readings.map(() => 2 * this.behaviour.loadMs), gcForced: true, error: null };
  }

  runners(): WorkerRunners<InferenceFinal & { rssGrowthBytes: number }> {
    return { load: async () => this.load(), openWarmLoads: async () => this.openWarmLoads(), openInference: async (job) => this.openInference(job) };
  }

  async measure(settings: MeasureSettings, onProgress: Parameters<RuntimeSession['measure']>[2]): Promise<TrialMeasurement> {
    const measured = await measureInWorkers(this.trial, settings, onProgress, this.runners());
    const host = {
      rssPeakBytes: 64 * 1024 ** 2 + measured.final.rssGrowthBytes,
      jsHeapPeakBytes: measured.final.jsHeapPeakBytes,
      crossOriginIsolated: this.runtime === 'chrome-wasm' ? true : null,
      wasmModule: null,
      warnings: [],
    };
    if (this.runtime === 'node-native') return trialMeasurement(measured, host, { peakBytes: measured.final.rssGrowthBytes, peakSource: 'rss-growth' });
    return trialMeasurement(measured, host, { peakBytes: measured.final.wasmPeakBytes, peakSource: 'wasm-linear-memory' });
  }
}

function simulatedLauncher(runtime: RuntimeName, spec: SimulationSpec): RuntimeLauncher {
  return {
    async open(config, env): Promise<RuntimeSession> {
      if (spec.unavailable?.includes(runtime)) throw new RuntimeFailure('RUNTIME_UNAVAILABLE', `${runtime} is not available in this simulation; leave it out with --runtime`);
      // The versions the fingerprint reports, so baselines from simulated runs match each other.
      const installed = captureEnvironment(config.threads, env);
      const runtimeVersion = runtime === 'node-native' ? installed.onnxruntimeNodeVersion : installed.onnxruntimeWebVersion;
      return {
        measure: (trial, settings, onProgress) =>
          new SimulatedTrial(runtime, trial, settings, spec, env, trial.adapter ? trial.adapter.version : (trial.runtimePackage?.version ?? runtimeVersion)).measure(settings, onProgress),
        measurePaired: (trials, settings, onEvent) => {
          const side = (trial: Trial) => new SimulatedTrial(runtime, trial, settings, spec, env, trial.runtimePackage?.version ?? runtimeVersion).runners();
          return measurePairedInWorkers(trials, { A: side(trials.A), B: side(trials.B) }, settings, onEvent);
        },
        profile: async () => {
          throw new RuntimeFailure('RUNTIME_UNAVAILABLE', 'the simulated runtime does not profile');
        },
        describe: () => (runtime === 'chrome-wasm' ? { browser: { name: 'Chromium (simulated)', version: '0.0.0', executablePath: null, mode: 'launched' } } : {}),
        close: async () => {},
      };
    },
  };
}

/** A launcher per runtime, for io.launchers. */
export function simulatedLaunchers(spec: SimulationSpec = {}): Record<RuntimeName, RuntimeLauncher> {
  return {
    'node-wasm': simulatedLauncher('node-wasm', spec),
    'chrome-wasm': simulatedLauncher('chrome-wasm', spec),
    'node-native': simulatedLauncher('node-native', spec),
  };
}
