/**
 * Warm inference inside one session: the first run (reported on its own), warm-up runs (reported,
 * excluded), then timed runs in chunks. The first chunk runs until BOTH the minimum count and the
 * minimum time are reached, capped by the maximum time; the host may ask for more chunks while a
 * verdict is still open. Inside the timed loop: the clock and run(), nothing else.
 */
import type { Clock, HarnessSession } from './contracts.js';
import type { AdapterTensor } from './runtime-adapter.js';

/** 'fixed': exactly `runs` warm-up runs. 'auto': until the rolling median settles (capped). */
export type WarmupSpec = { mode: 'fixed'; runs: number } | { mode: 'auto' };

export interface WarmupResult {
  warmupMs: number[];
  stoppedBecause: 'count' | 'stable' | 'cap';
}

export interface TimedChunk {
  /** Latency of each successful timed run, in order. */
  samplesMs: number[];
  attempts: number;
  errors: number;
  /** Distinct error messages with their counts (failed runs are counted, not timed). */
  errorMessages: Record<string, number>;
  /** Wall time of the chunk. */
  timedPhaseMs: number;
}

export interface InferenceSamples extends TimedChunk {
  firstInferenceMs: number;
  /** Runs timed together per sample (samples are per-run means) when one run is near the clock's resolution. */
  batchSize: number;
  warmupMs: number[];
  warmupStoppedBecause: WarmupResult['stoppedBecause'];
  stopReason: 'min-count-and-time' | 'decided' | 'max-time';
  /** Times the sampling loop judged the samples so far (pooled over workers); 0 for a fixed count. */
  looks: number;
}

export class FirstInferenceError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'FirstInferenceError';
  }
}

/**
 * Auto warm-up: runs until the median of the latest window is within `tolerance` of the window
 * before. A window is at least `window` runs AND at least `windowMs` of them, so a fast model is
 * judged over enough time for the engine's background tier-up to land (in Chrome a 10 µs model
 * looks settled after 20 runs, then gets 5× faster once optimised code arrives).
 */
export const AUTO_WARMUP = Object.freeze({ window: 5, windowMs: 100, tolerance: 0.05, maxTimeMs: 10_000, backgroundIdleShare: 0.1, checkEveryMs: 5 });

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length / 2) - 1] as number;
}

/** The start index of the window that ends at `end` (exclusive), or -1 when there is not enough. */
function windowStart(samplesMs: readonly number[], end: number, window: number, windowMs: number): number {
  let spentMs = 0;
  for (let i = end - 1; i >= 0; i--) {
    spentMs += samplesMs[i] as number;
    if (end - i >= window && spentMs >= windowMs) return i;
  }
  return -1;
}

export function warmupSettled(warmupMs: readonly number[], window: number = AUTO_WARMUP.window, tolerance: number = AUTO_WARMUP.tolerance, windowMs: number = AUTO_WARMUP.windowMs): boolean {
  const recentStart = windowStart(warmupMs, warmupMs.length, window, windowMs);
  if (recentStart <= 0) return false;
  const beforeStart = windowStart(warmupMs, recentStart, window, windowMs);
  if (beforeStart < 0) return false;
  const recent = median(warmupMs.slice(recentStart));
  const before = median(warmupMs.slice(beforeStart, recentStart));
  return before > 0 ? Math.abs(recent - before) / before <= tolerance : recent === before;
}

/**
 * Whether the engine's background threads have gone quiet: their CPU time over the wall time since
 * the previous look is at most AUTO_WARMUP.backgroundIdleShare. Looks at most once a window (a
 * look reads /proc), so it answers false until a window has passed since the last look; always
 * true where the host cannot tell.
 */
export function backgroundIdleGauge(clock: Clock, backgroundCpuMs: (() => number | null) | undefined, windowMs: number = AUTO_WARMUP.windowMs): () => boolean {
  if (!backgroundCpuMs || backgroundCpuMs() === null) return () => true;
  let lastAt = clock.now();
  let lastCpuMs = backgroundCpuMs() as number;
  return () => {
    const now = clock.now();
    if (now - lastAt < windowMs) return false;
    const cpuMs = backgroundCpuMs() ?? lastCpuMs;
    const idle = (cpuMs - lastCpuMs) / (now - lastAt) <= AUTO_WARMUP.backgroundIdleShare;
    lastAt = now;
    lastCpuMs = cpuMs;
    return idle;
  };
}

/**
 * `checkFirstOutputs` sees the first run's outputs (after its timing) and may throw to stop there:
 * an adapter's outputs are checked on the real first inference, not on an extra run before it.
 * Auto warm-up also waits, where `backgroundCpuMs` can tell, until the engine's background
 * compilers are done: a wasm engine tiers hot code up in the background, and latencies can sit
 * flat on a plateau for seconds before the optimised code lands.
 */
export async function runFirstAndWarmup(
  clock: Clock,
  session: HarnessSession,
  feeds: Record<string, AdapterTensor>,
  warmup: WarmupSpec,
  checkFirstOutputs: (outputs: unknown) => void = () => undefined,
  backgroundCpuMs?: () => number | null,
): Promise<{ firstInferenceMs: number } & WarmupResult> {
  const firstStart = clock.now();
  let firstOutputs: unknown;
  try {
    firstOutputs = await session.run(feeds);
  } catch (error) {
    throw new FirstInferenceError(error);
  }
  const firstInferenceMs = clock.now() - firstStart;
  checkFirstOutputs(firstOutputs);
  const warmupMs: number[] = [];
  const started = clock.now();
  const backgroundIdle = warmup.mode === 'auto' ? backgroundIdleGauge(clock, backgroundCpuMs) : () => true;
  // The stop rule sorts a window's runs (thousands for a fast model): judged every few ms, not
  // after every run, or the checks would crowd out the runs and feed the GC threads it watches.
  let nextCheckMs = started;
  for (;;) {
    if (warmup.mode === 'fixed' && warmupMs.length >= warmup.runs) return { firstInferenceMs, warmupMs, stoppedBecause: 'count' };
    if (warmup.mode === 'auto') {
      const now = clock.now();
      if (now >= nextCheckMs) {
        nextCheckMs = now + AUTO_WARMUP.checkEveryMs;
        if (warmupSettled(warmupMs) && backgroundIdle()) return { firstInferenceMs, warmupMs, stoppedBecause: 'stable' };
      }
      if (now - started >= AUTO_WARMUP.maxTimeMs) return { firstInferenceMs, warmupMs, stoppedBecause: 'cap' };
    }
    const t0 = clock.now();
    await session.run(feeds);
    warmupMs.push(clock.now() - t0);
  }
}

export interface TimedOptions {
  clock: Clock;
  session: HarnessSession;
  feeds: Record<string, AdapterTensor>;
  /** Stop once this many runs were attempted AND minTimeMs has passed... */
  iterations: number;
  minTimeMs: number;
  /** ...or once this much time has passed, whichever comes first. */
  maxTimeMs: number;
  /** Count a run whose outputs hold NaN or ±Infinity as failed (checked outside the timed window). */
  checkFinite: boolean;
  /** Runs per sample; a sample is the mean of its runs. */
  batchSize: number;
}

/** Samples should span at least this many clock steps to be more than quantisation noise. */
export const MIN_CLOCK_STEPS_PER_SAMPLE = 10;

/** Runs per sample so that one sample spans MIN_CLOCK_STEPS_PER_SAMPLE clock steps. */
export function batchSizeFor(typicalRunMs: number, clockResolutionMs: number): number {
  if (!(typicalRunMs > 0)) return 1;
  return Math.max(1, Math.ceil((MIN_CLOCK_STEPS_PER_SAMPLE * clockResolutionMs) / typicalRunMs));
}

export function medianOf(values: readonly number[]): number | null {
  return values.length > 0 ? median(values) : null;
}

function nonFiniteOutput(outputs: Record<string, AdapterTensor>): string | null {
  for (const [name, tensor] of Object.entries(outputs)) {
    const data = (tensor as { data?: unknown }).data;
    if (data instanceof Float32Array || data instanceof Float64Array) {
      for (let i = 0; i < data.length; i++) {
        if (!Number.isFinite(data[i])) return `non-finite output: ${name}[${i}] is ${data[i]}`;
      }
    }
  }
  return null;
}

export async function runTimedChunk(options: TimedOptions): Promise<TimedChunk> {
  const { clock, session, feeds, iterations, minTimeMs, maxTimeMs, checkFinite, batchSize } = options;
  const samplesMs: number[] = [];
  const errorMessages: Record<string, number> = {};
  let attempts = 0;
  let errors = 0;
  const fail = (message: string) => {
    errors++;
    errorMessages[message] = (errorMessages[message] ?? 0) + 1;
  };
  const phaseStart = clock.now();
  let now = phaseStart;
  for (;;) {
    const t0 = clock.now();
    let runs = 0;
    try {
      let outputs = await session.run(feeds);
      runs++;
      while (runs < batchSize) {
        outputs = await session.run(feeds);
        runs++;
      }
      now = clock.now();
      const invalid = checkFinite ? nonFiniteOutput(outputs) : null;
      if (invalid) fail(invalid);
      else samplesMs.push((now - t0) / batchSize);
    } catch (error) {
      now = clock.now();
      fail(error instanceof Error ? error.message : String(error));
      runs++;
    }
    // A failed batch counts the runs that completed and the one that failed; only the failure is an error.
    attempts += runs;
    const elapsed = now - phaseStart;
    if (elapsed >= maxTimeMs || (attempts >= iterations && elapsed >= minTimeMs)) {
      return { samplesMs, attempts, errors, errorMessages, timedPhaseMs: elapsed };
    }
  }
}

export function mergeChunks(into: TimedChunk, chunk: TimedChunk): TimedChunk {
  const errorMessages = { ...into.errorMessages };
  for (const [message, count] of Object.entries(chunk.errorMessages)) errorMessages[message] = (errorMessages[message] ?? 0) + count;
  return {
    samplesMs: into.samplesMs.concat(chunk.samplesMs),
    attempts: into.attempts + chunk.attempts,
    errors: into.errors + chunk.errors,
    errorMessages,
    timedPhaseMs: into.timedPhaseMs + chunk.timedPhaseMs,
  };
}

/** Smallest positive step the clock shows, from a few dozen observed ticks. */
export function measureClockResolutionMs(clock: Clock, ticks = 50): number {
  let smallest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < ticks; i++) {
    const start = clock.now();
    let next = clock.now();
    while (next === start) next = clock.now();
    smallest = Math.min(smallest, next - start);
  }
  return smallest;
}
