import { describe, it, expect } from 'vitest';
import { checkName, checksDecided, FIXED_SAMPLING, evaluateCheck, evaluateChecks, trialVerdict, type GateInputs, type SampleSet } from '../../src/gate/evaluate-checks.js';
import { checkSchema, type CheckRecord } from '../../src/report/schema.js';
import { summarize } from '../../src/stats/summary.js';
import type { KpiSpec } from '../../src/types.js';

/**
 * Order-statistic ranks used below (1-based, 95 % two-sided, tail 0.025; B ~ Binomial(n, q) counts
 * samples below the true quantile; low rank = 1 + largest k with P(B ≤ k) ≤ 0.025, high rank =
 * 1 + smallest k with P(B ≤ k) ≥ 0.975, a side outside 1..n does not exist):
 *
 *   q = 0.5,  n = 20:  P(B≤5) = 21700/2^20 ≈ 0.0207, P(B≤6) = 60460/2^20 ≈ 0.0577 → low rank 6;
 *                      by symmetry P(B≤14) ≈ 0.9793, P(B≤13) ≈ 0.9423 → high rank 15.
 *   q = 0.95, n = 20:  with F = 20 − B ~ Bin(20, 0.05): P(F≤3) ≈ 0.35849 + 0.37735 + 0.18868 + 0.05958
 *                      = 0.98410, so P(B≤16) = P(F≥4) ≈ 0.0159 ≤ 0.025 and P(B≤17) = P(F≥3) ≈ 0.0755
 *                      → low rank 17; P(B≤19) = 1 − 0.95^20 ≈ 0.6415 < 0.975 → no high rank.
 *   q = 0.95, n = 5:   P(B≤3) = P(F≥2) = 1 − 0.95^5 − 5·0.05·0.95^4 ≈ 1 − 0.77378 − 0.20363 = 0.0226
 *                      → low rank 4; no high rank (P(B≤4) = 1 − 0.95^5 ≈ 0.226).
 *   q = 0.95, n = 72:  P(B≤71) = 1 − 0.95^72 ≈ 1 − 0.02489 = 0.97511 ≥ 0.975 and P(B≤70) ≈ 0.8808
 *                      → high rank 72; F ~ Bin(72, 0.05): P(F≥9) ≈ 0.0096 ≤ 0.025 < P(F≥8) ≈ 0.0272
 *                      → largest k is 72 − 9 = 63 → low rank 64.
 *   q = 0.99, n = 100: F ~ Bin(100, 0.01): P(F≤3) ≈ 0.36603 + 0.36973 + 0.18486 + 0.06100 = 0.98163,
 *                      P(F≥4) ≈ 0.0184 ≤ 0.025 < P(F≥3) ≈ 0.0794 → low rank 100 − 4 + 1 = 97;
 *                      no high rank below 368 samples.
 *   q = 0.99, n = 368: 0.99^368 ≈ 0.02476 ≤ 0.025 → high rank 368 (the maximum);
 *                      F ~ Bin(368, 0.01): P(F≥9) ≈ 0.0128 ≤ 0.025 < P(F≥8) ≈ 0.0336 → low rank 360.
 *   Samples needed for an upper bound: ⌈ln 0.025 / ln q⌉: P95 → ⌈71.92⌉ = 72, P99 → ⌈367.04⌉ = 368;
 *   at 90 % (tail 0.05) P99 → ⌈ln 0.05 / ln 0.99⌉ = ⌈298.07⌉ = 299; at 99 % (tail 0.005) ⌈527.18⌉ = 528.
 */

function ramp(n: number, start: number, step: number): number[] {
  return Array.from({ length: n }, (_, i) => start + step * i);
}

function sampleSet(sorted: number[]): SampleSet {
  const summary = summarize(sorted);
  if (!summary) throw new Error('empty sample');
  return { sorted, summary };
}

// x(r) = 1000 + 40·(r − 1): x(6) = 1200, x(10) = 1360 (P50), x(15) = 1560, x(17) = 1640,
// x(19) = 1720 (P95 = x(⌈0.95·20⌉)), x(20) = 1760; mean 1000 + 40·9.5 = 1380.
const LOAD_20 = sampleSet(ramp(20, 1000, 40));
// x(r) = 990 + 10·r: x(64) = 1630, x(69) = 1680 (P95 = x(⌈68.4⌉)), x(72) = 1710.
const LOAD_72 = sampleSet(ramp(72, 1000, 10));
// x(r) = r: P99 = x(⌈364.32⌉) = 365, interval [x(360), x(368)] = [360, 368]; mean 184.5, max 368.
const INFERENCE_368 = sampleSet(ramp(368, 1, 1));
// x(r) = r: P99 = x(99) = 99, interval [x(97), —].
const INFERENCE_100 = sampleSet(ramp(100, 1, 1));

function inputs(overrides: Partial<GateInputs> = {}): GateInputs {
  return {
    load: LOAD_20,
    inference: INFERENCE_368,
    firstInferenceMs: 12,
    memoryPeakBytes: 16_777_216,
    memoryRssBytes: 150_000_000,
    retained: null,
    errors: 0,
    attempts: 5000,
    loadSampling: FIXED_SAMPLING,
    inferenceSampling: FIXED_SAMPLING,
    ...overrides,
  };
}

const LOAD_P95: KpiSpec = { id: 'load.p95', threshold: 2000, level: 'error' };
const INFERENCE_P99: KpiSpec = { id: 'inference.p99', threshold: 500, level: 'error' };
const ERROR_RATE: KpiSpec = { id: 'error.rate', threshold: 0.001, level: 'error' };
const MEMORY_PEAK: KpiSpec = { id: 'memory.peak', threshold: 100_000_000, level: 'error' };

describe('checkName', () => {
  it('formats the threshold in the unit of the metric, bytes in short form', () => {
    expect(checkName({ id: 'load.p95', threshold: 2000 })).toBe('load.p95 < 2 s');
    expect(checkName({ id: 'inference.p99', threshold: 500 })).toBe('inference.p99 < 500 ms');
    expect(checkName({ id: 'memory.peak', threshold: 100_000_000 })).toBe('memory.peak < 100 MB');
    expect(checkName({ id: 'error.rate', threshold: 0.001 })).toBe('error.rate < 0.1 %');
  });

  it('falls back to the raw number for an unknown metric', () => {
    expect(checkName({ id: 'foo', threshold: 5 })).toBe('foo < 5');
  });
});

describe('evaluateCheck: percentiles judged on their confidence interval', () => {
  it('passes when the upper bound is below the threshold, with the full record', () => {
    expect(evaluateCheck(LOAD_P95, inputs({ load: LOAD_72 }), 0.95)).toEqual({
      id: 'load.p95',
      metric: 'cold model load time (read + runtime init + session create), 95th percentile',
      operator: '<',
      threshold: 2000,
      actual: 1680,
      unit: 'ms',
      n: 72,
      interval: { low: 1630, high: 1710, confidence: 0.95 },
      method: 'order-statistics',
      looks: null,
      samplesNeeded: null,
      level: 'error',
      verdict: 'pass',
      message: 'load.p95 < 2 s: 1.68 s, 95 % interval [1.63 s, 1.71 s], n=72',
    });
  });

  it('inference.p99 over 368 samples: pass, fail and inconclusive around the interval [360, 368]', () => {
    const at = (threshold: number) => evaluateCheck({ ...INFERENCE_P99, threshold }, inputs(), 0.95);

    const pass = at(400);
    expect(pass.verdict).toBe('pass');
    expect(pass.actual).toBe(365);
    expect(pass.n).toBe(368);
    expect(pass.interval).toEqual({ low: 360, high: 368, confidence: 0.95 });
    expect(pass.samplesNeeded).toBeNull();
    expect(pass.message).toBe('inference.p99 < 400 ms: 365 ms, 95 % interval [360 ms, 368 ms], n=368');

    // Upper bound 368 < 369: pass, even though the point estimate (365) is close.
    expect(at(369).verdict).toBe('pass');

    // Upper bound 368 equals the threshold: not wholly below, and 360 < 368, so it straddles.
    const straddle = at(368);
    expect(straddle.verdict).toBe('inconclusive');
    expect(straddle.samplesNeeded).toBeNull();
    expect(straddle.message).toBe('inference.p99 < 368 ms: inconclusive, 365 ms, 95 % interval [360 ms, 368 ms], n=368: the interval straddles 368 ms; raise --max-time');

    // The point estimate 365 is below 366, but the interval reaches 368: still inconclusive.
    expect(at(366).verdict).toBe('inconclusive');
    expect(at(361).verdict).toBe('inconclusive');

    // Lower bound 360 ≥ 360: fail.
    const fail = at(360);
    expect(fail.verdict).toBe('fail');
    expect(fail.message).toBe('inference.p99 < 360 ms: 365 ms, 95 % interval [360 ms, 368 ms], n=368, wholly at or above 360 ms');
    expect(at(100).verdict).toBe('fail');
  });

  it('fails when the lower bound is at or above the threshold (load.p95, 20 samples)', () => {
    const check = evaluateCheck({ ...LOAD_P95, threshold: 1640 }, inputs(), 0.95);
    expect(check.verdict).toBe('fail');
    expect(check.actual).toBe(1720);
    expect(check.interval).toEqual({ low: 1640, high: null, confidence: 0.95 });
    expect(check.message).toBe('load.p95 < 1.64 s: 1.72 s, 95 % interval [1.64 s, —], n=20, wholly at or above 1.64 s');
    // One step above the lower bound it can no longer fail, and with no upper bound it cannot pass.
    expect(evaluateCheck({ ...LOAD_P95, threshold: 1641 }, inputs(), 0.95).verdict).toBe('inconclusive');
  });

  it('a straddling load.* interval asks for more load runs', () => {
    // load.p50 over 20 samples: interval [x(6), x(15)] = [1200, 1560]; 1200 < 1500 ≤ 1560.
    const check = evaluateCheck({ id: 'load.p50', threshold: 1500, level: 'error' }, inputs(), 0.95);
    expect(check.verdict).toBe('inconclusive');
    expect(check.interval).toEqual({ low: 1200, high: 1560, confidence: 0.95 });
    expect(check.samplesNeeded).toBeNull();
    expect(check.message).toContain('straddles');
    expect(check.message).toContain('raise --max-load-runs');
    expect(check.message).not.toContain('--max-time');
    expect(check.message).toBe('load.p50 < 1.5 s: inconclusive, 1.36 s, 95 % interval [1.2 s, 1.56 s], n=20: the interval straddles 1.5 s; raise --max-load-runs');
    // The same interval decides thresholds outside it.
    expect(evaluateCheck({ id: 'load.p50', threshold: 1561, level: 'error' }, inputs(), 0.95).verdict).toBe('pass');
    expect(evaluateCheck({ id: 'load.p50', threshold: 1560, level: 'error' }, inputs(), 0.95).verdict).toBe('inconclusive');
    expect(evaluateCheck({ id: 'load.p50', threshold: 1200, level: 'error' }, inputs(), 0.95).verdict).toBe('fail');
  });

  it('inconclusive with too few samples: inference.p99 over 100 samples needs 368 at 95 %', () => {
    const check = evaluateCheck(INFERENCE_P99, inputs({ inference: INFERENCE_100 }), 0.95);
    expect(check).toEqual({
      id: 'inference.p99',
      metric: 'inference latency over timed runs, 99th percentile',
      operator: '<',
      threshold: 500,
      actual: 99,
      unit: 'ms',
      n: 100,
      interval: { low: 97, high: null, confidence: 0.95 },
      method: 'order-statistics',
      looks: null,
      samplesNeeded: 368,
      level: 'error',
      verdict: 'inconclusive',
      message: 'inference.p99 < 500 ms: inconclusive, 99 ms, 95 % interval [97 ms, —], n=100: 100 samples cannot bound P99 at 95 % (it needs 368); raise --max-time',
    });
  });

  it('too few load samples: load.p95 over 20 samples needs 72 and asks for more load runs', () => {
    const check = evaluateCheck(LOAD_P95, inputs(), 0.95);
    expect(check.verdict).toBe('inconclusive');
    expect(check.samplesNeeded).toBe(72);
    expect(check.message).toBe('load.p95 < 2 s: inconclusive, 1.72 s, 95 % interval [1.64 s, —], n=20: 20 samples cannot bound P95 at 95 % (it needs 72); raise --max-load-runs');
  });

  it('few samples can still fail decisively (load.p95 with n = 5)', () => {
    // n = 5: interval [x(4), —].
    const inconclusive = evaluateCheck(LOAD_P95, inputs({ load: sampleSet([1000, 1100, 1200, 1300, 1500]) }), 0.95);
    expect(inconclusive.verdict).toBe('inconclusive');
    expect(inconclusive.n).toBe(5);
    expect(inconclusive.interval).toEqual({ low: 1300, high: null, confidence: 0.95 });
    expect(inconclusive.message).toContain('5 samples cannot bound P95 at 95 % (it needs 72)');

    const fail = evaluateCheck(LOAD_P95, inputs({ load: sampleSet([1000, 1100, 1200, 2100, 2500]) }), 0.95);
    expect(fail.verdict).toBe('fail');
    expect(fail.interval).toEqual({ low: 2100, high: null, confidence: 0.95 });
    expect(fail.message).toBe('load.p95 < 2 s: 2.5 s, 95 % interval [2.1 s, —], n=5, wholly at or above 2 s');
  });

  it('a single sample bounds no percentile from either side', () => {
    // n = 1, q = 0.95: P(B ≤ 0) = 0.05 > 0.025 (no low rank), P(B ≤ 0) < 0.975 ≤ P(B ≤ 1) → rank 2 > 1.
    const check = evaluateCheck(LOAD_P95, inputs({ load: sampleSet([1000]) }), 0.95);
    expect(check.verdict).toBe('inconclusive');
    expect(check.interval).toEqual({ low: null, high: null, confidence: 0.95 });
    expect(check.samplesNeeded).toBe(72);
    expect(check.message).toContain('95 % interval [—, —]');
  });

  it('the confidence level changes the interval, the samples needed and the message', () => {
    // 90 %: tail 0.05; for n = 100 the low rank is still 97 (P(F≥4) ≈ 0.0184 ≤ 0.05 < P(F≥3) ≈ 0.0794).
    const at90 = evaluateCheck(INFERENCE_P99, inputs({ inference: INFERENCE_100 }), 0.9);
    expect(at90.verdict).toBe('inconclusive');
    expect(at90.samplesNeeded).toBe(299);
    expect(at90.interval).toEqual({ low: 97, high: null, confidence: 0.9 });
    expect(at90.message).toBe('inference.p99 < 500 ms: inconclusive, 99 ms, 90 % interval [97 ms, —], n=100: 100 samples cannot bound P99 at 90 % (it needs 299); raise --max-time');

    // 99 %: tail 0.005; 368 samples no longer bound P99 from above (needs ⌈527.18⌉ = 528);
    // F ~ Bin(368, 0.01): P(F≥10) ≈ 0.0044 ≤ 0.005 < P(F≥9) ≈ 0.0128 → low rank 368 − 10 + 1 = 359.
    const at99 = evaluateCheck(INFERENCE_P99, inputs(), 0.99);
    expect(at99.verdict).toBe('inconclusive');
    expect(at99.samplesNeeded).toBe(528);
    expect(at99.interval).toEqual({ low: 359, high: null, confidence: 0.99 });
    expect(at99.message).toBe('inference.p99 < 500 ms: inconclusive, 365 ms, 99 % interval [359 ms, —], n=368: 368 samples cannot bound P99 at 99 % (it needs 528); raise --max-time');
  });

  it('is an error when the phase produced no samples', () => {
    const check = evaluateCheck(LOAD_P95, inputs({ load: null }), 0.95);
    expect(check.verdict).toBe('error');
    expect(check.actual).toBeNull();
    expect(check.n).toBe(0);
    expect(check.interval).toBeNull();
    expect(check.samplesNeeded).toBeNull();
    expect(check.message).toBe('load.p95 < 2 s: not measured, the trial produced no load.p95 value');
  });
});

describe('evaluateCheck: point metrics judged on their value', () => {
  it('inference.mean, min and max use the summary value, method point, no interval', () => {
    // mean of 1..368 = 184.5, shown to 3 significant digits (toPrecision rounds the tie up: 185).
    const mean = evaluateCheck({ id: 'inference.mean', threshold: 200, level: 'error' }, inputs(), 0.95);
    expect(mean).toEqual({
      id: 'inference.mean',
      metric: 'inference latency over timed runs, mean',
      operator: '<',
      threshold: 200,
      actual: 184.5,
      unit: 'ms',
      n: 368,
      interval: null,
      method: 'point',
      looks: null,
      samplesNeeded: null,
      level: 'error',
      verdict: 'pass',
      message: 'inference.mean < 200 ms: 185 ms, n=368',
    });
    const meanFail = evaluateCheck({ id: 'inference.mean', threshold: 184.5, level: 'error' }, inputs(), 0.95);
    expect(meanFail.verdict).toBe('fail');
    expect(meanFail.message).toBe('inference.mean < 185 ms: 185 ms, n=368, not below 185 ms');

    const max = evaluateCheck({ id: 'inference.max', threshold: 300, level: 'error' }, inputs(), 0.95);
    expect(max.actual).toBe(368);
    expect(max.verdict).toBe('fail');
    expect(max.method).toBe('point');
    expect(max.message).toBe('inference.max < 300 ms: 368 ms, n=368, not below 300 ms');

    const loadMean = evaluateCheck({ id: 'load.mean', threshold: 1500, level: 'error' }, inputs(), 0.95);
    expect(loadMean.actual).toBe(1380);
    expect(loadMean.verdict).toBe('pass');
    expect(loadMean.message).toBe('load.mean < 1.5 s: 1.38 s, n=20');

    const loadMin = evaluateCheck({ id: 'load.min', threshold: 800, level: 'error' }, inputs(), 0.95);
    expect(loadMin.actual).toBe(1000);
    expect(loadMin.verdict).toBe('fail');
  });

  it('a point metric over one sample shows no n', () => {
    const load = sampleSet([1000]);
    expect(evaluateCheck({ id: 'load.mean', threshold: 2000, level: 'error' }, inputs({ load }), 0.95).message).toBe('load.mean < 2 s: 1 s');
    expect(evaluateCheck({ id: 'load.max', threshold: 2000, level: 'error' }, inputs({ load }), 0.95).message).toBe('load.max < 2 s: 1 s');
  });

  it('memory.peak below the threshold passes, with the full record', () => {
    expect(evaluateCheck(MEMORY_PEAK, inputs(), 0.95)).toEqual({
      id: 'memory.peak',
      metric: 'model-attributable peak memory (wasm linear memory for wasm runtimes)',
      operator: '<',
      threshold: 100_000_000,
      actual: 16_777_216,
      unit: 'bytes',
      n: 1,
      interval: null,
      method: 'point',
      looks: null,
      samplesNeeded: null,
      level: 'error',
      verdict: 'pass',
      message: 'memory.peak < 100 MB: 16.8 MB (16 MiB)',
    });
  });

  it('memory.peak equal to the threshold fails (strictly below to pass)', () => {
    const check = evaluateCheck(MEMORY_PEAK, inputs({ memoryPeakBytes: 100_000_000 }), 0.95);
    expect(check.verdict).toBe('fail');
    expect(check.message).toBe('memory.peak < 100 MB: 100 MB (95.4 MiB), not below 100 MB (95.4 MiB)');
  });

  it('memory.peak not measured is an error', () => {
    const check = evaluateCheck(MEMORY_PEAK, inputs({ memoryPeakBytes: null }), 0.95);
    expect(check.verdict).toBe('error');
    expect(check.n).toBe(0);
    expect(check.method).toBe('point');
  });

  it('memory.rss reads the RSS, not the peak', () => {
    const check = evaluateCheck({ id: 'memory.rss', threshold: 200_000_000, level: 'error' }, inputs(), 0.95);
    expect(check.actual).toBe(150_000_000);
    expect(check.verdict).toBe('pass');
    expect(check.interval).toBeNull();
  });

  it('first-inference', () => {
    const pass = evaluateCheck({ id: 'first-inference', threshold: 50, level: 'error' }, inputs(), 0.95);
    expect(pass.actual).toBe(12);
    expect(pass.n).toBe(1);
    expect(pass.method).toBe('point');
    expect(pass.interval).toBeNull();
    expect(pass.samplesNeeded).toBeNull();
    expect(pass.message).toBe('first-inference < 50 ms: 12 ms');
    const fail = evaluateCheck({ id: 'first-inference', threshold: 12, level: 'error' }, inputs(), 0.95);
    expect(fail.verdict).toBe('fail');
    expect(fail.message).toBe('first-inference < 12 ms: 12 ms, not below 12 ms');
    const missing = evaluateCheck({ id: 'first-inference', threshold: 50, level: 'error' }, inputs({ firstInferenceMs: null }), 0.95);
    expect(missing.verdict).toBe('error');
  });
});

describe('evaluateCheck: error rate (Clopper–Pearson)', () => {
  it('0 failures in 1000 runs is inconclusive: a pass needs 3688 runs without a failure', () => {
    // Upper bound 1 − 0.025^(1/1000) = 1 − e^(−0.0036889) ≈ 0.0036821 ≥ 0.001, lower bound 0 < 0.001.
    // Runs needed: ⌈ln 0.025 / ln 0.999⌉ = ⌈3.688879 / 0.0010005⌉ = ⌈3687.03⌉ = 3688.
    const check = evaluateCheck(ERROR_RATE, inputs({ errors: 0, attempts: 1000 }), 0.95);
    expect(check.verdict).toBe('inconclusive');
    expect(check.actual).toBe(0);
    expect(check.n).toBe(1000);
    expect(check.unit).toBe('ratio');
    expect(check.method).toBe('clopper-pearson');
    expect(check.samplesNeeded).toBe(3688);
    expect(check.interval?.low).toBe(0);
    expect(check.interval?.high).toBeCloseTo(0.0036821, 6);
    expect(check.interval?.confidence).toBe(0.95);
    expect(check.message).toBe(
      'error.rate < 0.1 %: inconclusive, 0 %, 95 % interval [0 %, 0.368 %], 0 of 1000 runs failed, n=1000: the interval straddles 0.1 %; a pass needs 3688 runs without a failure; raise --max-time',
    );
  });

  it('at 90 % a pass needs 2995 runs without a failure', () => {
    // ⌈ln 0.05 / ln 0.999⌉ = ⌈2.995732 / 0.0010005⌉ = ⌈2994.23⌉ = 2995.
    const check = evaluateCheck(ERROR_RATE, inputs({ errors: 0, attempts: 1000 }), 0.9);
    expect(check.verdict).toBe('inconclusive');
    expect(check.samplesNeeded).toBe(2995);
    expect(check.message).toContain('a pass needs 2995 runs without a failure');
  });

  it('0 of 3688 passes and 0 of 3687 does not', () => {
    // 1 − 0.025^(1/3688) ≈ 0.00099974 < 0.001; 1 − 0.025^(1/3687) ≈ 0.00100001 ≥ 0.001.
    expect(evaluateCheck(ERROR_RATE, inputs({ errors: 0, attempts: 3688 }), 0.95).verdict).toBe('pass');
    expect(evaluateCheck(ERROR_RATE, inputs({ errors: 0, attempts: 3687 }), 0.95).verdict).toBe('inconclusive');
  });

  it('0 of 5000 passes', () => {
    // 1 − 0.025^(1/5000) = 1 − e^(−0.00073778) ≈ 0.00073750 < 0.001.
    const check = evaluateCheck(ERROR_RATE, inputs({ errors: 0, attempts: 5000 }), 0.95);
    expect(check.verdict).toBe('pass');
    expect(check.samplesNeeded).toBeNull();
    expect(check.interval?.high).toBeCloseTo(0.0007375, 7);
    expect(check.message).toBe('error.rate < 0.1 %: 0 %, 95 % interval [0 %, 0.0738 %], 0 of 5000 runs failed, n=5000');
  });

  it('50 of 1000 fails against 0.1 %', () => {
    // Clopper–Pearson 95 % for 50/1000 is [0.03734, 0.06539] (R: binom.test(50, 1000)); 0.0373 ≥ 0.001.
    const check = evaluateCheck(ERROR_RATE, inputs({ errors: 50, attempts: 1000 }), 0.95);
    expect(check.verdict).toBe('fail');
    expect(check.actual).toBe(0.05);
    expect(check.samplesNeeded).toBeNull();
    expect(check.interval?.low).toBeCloseTo(0.03734, 5);
    expect(check.interval?.high).toBeCloseTo(0.06539, 5);
    expect(check.message).toBe('error.rate < 0.1 %: 5 %, 95 % interval [3.73 %, 6.54 %], 50 of 1000 runs failed, n=1000, wholly at or above 0.1 %');
  });

  it('1 failure is not enough to fail 0.1 %: 1 of 500 and 1 of 1000 straddle', () => {
    // Lower bound for 1 failure: 1 − 0.975^(1/n): n = 500 → ≈ 0.0000506, n = 1000 → ≈ 0.0000253 (< 0.001).
    const oneIn500 = evaluateCheck(ERROR_RATE, inputs({ errors: 1, attempts: 500 }), 0.95);
    expect(oneIn500.actual).toBe(0.002);
    expect(oneIn500.verdict).toBe('inconclusive');
    expect(oneIn500.interval?.low).toBeCloseTo(0.0000506, 7);
    // Not zero failures, so no "runs without a failure" figure.
    expect(oneIn500.samplesNeeded).toBeNull();
    expect(oneIn500.message).toContain('1 of 500 runs failed');
    expect(oneIn500.message).toContain('straddles 0.1 %');
    expect(oneIn500.message).not.toContain('a pass needs');

    const oneIn1000 = evaluateCheck(ERROR_RATE, inputs({ errors: 1, attempts: 1000 }), 0.95);
    expect(oneIn1000.actual).toBe(0.001);
    expect(oneIn1000.verdict).toBe('inconclusive');
  });

  it('1 of 2000 (point estimate 0.05 %) is still inconclusive: the upper bound is ≈ 0.278 %', () => {
    const check = evaluateCheck(ERROR_RATE, inputs({ errors: 1, attempts: 2000 }), 0.95);
    expect(check.actual).toBe(0.0005);
    expect(check.verdict).toBe('inconclusive');
    expect(check.interval?.high).toBeCloseTo(0.0027826, 6);
  });

  it('no attempts is an error, not a pass', () => {
    const check = evaluateCheck(ERROR_RATE, inputs({ errors: 0, attempts: 0 }), 0.95);
    expect(check.actual).toBeNull();
    expect(check.n).toBe(0);
    expect(check.interval).toBeNull();
    expect(check.verdict).toBe('error');
  });
});

describe('evaluateCheck: levels and missing inputs', () => {
  it('level off is skipped, even when it would fail', () => {
    const check = evaluateCheck({ ...LOAD_P95, level: 'off' }, inputs({ load: sampleSet([9000, 9999]) }), 0.95);
    expect(check.verdict).toBe('skipped');
    expect(check.level).toBe('off');
    expect(check.message).toBe('load.p95 < 2 s: skipped (level off)');
  });

  it('level off is skipped when inputs are null', () => {
    expect(evaluateCheck({ ...LOAD_P95, level: 'off' }, null, 0.95).verdict).toBe('skipped');
  });

  it('inputs null gives an error verdict', () => {
    expect(evaluateCheck(LOAD_P95, null, 0.95)).toEqual({
      id: 'load.p95',
      metric: 'cold model load time (read + runtime init + session create), 95th percentile',
      operator: '<',
      threshold: 2000,
      actual: null,
      unit: 'ms',
      n: 0,
      interval: null,
      method: 'point',
      looks: null,
      samplesNeeded: null,
      level: 'error',
      verdict: 'error',
      message: 'load.p95 < 2 s: not measured, the trial produced no load.p95 value',
    });
  });

  it('warn level keeps the verdict (the level decides the consequence, not the verdict)', () => {
    const fail = evaluateCheck({ ...LOAD_P95, level: 'warn', threshold: 1640 }, inputs(), 0.95);
    expect(fail.verdict).toBe('fail');
    expect(fail.level).toBe('warn');
    const inconclusive = evaluateCheck({ ...LOAD_P95, level: 'warn' }, inputs(), 0.95);
    expect(inconclusive.verdict).toBe('inconclusive');
    expect(inconclusive.level).toBe('warn');
  });

  it('throws for a KPI on an unknown metric', () => {
    expect(() => evaluateCheck({ id: 'foo.bar', threshold: 1, level: 'error' }, inputs(), 0.95)).toThrow('no metric foo.bar');
  });
});

describe('check records match the report schema', () => {
  it('every kind of record parses with the strict check schema (no extra keys such as ranks)', () => {
    const records = [
      evaluateCheck(LOAD_P95, inputs({ load: LOAD_72 }), 0.95), // pass, order statistics
      evaluateCheck(LOAD_P95, inputs(), 0.95), // inconclusive, too few samples
      evaluateCheck({ id: 'load.p50', threshold: 1500, level: 'error' }, inputs(), 0.95), // straddles
      evaluateCheck(ERROR_RATE, inputs({ errors: 0, attempts: 1000 }), 0.95), // clopper-pearson
      evaluateCheck(MEMORY_PEAK, inputs(), 0.95), // point
      evaluateCheck(LOAD_P95, null, 0.95), // error
      evaluateCheck({ ...LOAD_P95, level: 'off' }, inputs(), 0.95), // skipped
    ];
    for (const record of records) expect(checkSchema.safeParse(record).success).toBe(true);
    expect(Object.keys(records[0]?.interval ?? {}).sort()).toEqual(['confidence', 'high', 'low']);
  });
});

describe('evaluateChecks', () => {
  it('evaluates each KPI in order', () => {
    const checks = evaluateChecks(
      [
        { id: 'load.p95', threshold: 2000, level: 'error' },
        { id: 'inference.p99', threshold: 300, level: 'warn' },
        { id: 'error.rate', threshold: 0.001, level: 'error' },
        { id: 'memory.peak', threshold: 100_000_000, level: 'off' },
      ],
      inputs(),
      0.95,
    );
    expect(checks.map((c) => [c.id, c.verdict])).toEqual([
      ['load.p95', 'inconclusive'],
      ['inference.p99', 'fail'],
      ['error.rate', 'pass'],
      ['memory.peak', 'skipped'],
    ]);
  });

  it('returns [] for no KPIs', () => {
    expect(evaluateChecks([], inputs(), 0.95)).toEqual([]);
  });
});

describe('trialVerdict', () => {
  function record(level: CheckRecord['level'], verdict: CheckRecord['verdict']): CheckRecord {
    return {
      id: 'load.p95',
      metric: 'm',
      operator: '<',
      threshold: 2000,
      actual: 1000,
      unit: 'ms',
      n: 20,
      interval: { low: 900, high: null, confidence: 0.95 },
      method: 'order-statistics',
      samplesNeeded: 72,
      level,
      verdict,
      message: 'x',
    };
  }

  it('all passing is pass', () => {
    expect(trialVerdict('ok', [record('error', 'pass'), record('warn', 'pass')])).toBe('pass');
  });

  it('no checks is pass', () => {
    expect(trialVerdict('ok', [])).toBe('pass');
  });

  it('a warn-level failure does not fail the trial', () => {
    expect(trialVerdict('ok', [record('error', 'pass'), record('warn', 'fail')])).toBe('pass');
    expect(trialVerdict('ok', [record('warn', 'error')])).toBe('pass');
  });

  it('an error-level failure fails the trial', () => {
    expect(trialVerdict('ok', [record('warn', 'pass'), record('error', 'fail')])).toBe('fail');
  });

  it('an error-level check that could not be measured fails the trial', () => {
    expect(trialVerdict('ok', [record('error', 'error')])).toBe('fail');
  });

  it('an error-level inconclusive check makes the trial inconclusive', () => {
    expect(trialVerdict('ok', [record('error', 'pass'), record('error', 'inconclusive')])).toBe('inconclusive');
  });

  it('a warn-level inconclusive check is ignored', () => {
    expect(trialVerdict('ok', [record('error', 'pass'), record('warn', 'inconclusive')])).toBe('pass');
  });

  it('a failure outranks an inconclusive check', () => {
    expect(trialVerdict('ok', [record('error', 'inconclusive'), record('error', 'fail')])).toBe('fail');
    expect(trialVerdict('ok', [record('error', 'inconclusive'), record('error', 'error')])).toBe('fail');
  });

  it('skipped checks do not fail', () => {
    expect(trialVerdict('ok', [record('off', 'skipped')])).toBe('pass');
  });

  it('status error gives error whatever the checks say', () => {
    expect(trialVerdict('error', [])).toBe('error');
    expect(trialVerdict('error', [record('error', 'pass')])).toBe('error');
    expect(trialVerdict('error', [record('error', 'fail')])).toBe('error');
    expect(trialVerdict('error', [record('error', 'inconclusive')])).toBe('error');
  });
});

describe('checksDecided', () => {
  const KPIS: KpiSpec[] = [
    { id: 'load.p95', threshold: 2000, level: 'error' },
    { id: 'inference.p99', threshold: 500, level: 'error' },
    { id: 'error.rate', threshold: 0.001, level: 'error' },
    { id: 'memory.peak', threshold: 100_000_000, level: 'off' },
  ];
  const isLoad = (id: string) => id.startsWith('load.');
  const isInference = (id: string) => id.startsWith('inference.') || id === 'error.rate';

  it('only the checks on the filtered metrics count', () => {
    // load.p95 over 20 samples is inconclusive; inference.p99 over 368 passes; 0 of 5000 passes.
    expect(checksDecided(KPIS, inputs(), 0.95, isLoad)).toBe(false);
    expect(checksDecided(KPIS, inputs(), 0.95, isInference)).toBe(true);
  });

  it('more load samples decide the load check', () => {
    expect(checksDecided(KPIS, inputs({ load: LOAD_72 }), 0.95, isLoad)).toBe(true);
  });

  it('a decided fail counts as decided', () => {
    expect(checksDecided([{ id: 'load.p95', threshold: 1640, level: 'error' }], inputs(), 0.95, isLoad)).toBe(true);
  });

  it('an undecided inference or error-rate check keeps it open', () => {
    expect(checksDecided(KPIS, inputs({ inference: INFERENCE_100 }), 0.95, isInference)).toBe(false);
    expect(checksDecided(KPIS, inputs({ attempts: 1000 }), 0.95, isInference)).toBe(false);
  });

  it('warn- and off-level checks never keep it open', () => {
    const warn: KpiSpec[] = [
      { id: 'load.p95', threshold: 2000, level: 'warn' },
      { id: 'load.p99', threshold: 2000, level: 'off' },
    ];
    expect(checksDecided(warn, inputs(), 0.95, isLoad)).toBe(true);
  });

  it('an error verdict (nothing measured) does not keep it open: more runs would not help', () => {
    expect(evaluateCheck(KPIS[0] as KpiSpec, inputs({ load: null }), 0.95).verdict).toBe('error');
    expect(checksDecided(KPIS, inputs({ load: null }), 0.95, isLoad)).toBe(true);
    expect(checksDecided(KPIS, inputs({ attempts: 0 }), 0.95, isInference)).toBe(true);
  });

  it('no KPI on the filtered metrics is decided', () => {
    expect(checksDecided(KPIS, inputs(), 0.95, () => false)).toBe(true);
    expect(checksDecided([], inputs(), 0.95, isLoad)).toBe(true);
  });
});
