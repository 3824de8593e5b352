/**
 * Warm inference inside one session: the first run (reported on its own), warm-up runs
 * (reported, excluded), then timed runs until BOTH the minimum count and the minimum time are
 * reached, stopped at the maximum time. Inside the timed loop: the clock and run(), nothing else.
 */
import type { Clock, HarnessSession, HarnessTensor } from './contracts.js';

export interface InferenceOptions {
  clock: Clock;
  session: HarnessSession;
  feeds: Record<string, HarnessTensor>;
  warmup: number;
  iterations: number;
  minTimeMs: number;
  maxTimeMs: number;
}

export interface InferenceSamples {
  firstInferenceMs: number;
  warmupMs: number[];
  /** Latency of each successful timed run, in order. */
  samplesMs: number[];
  attempts: number;
  errors: number;
  /** Distinct error messages with their counts (failed runs are counted, not timed). */
  errorMessages: Record<string, number>;
  /** Wall time of the timed phase. */
  timedPhaseMs: number;
  stopReason: 'min-count-and-time' | 'max-time';
}

export class FirstInferenceError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'FirstInferenceError';
  }
}

export async function measureInference(options: InferenceOptions): Promise<InferenceSamples> {
  const { clock, session, feeds } = options;
  const firstStart = clock.now();
  try {
    await session.run(feeds);
  } catch (error) {
    throw new FirstInferenceError(error);
  }
  const firstInferenceMs = clock.now() - firstStart;

  const warmupMs: number[] = [];
  for (let i = 0; i < options.warmup; i++) {
    const t0 = clock.now();
    await session.run(feeds);
    warmupMs.push(clock.now() - t0);
  }

  const samplesMs: number[] = [];
  const errorMessages: Record<string, number> = {};
  let attempts = 0;
  let errors = 0;
  const { iterations, minTimeMs, maxTimeMs } = options;
  const phaseStart = clock.now();
  let now = phaseStart;
  for (;;) {
    const t0 = clock.now();
    try {
      await session.run(feeds);
      now = clock.now();
      samplesMs.push(now - t0);
    } catch (error) {
      now = clock.now();
      errors++;
      const message = error instanceof Error ? error.message : String(error);
      errorMessages[message] = (errorMessages[message] ?? 0) + 1;
    }
    attempts++;
    const elapsed = now - phaseStart;
    if (elapsed >= maxTimeMs) {
      return { firstInferenceMs, warmupMs, samplesMs, attempts, errors, errorMessages, timedPhaseMs: elapsed, stopReason: 'max-time' };
    }
    if (attempts >= iterations && elapsed >= minTimeMs) {
      return { firstInferenceMs, warmupMs, samplesMs, attempts, errors, errorMessages, timedPhaseMs: elapsed, stopReason: 'min-count-and-time' };
    }
  }
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
