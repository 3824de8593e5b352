/**
 * The inference loop against an injected host: a fake clock whose every now() call advances by a
 * fixed step (plus whatever the fake session adds while it "runs"), and a fake session whose run()
 * returns outputs or throws. No real time is involved, so every count below is exact.
 */
import { describe, it, expect } from 'vitest';
import type { Clock, HarnessSession } from '../../src/harness/contracts.js';
import type { AdapterTensor } from '../../src/harness/runtime-adapter.js';
import { AUTO_WARMUP, FirstInferenceError, batchSizeFor, medianOf, mergeChunks, runFirstAndWarmup, runTimedChunk, warmupSettled, type TimedChunk } from '../../src/harness/measure-inference.js';

class FakeClock implements Clock {
  private t = 0;
  calls = 0;
  constructor(private readonly step: number) {}
  /** Returns the current time, then advances it by the step. */
  now(): number {
    this.calls++;
    const value = this.t;
    this.t += this.step;
    return value;
  }
  /** Time passing inside run(). */
  advance(ms: number): void {
    this.t += ms;
  }
}

type Outputs = Record<string, AdapterTensor>;

/** Run i (0-based, counting every call) costs cost(i) ms of fake time and then does what behave(i) says. */
class FakeSession implements HarnessSession {
  runs = 0;
  constructor(
    private readonly clock: FakeClock,
    private readonly behave: (i: number) => Outputs | Error | string = () => OK_OUTPUTS,
    private readonly cost: (i: number) => number = () => 0,
  ) {}
  async run(): Promise<Outputs> {
    const i = this.runs++;
    this.clock.advance(this.cost(i));
    const result = this.behave(i);
    if (result instanceof Error || typeof result === 'string') throw result;
    return result;
  }
  async release(): Promise<void> {}
}

function tensor(data: unknown): AdapterTensor {
  return { dims: [3], type: 'float32', data } as AdapterTensor;
}

const OK_OUTPUTS: Outputs = { y: tensor(Float32Array.from([1, 2, 3])) };
const FEEDS: Record<string, AdapterTensor> = { x: tensor(Float32Array.from([0])) };

function chunk(clock: FakeClock, session: HarnessSession, iterations: number, minTimeMs: number, maxTimeMs: number, checkFinite = false, batchSize = 1) {
  return runTimedChunk({ clock, session, feeds: FEEDS, iterations, minTimeMs, maxTimeMs, checkFinite, batchSize });
}

/*
 * With step 1 and free runs, runTimedChunk reads: phaseStart = 0; attempt k (1-based) reads
 * t0 = 2k − 1 and then 2k, so each sample is 1 ms and the elapsed time after k attempts is 2k ms.
 */
describe('runTimedChunk: when it stops', () => {
  it('stops at the iteration count once the minimum time is reached', async () => {
    const clock = new FakeClock(1);
    const session = new FakeSession(clock);
    const result = await chunk(clock, session, 5, 0, 1000);
    expect(result).toEqual({ samplesMs: [1, 1, 1, 1, 1], attempts: 5, errors: 0, errorMessages: {}, timedPhaseMs: 10 });
    expect(session.runs).toBe(5);
  });

  it('keeps going past the iteration count until the minimum time', async () => {
    // Needs 2k ≥ 20 → k = 10 attempts, although 2 were asked for.
    const clock = new FakeClock(1);
    const session = new FakeSession(clock);
    const result = await chunk(clock, session, 2, 20, 1000);
    expect(result.attempts).toBe(10);
    expect(result.samplesMs).toHaveLength(10);
    expect(result.timedPhaseMs).toBe(20);
  });

  it('stops at the maximum time before the iteration count', async () => {
    // 2k ≥ 15 → k = 8, elapsed 16.
    const clock = new FakeClock(1);
    const session = new FakeSession(clock);
    const result = await chunk(clock, session, 1000, 0, 15);
    expect(result.attempts).toBe(8);
    expect(result.timedPhaseMs).toBe(16);
    expect(session.runs).toBe(8);
  });

  it('the maximum time also caps the minimum time', async () => {
    // minTime 100 is never reached: maxTime 9 → 2k ≥ 9 → k = 5, elapsed 10.
    const clock = new FakeClock(1);
    const result = await chunk(clock, new FakeSession(clock), 1, 100, 9);
    expect(result.attempts).toBe(5);
    expect(result.timedPhaseMs).toBe(10);
  });

  it('always makes at least one attempt', async () => {
    // Even with a maximum time the first attempt already exceeds (elapsed 2 ≥ 1).
    const clock = new FakeClock(1);
    const result = await chunk(clock, new FakeSession(clock), 1, 0, 1);
    expect(result.attempts).toBe(1);
    expect(result.samplesMs).toEqual([1]);
  });

  it('times each run from just before to just after run()', async () => {
    // Run i costs 10·(i + 1) ms: samples 1 + 10, 1 + 20, 1 + 30; elapsed = 3·2 + 60 = 66.
    const clock = new FakeClock(1);
    const session = new FakeSession(
      clock,
      () => OK_OUTPUTS,
      (i) => 10 * (i + 1),
    );
    const result = await chunk(clock, session, 3, 0, 1000);
    expect(result.samplesMs).toEqual([11, 21, 31]);
    expect(result.timedPhaseMs).toBe(66);
  });
});

describe('runTimedChunk: failed runs', () => {
  it('a throwing run is counted as an error, with its message, and not timed', async () => {
    // Runs 1 and 3 (0-based) throw; the other three are timed.
    const clock = new FakeClock(1);
    const session = new FakeSession(clock, (i) => (i === 1 || i === 3 ? new Error('boom') : OK_OUTPUTS));
    const result = await chunk(clock, session, 5, 0, 1000);
    expect(result).toEqual({ samplesMs: [1, 1, 1], attempts: 5, errors: 2, errorMessages: { boom: 2 }, timedPhaseMs: 10 });
  });

  it('a thrown non-Error is recorded by its string form; distinct messages are counted apart', async () => {
    const clock = new FakeClock(1);
    const session = new FakeSession(clock, (i) => (i === 0 ? 'plain string' : i === 2 ? new Error('other') : OK_OUTPUTS));
    const result = await chunk(clock, session, 4, 0, 1000);
    expect(result.attempts).toBe(4);
    expect(result.errors).toBe(2);
    expect(result.errorMessages).toEqual({ 'plain string': 1, other: 1 });
    expect(result.samplesMs).toEqual([1, 1]);
  });

  it('failed runs still use up time: every run failing stops at the maximum time', async () => {
    const clock = new FakeClock(1);
    const session = new FakeSession(clock, () => new Error('always'));
    const result = await chunk(clock, session, 1000, 0, 12);
    expect(result.attempts).toBe(6);
    expect(result.errors).toBe(6);
    expect(result.samplesMs).toEqual([]);
    expect(result.errorMessages).toEqual({ always: 6 });
  });
});

describe('runTimedChunk: checkFinite', () => {
  const NAN_OUTPUTS: Outputs = { y: tensor(Float32Array.from([1, Number.NaN, 3])) };
  const INF_OUTPUTS: Outputs = { z: tensor(Float64Array.from([Number.POSITIVE_INFINITY])) };

  it('counts a Float32Array output holding NaN as an error', async () => {
    const clock = new FakeClock(1);
    const session = new FakeSession(clock, (i) => (i === 0 ? NAN_OUTPUTS : OK_OUTPUTS));
    const result = await chunk(clock, session, 3, 0, 1000, true);
    expect(result.attempts).toBe(3);
    expect(result.errors).toBe(1);
    expect(result.errorMessages).toEqual({ 'non-finite output: y[1] is NaN': 1 });
    expect(result.samplesMs).toEqual([1, 1]);
  });

  it('counts a Float64Array output holding Infinity as an error', async () => {
    const clock = new FakeClock(1);
    const result = await chunk(clock, new FakeSession(clock, () => INF_OUTPUTS), 2, 0, 1000, true);
    expect(result.errors).toBe(2);
    expect(result.errorMessages).toEqual({ 'non-finite output: z[0] is Infinity': 2 });
    expect(result.samplesMs).toEqual([]);
  });

  it('without checkFinite the same outputs are timed as successes', async () => {
    const clock = new FakeClock(1);
    const result = await chunk(clock, new FakeSession(clock, () => NAN_OUTPUTS), 3, 0, 1000, false);
    expect(result.errors).toBe(0);
    expect(result.samplesMs).toEqual([1, 1, 1]);
  });

  it('ignores non-float outputs and tensors without data', async () => {
    const outputs: Outputs = { ids: tensor(Int32Array.from([1, 2])), bare: { dims: [1], type: 'float32' } as unknown as AdapterTensor };
    const clock = new FakeClock(1);
    const result = await chunk(clock, new FakeSession(clock, () => outputs), 2, 0, 1000, true);
    expect(result.errors).toBe(0);
    expect(result.samplesMs).toEqual([1, 1]);
  });

  it('checks outside the timed window: the check reads no clock', async () => {
    // Same count of now() calls with and without the check: 1 + 2 per attempt = 7 for 3 attempts.
    const withCheck = new FakeClock(1);
    await chunk(withCheck, new FakeSession(withCheck), 3, 0, 1000, true);
    expect(withCheck.calls).toBe(7);
  });
});

describe('mergeChunks', () => {
  const first: TimedChunk = { samplesMs: [1, 2], attempts: 3, errors: 1, errorMessages: { a: 1 }, timedPhaseMs: 10 };
  const second: TimedChunk = { samplesMs: [3], attempts: 4, errors: 3, errorMessages: { a: 2, b: 1 }, timedPhaseMs: 7.5 };

  it('sums counts, adds error messages and concatenates samples in order', () => {
    expect(mergeChunks(first, second)).toEqual({
      samplesMs: [1, 2, 3],
      attempts: 7,
      errors: 4,
      errorMessages: { a: 3, b: 1 },
      timedPhaseMs: 17.5,
    });
  });

  it('does not modify its inputs', () => {
    mergeChunks(first, second);
    expect(first).toEqual({ samplesMs: [1, 2], attempts: 3, errors: 1, errorMessages: { a: 1 }, timedPhaseMs: 10 });
    expect(second.errorMessages).toEqual({ a: 2, b: 1 });
  });

  it('merging an empty chunk changes nothing', () => {
    const empty: TimedChunk = { samplesMs: [], attempts: 0, errors: 0, errorMessages: {}, timedPhaseMs: 0 };
    expect(mergeChunks(first, empty)).toEqual(first);
    expect(mergeChunks(empty, first)).toEqual(first);
  });
});

describe('runTimedChunk: batches (runs timed together when one run is near the clock resolution)', () => {
  it('a sample is the mean of its batch; attempts count runs', async () => {
    // Step 1, each run costs 1 ms, batch of 4: t0 = 1, four runs → 5, end read 6 → (6 − 1)/4 = 1.25;
    // the second batch reads 7 and 12 → 1.25 again; 8 runs attempted, elapsed 12.
    const clock = new FakeClock(1);
    const session = new FakeSession(
      clock,
      () => OK_OUTPUTS,
      () => 1,
    );
    const result = await chunk(clock, session, 8, 0, 1000, false, 4);
    expect(result).toEqual({ samplesMs: [1.25, 1.25], attempts: 8, errors: 0, errorMessages: {}, timedPhaseMs: 12 });
    expect(session.runs).toBe(8);
  });

  it('a failure inside a batch: one error, the batch is not timed, the runs up to the failure are attempts', async () => {
    // Step 3, free runs, batch of 3. Batch 1 (runs 0–2): reads 3 and 6 → sample 3/3 = 1, elapsed 6.
    // Batch 2: run 3 succeeds, run 4 throws; end read 12; attempts 3 + 2 = 5 ≥ 5 → stop.
    const clock = new FakeClock(3);
    const session = new FakeSession(clock, (i) => (i === 4 ? new Error('boom') : OK_OUTPUTS));
    const result = await chunk(clock, session, 5, 0, 1000, false, 3);
    expect(result).toEqual({ samplesMs: [1], attempts: 5, errors: 1, errorMessages: { boom: 1 }, timedPhaseMs: 12 });
    expect(session.runs).toBe(5);
  });

  it("checkFinite judges the outputs of the batch's last run: a NaN there fails the batch as one error", async () => {
    const clock = new FakeClock(1);
    const nan: Outputs = { y: tensor(Float32Array.from([Number.NaN])) };
    const session = new FakeSession(clock, (i) => (i === 1 ? nan : OK_OUTPUTS));
    const result = await chunk(clock, session, 2, 0, 1000, true, 2);
    expect(result.attempts).toBe(2);
    expect(result.errors).toBe(1);
    expect(result.errorMessages).toEqual({ 'non-finite output: y[0] is NaN': 1 });
    expect(result.samplesMs).toEqual([]);
  });
});

describe('batchSizeFor and medianOf', () => {
  it('batches enough runs for a sample to span 10 clock steps', () => {
    // ⌈10·0.1/1⌉ = 1; ⌈10·0.1/0.03⌉ = ⌈33.3⌉ = 34; ⌈10·0.005/0.001⌉ = 50.
    expect(batchSizeFor(1, 0.1)).toBe(1);
    expect(batchSizeFor(0.03, 0.1)).toBe(34);
    expect(batchSizeFor(0.001, 0.005)).toBe(50);
    // Never below 1, and 1 when there is no usable run time.
    expect(batchSizeFor(500, 0.1)).toBe(1);
    expect(batchSizeFor(0, 0.1)).toBe(1);
    expect(batchSizeFor(Number.NaN, 0.1)).toBe(1);
  });

  it('medianOf is the lower median, null for no values', () => {
    expect(medianOf([])).toBeNull();
    expect(medianOf([3, 1, 2])).toBe(2);
    expect(medianOf([4, 1, 3, 2])).toBe(2);
  });
});

/*
 * warmupSettled's optional parameters default to AUTO_WARMUP's fields, and Object.freeze keeps their
 * literal types, so the declared parameter types are 5, 0.05 and 100: no other window, tolerance or
 * windowMs type-checks (a src typing bug, reported). The assertion below only widens them back to
 * number; the function called is the real one.
 */
const settledWith = warmupSettled as (warmupMs: readonly number[], window: number, tolerance: number, windowMs: number) => boolean;

describe('warmupSettled', () => {
  it('the auto warm-up settings: windows of at least 5 runs and 100 ms, 5 % tolerance, 10 s cap', () => {
    expect(AUTO_WARMUP).toEqual({ window: 5, windowMs: 100, tolerance: 0.05, maxTimeMs: 10_000, backgroundIdleShare: 0.1, checkEveryMs: 5 });
  });

  describe('by count alone (windowMs 0): window 5, tolerance 5 %', () => {
    const settled = (series: number[]) => settledWith(series, 5, 0.05, 0);

    it('needs two full windows', () => {
      expect(settled([])).toBe(false);
      expect(settled([10, 10, 10, 10, 10, 10, 10, 10, 10])).toBe(false);
      expect(settled([10, 10, 10, 10, 10, 10, 10, 10, 10, 10])).toBe(true);
    });

    it('a falling series has not settled', () => {
      // Medians 20 then 10: |10 − 20|/20 = 0.5 > 0.05.
      expect(settled([20, 20, 20, 20, 20, 10, 10, 10, 10, 10])).toBe(false);
    });

    it('within 5 % is settled, beyond is not', () => {
      // Medians 100 then 105: 5/100 = 0.05 ≤ 0.05; 100 then 106: 0.06.
      expect(settled([100, 100, 100, 100, 100, 105, 105, 105, 105, 105])).toBe(true);
      expect(settled([100, 100, 100, 100, 100, 106, 106, 106, 106, 106])).toBe(false);
      // Relative to the earlier window: 100 then 95 is 5 % (settled), 100 then 94 is 6 %.
      expect(settled([100, 100, 100, 100, 100, 95, 95, 95, 95, 95])).toBe(true);
      expect(settled([100, 100, 100, 100, 100, 94, 94, 94, 94, 94])).toBe(false);
    });

    it('compares medians, so single spikes do not matter', () => {
      // Earlier window [100, 100, 100, 500, 1] → median 100; recent [104, 1000, 103, 2, 105] → sorted
      // [2, 103, 104, 105, 1000] → median 104; 4/100 = 0.04 ≤ 0.05.
      expect(settled([100, 100, 100, 500, 1, 104, 1000, 103, 2, 105])).toBe(true);
    });

    it('looks only at the last two windows', () => {
      expect(settled([1000, 1, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100])).toBe(true);
      // Last ten: [100 ×7, 200 ×3] → medians 100 and 200 (sorted [100, 100, 200, 200, 200]).
      expect(settled([100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 200, 200, 200])).toBe(false);
    });

    it('zero times: settled only when both medians are 0', () => {
      expect(settled([0, 0, 0, 0, 0, 0, 0, 0, 0, 0])).toBe(true);
      expect(settled([0, 0, 0, 0, 0, 1, 1, 1, 1, 1])).toBe(false);
    });

    it('takes the window and tolerance as arguments', () => {
      // Window 2: earlier [10, 12] and recent [11, 13]; the median of two is the lower one (x[⌈2/2⌉]):
      // 10 and 11 → 10 % apart.
      expect(settledWith([10, 12, 11, 13], 2, 0.1, 0)).toBe(true);
      expect(settledWith([10, 12, 11, 13], 2, 0.09, 0)).toBe(false);
      expect(settledWith([10, 12, 11], 2, 0.5, 0)).toBe(false);
    });
  });

  describe('with the default 100 ms per window', () => {
    it('5 runs of 20 ms fill a window: ten are enough', () => {
      expect(warmupSettled([20, 20, 20, 20, 20, 20, 20, 20, 20])).toBe(false);
      expect(warmupSettled([20, 20, 20, 20, 20, 20, 20, 20, 20, 20])).toBe(true);
    });

    it('runs of 10 ms need 10 per window: twenty in all', () => {
      expect(warmupSettled(Array.from({ length: 19 }, () => 10))).toBe(false);
      expect(warmupSettled(Array.from({ length: 20 }, () => 10))).toBe(true);
    });

    it('runs of 19 ms need 6 per window (5·19 = 95 < 100 ≤ 6·19 = 114)', () => {
      expect(warmupSettled(Array.from({ length: 11 }, () => 19))).toBe(false);
      expect(warmupSettled(Array.from({ length: 12 }, () => 19))).toBe(true);
    });

    it('a window grows backwards until it holds 100 ms, so it looks further back than 5 runs', () => {
      // [50 ×10, 10 ×10]. By count alone the last ten runs are all 10 ms: settled.
      const series = [50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10];
      expect(settledWith(series, 5, 0.05, 0)).toBe(true);
      // With 100 ms windows the recent window needs all ten 10 ms runs, and the one before it is five
      // 50 ms runs (250 ms): medians 50 and 10, not settled.
      expect(warmupSettled(series)).toBe(false);
    });
  });
});

describe('runFirstAndWarmup: background compilers', () => {
  // A constant 20 ms a run settles the latencies after 10 runs (see below); the engine's background
  // threads, though, stay busy at 1.5 cores until 1 s has passed (a wasm tier-up in flight).
  const compilingUntil = (clock: FakeClock, untilMs: number) => {
    let cpuMs = 0;
    let lastAt = 0;
    return () => {
      const now = clock.now();
      cpuMs += Math.max(0, Math.min(now, untilMs) - lastAt) * 1.5;
      lastAt = Math.max(lastAt, Math.min(now, untilMs));
      return cpuMs;
    };
  };

  it('auto waits for the background threads to go quiet, though the latencies settled long before', async () => {
    const clock = new FakeClock(0);
    const session = new FakeSession(
      clock,
      () => OK_OUTPUTS,
      () => 20,
    );
    const result = await runFirstAndWarmup(clock, session, FEEDS, { mode: 'auto' }, undefined, compilingUntil(clock, 1000));
    expect(result.stoppedBecause).toBe('stable');
    const warmupEndMs = 20 + result.warmupMs.reduce((sum, ms) => sum + ms, 0);
    // Quiet is seen over a whole window (100 ms) after the compilers stop at 1,000 ms.
    expect(warmupEndMs).toBeGreaterThanOrEqual(1100);
    expect(warmupEndMs).toBeLessThanOrEqual(1300);
  });

  it('auto stops as before when the background threads are quiet from the start', async () => {
    const clock = new FakeClock(0);
    const session = new FakeSession(
      clock,
      () => OK_OUTPUTS,
      () => 20,
    );
    const result = await runFirstAndWarmup(clock, session, FEEDS, { mode: 'auto' }, undefined, () => 0);
    expect(result.stoppedBecause).toBe('stable');
    expect(result.warmupMs).toHaveLength(10);
  });

  it("auto gives up at the cap when the compilers never stop ('cap')", async () => {
    const clock = new FakeClock(0);
    const session = new FakeSession(
      clock,
      () => OK_OUTPUTS,
      () => 20,
    );
    const result = await runFirstAndWarmup(clock, session, FEEDS, { mode: 'auto' }, undefined, compilingUntil(clock, Number.POSITIVE_INFINITY));
    expect(result.stoppedBecause).toBe('cap');
  });

  it('fixed warm-up ignores them', async () => {
    const clock = new FakeClock(0);
    const session = new FakeSession(
      clock,
      () => OK_OUTPUTS,
      () => 20,
    );
    const result = await runFirstAndWarmup(clock, session, FEEDS, { mode: 'fixed', runs: 3 }, undefined, compilingUntil(clock, Number.POSITIVE_INFINITY));
    expect(result).toMatchObject({ warmupMs: [20, 20, 20], stoppedBecause: 'count' });
  });
});

describe('runFirstAndWarmup', () => {
  it("fixed: exactly that many warm-up runs, stoppedBecause 'count'", async () => {
    // Step 0: time passes only inside run(). The first run costs 50 ms, the others 4 ms.
    const clock = new FakeClock(0);
    const session = new FakeSession(
      clock,
      () => OK_OUTPUTS,
      (i) => (i === 0 ? 50 : 4),
    );
    const result = await runFirstAndWarmup(clock, session, FEEDS, { mode: 'fixed', runs: 3 });
    expect(result).toEqual({ firstInferenceMs: 50, warmupMs: [4, 4, 4], stoppedBecause: 'count' });
    expect(session.runs).toBe(4);
  });

  it('fixed 0: only the first run', async () => {
    const clock = new FakeClock(0);
    const session = new FakeSession(
      clock,
      () => OK_OUTPUTS,
      () => 7,
    );
    const result = await runFirstAndWarmup(clock, session, FEEDS, { mode: 'fixed', runs: 0 });
    expect(result).toEqual({ firstInferenceMs: 7, warmupMs: [], stoppedBecause: 'count' });
    expect(session.runs).toBe(1);
  });

  it("auto on a constant-time session (20 ms a run): 'stable' after 10 runs", async () => {
    // Two windows of 5 runs × 20 ms = 100 ms each, equal medians.
    const clock = new FakeClock(0);
    const session = new FakeSession(
      clock,
      () => OK_OUTPUTS,
      () => 20,
    );
    const result = await runFirstAndWarmup(clock, session, FEEDS, { mode: 'auto' });
    expect(result.stoppedBecause).toBe('stable');
    expect(result.warmupMs).toEqual([20, 20, 20, 20, 20, 20, 20, 20, 20, 20]);
    expect(result.firstInferenceMs).toBe(20);
    expect(session.runs).toBe(11);
  });

  it("auto with a stepping clock: each sample is the step plus the run's cost", async () => {
    // Step 1: t0 and the end are two now() calls, so each sample is 1 + 19 = 20 → stable at 10 runs.
    // First inference: read 0, run 19 → read 20.
    const clock = new FakeClock(1);
    const result = await runFirstAndWarmup(
      clock,
      new FakeSession(
        clock,
        () => OK_OUTPUTS,
        () => 19,
      ),
      FEEDS,
      { mode: 'auto' },
    );
    expect(result.stoppedBecause).toBe('stable');
    expect(result.warmupMs).toEqual([20, 20, 20, 20, 20, 20, 20, 20, 20, 20]);
    expect(result.firstInferenceMs).toBe(20);
  });

  it('auto on a fast constant session needs 100 ms per window: 5 ms runs stop after 40', async () => {
    // 20 runs × 5 ms = 100 ms per window, two windows.
    const clock = new FakeClock(0);
    const result = await runFirstAndWarmup(
      clock,
      new FakeSession(
        clock,
        () => OK_OUTPUTS,
        () => 5,
      ),
      FEEDS,
      { mode: 'auto' },
    );
    expect(result.stoppedBecause).toBe('stable');
    expect(result.warmupMs).toHaveLength(40);
  });

  it('auto waits for the slow start to leave the earlier window', async () => {
    // Warm-up costs 60, 50, 40, 30, 25, then 20 ms; every window is 5 runs (5·20 = 100 ms).
    // 10 runs: earlier [60, 50, 40, 30, 25] median 40 vs 20 → 50 %; 11: [50, 40, 30, 25, 20] median 30 → 33 %;
    // 12: [40, 30, 25, 20, 20] median 25 → 20 %; 13: [30, 25, 20, 20, 20] median 20 → settled.
    const costs = [200, 60, 50, 40, 30, 25];
    const clock = new FakeClock(0);
    const session = new FakeSession(
      clock,
      () => OK_OUTPUTS,
      (i) => costs[i] ?? 20,
    );
    const result = await runFirstAndWarmup(clock, session, FEEDS, { mode: 'auto' });
    expect(result.firstInferenceMs).toBe(200);
    expect(result.warmupMs).toEqual([60, 50, 40, 30, 25, 20, 20, 20, 20, 20, 20, 20, 20]);
    expect(result.stoppedBecause).toBe('stable');
  });

  it("auto that never settles stops at the 10 s cap with 'cap'", async () => {
    // Warm-up run j (0-based) costs 100·j ms; the windows' medians stay 500 ms apart (never within 5 %).
    // The cap is checked before run m with 100·(0 + 1 + … + (m − 1)) = 50·m·(m − 1) ms elapsed:
    // m = 14 → 9100 < 10 000, m = 15 → 10 500 ≥ 10 000 → 15 warm-up runs.
    const clock = new FakeClock(0);
    const session = new FakeSession(
      clock,
      () => OK_OUTPUTS,
      (i) => (i === 0 ? 1 : 100 * (i - 1)),
    );
    const result = await runFirstAndWarmup(clock, session, FEEDS, { mode: 'auto' });
    expect(result.stoppedBecause).toBe('cap');
    expect(result.warmupMs).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200, 1300, 1400]);
  });

  it('a throwing first run raises FirstInferenceError with the cause', async () => {
    const cause = new Error('input x has the wrong shape');
    const clock = new FakeClock(1);
    const session = new FakeSession(clock, (i) => (i === 0 ? cause : OK_OUTPUTS));
    const error = await runFirstAndWarmup(clock, session, FEEDS, { mode: 'fixed', runs: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FirstInferenceError);
    expect((error as FirstInferenceError).name).toBe('FirstInferenceError');
    expect((error as FirstInferenceError).message).toBe('input x has the wrong shape');
    expect((error as FirstInferenceError).cause).toBe(cause);
    // No warm-up after a failed first run.
    expect(session.runs).toBe(1);
  });

  it('a thrown non-Error becomes the message', async () => {
    const clock = new FakeClock(1);
    const error = await runFirstAndWarmup(clock, new FakeSession(clock, () => 'wasm trap'), FEEDS, { mode: 'auto' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FirstInferenceError);
    expect((error as FirstInferenceError).message).toBe('wasm trap');
    expect((error as FirstInferenceError).cause).toBe('wasm trap');
  });

  it('a failure during warm-up is not a FirstInferenceError', async () => {
    const clock = new FakeClock(1);
    const session = new FakeSession(clock, (i) => (i === 2 ? new Error('late failure') : OK_OUTPUTS));
    const error = await runFirstAndWarmup(clock, session, FEEDS, { mode: 'fixed', runs: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(FirstInferenceError);
    expect((error as Error).message).toBe('late failure');
  });
});
