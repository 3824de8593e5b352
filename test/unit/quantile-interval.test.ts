import { describe, it, expect } from 'vitest';
import { minSamplesForUpperBound, quantileInterval, quantileRankInterval } from '../../src/stats/quantile-interval.js';

/*
 * B ~ Binomial(n, q) counts samples below the true q-quantile. Low rank = 1 + the largest k with
 * P(B ≤ k) ≤ tail, high rank = 1 + the smallest k with P(B ≤ k) ≥ 1 − tail, tail = (1 − c)/2;
 * a rank outside 1..n means that side does not exist (null).
 */

describe('quantileRankInterval: hand-computed binomial ranks', () => {
  it('n = 10, q = 0.5, 95 %: ranks 2 and 9', () => {
    // Cumulative counts of C(10, k) out of 2^10 = 1024: 1, 11, 56, 176, 386, 638, 848, 968, 1013, 1023, 1024.
    // Low: P(B≤1) = 11/1024 ≈ 0.0107 ≤ 0.025 < P(B≤2) = 56/1024 ≈ 0.0547 → k = 1 → rank 2.
    // High: P(B≤7) = 968/1024 ≈ 0.9453 < 0.975 ≤ P(B≤8) = 1013/1024 ≈ 0.9893 → k = 8 → rank 9.
    expect(quantileRankInterval(10, 0.5, 0.95)).toEqual({ lowRank: 2, highRank: 9 });
  });

  it('n = 20, q = 0.5, 95 %: ranks 6 and 15', () => {
    // Cumulative counts out of 2^20 = 1048576: P(B≤5) = 21700/1048576 ≈ 0.0207 ≤ 0.025,
    // P(B≤6) = 60460/1048576 ≈ 0.0577 > 0.025 → rank 6. By symmetry P(B≤14) = 1 − P(B≤5) ≈ 0.9793 ≥ 0.975
    // and P(B≤13) = 1 − P(B≤6) ≈ 0.9423 < 0.975 → k = 14 → rank 15.
    expect(quantileRankInterval(20, 0.5, 0.95)).toEqual({ lowRank: 6, highRank: 15 });
  });

  it('n = 20, q = 0.5, 90 % (tail 0.05): still ranks 6 and 15', () => {
    // 0.0207 ≤ 0.05 < 0.0577 and 0.9423 < 0.95 ≤ 0.9793.
    expect(quantileRankInterval(20, 0.5, 0.9)).toEqual({ lowRank: 6, highRank: 15 });
  });

  it('n = 20, q = 0.95, 95 %: rank 17 below, nothing above', () => {
    // F = 20 − B ~ Bin(20, 0.05): P(F=0..3) ≈ 0.35849, 0.37735, 0.18868, 0.05958.
    // P(B≤16) = P(F≥4) ≈ 1 − 0.98410 = 0.0159 ≤ 0.025; P(B≤17) = P(F≥3) ≈ 0.0755 → rank 17.
    // P(B≤19) = 1 − 0.95^20 ≈ 0.6415 < 0.975 → k = 20 → rank 21 > n → null.
    expect(quantileRankInterval(20, 0.95, 0.95)).toEqual({ lowRank: 17, highRank: null });
  });

  it('n = 5, q = 0.5: too few samples for either side; n = 6 bounds both with the extremes', () => {
    // n = 5: P(B≤0) = 1/32 ≈ 0.031 > 0.025 → no low rank; P(B≤4) = 31/32 ≈ 0.969 < 0.975 → k = 5 → rank 6 > 5.
    expect(quantileRankInterval(5, 0.5, 0.95)).toEqual({ lowRank: null, highRank: null });
    // n = 6: P(B≤0) = 1/64 ≈ 0.0156 ≤ 0.025 < P(B≤1) = 7/64 → rank 1; P(B≤4) = 57/64 ≈ 0.891 < 0.975 ≤ P(B≤5) = 63/64 → rank 6.
    expect(quantileRankInterval(6, 0.5, 0.95)).toEqual({ lowRank: 1, highRank: 6 });
  });

  it('n = 1: no side at all', () => {
    // P(B≤0) = 0.5 > 0.025; P(B≤0) = 0.5 < 0.975 ≤ P(B≤1) = 1 → rank 2 > 1.
    expect(quantileRankInterval(1, 0.5, 0.95)).toEqual({ lowRank: null, highRank: null });
  });

  it('P99 needs 368 samples for an upper bound at 95 %', () => {
    // P(B ≤ n − 1) = 1 − 0.99^n. 0.99^367 = e^(−367·0.0100503) = e^(−3.68847) ≈ 0.025010 > 0.025;
    // 0.99^368 = e^(−3.69852) ≈ 0.024760 ≤ 0.025.
    expect(quantileRankInterval(367, 0.99, 0.95).highRank).toBeNull();
    expect(quantileRankInterval(368, 0.99, 0.95).highRank).toBe(368);
    // Low side at n = 368: F ~ Bin(368, 0.01) has P(F≥9) ≈ 0.0128 ≤ 0.025 < P(F≥8) ≈ 0.0336 → k = 359 → rank 360.
    expect(quantileRankInterval(368, 0.99, 0.95).lowRank).toBe(360);
  });

  it('P95 needs 72 samples for an upper bound at 95 %', () => {
    // 0.95^71 = e^(−71·0.0512933) = e^(−3.64182) ≈ 0.02620 > 0.025; 0.95^72 ≈ 0.02489 ≤ 0.025.
    expect(quantileRankInterval(71, 0.95, 0.95).highRank).toBeNull();
    expect(quantileRankInterval(72, 0.95, 0.95).highRank).toBe(72);
  });

  it('P99 at 90 % (tail 0.05): 299 samples bound it, 298 do not', () => {
    // 0.99^298 = e^(−2.99501) ≈ 0.05004 > 0.05; 0.99^299 = e^(−3.00506) ≈ 0.04954 ≤ 0.05.
    expect(quantileRankInterval(298, 0.99, 0.9).highRank).toBeNull();
    expect(quantileRankInterval(299, 0.99, 0.9).highRank).toBe(299);
  });

  it('P99 over 100 samples: rank 97 below, nothing above', () => {
    // F ~ Bin(100, 0.01): P(F=0..3) ≈ 0.36603, 0.36973, 0.18486, 0.06100 → P(F≥4) ≈ 0.0184 ≤ 0.025 < P(F≥3) ≈ 0.0794.
    expect(quantileRankInterval(100, 0.99, 0.95)).toEqual({ lowRank: 97, highRank: null });
  });

  it('a lower quantile mirrors a higher one: q = 0.05 over 20 samples has no lower bound', () => {
    // B ~ Bin(20, 0.05): P(B≤0) = 0.95^20 ≈ 0.3585 > 0.025 → no low rank;
    // P(B≤2) ≈ 0.9245 < 0.975 ≤ P(B≤3) ≈ 0.9841 → k = 3 → rank 4 (= 21 − 17, the mirror of the q = 0.95 case).
    expect(quantileRankInterval(20, 0.05, 0.95)).toEqual({ lowRank: null, highRank: 4 });
  });
});

describe('quantileRankInterval: argument errors', () => {
  it.each([0, -1, 1.5, Number.NaN])('n = %s is not a sample count', (n) => {
    expect(() => quantileRankInterval(n, 0.5, 0.95)).toThrow(RangeError);
    expect(() => quantileRankInterval(n, 0.5, 0.95)).toThrow(`need at least one sample, got n=${n}`);
  });

  it.each([0, 1, -0.5, 1.5, Number.NaN])('q = %s is outside (0, 1)', (q) => {
    expect(() => quantileRankInterval(10, q, 0.95)).toThrow(RangeError);
    expect(() => quantileRankInterval(10, q, 0.95)).toThrow(`quantile must be in (0, 1), got ${q}`);
  });

  it.each([0, 1, 95, -0.1, Number.NaN])('confidence %s is outside (0, 1)', (confidence) => {
    expect(() => quantileRankInterval(10, 0.5, confidence)).toThrow(RangeError);
    expect(() => quantileRankInterval(10, 0.5, confidence)).toThrow(`confidence must be in (0, 1), got ${confidence}`);
  });

  it('quantileInterval of an empty array is an argument error', () => {
    expect(() => quantileInterval([], 0.5, 0.95)).toThrow('need at least one sample, got n=0');
  });
});

describe('minSamplesForUpperBound', () => {
  it('is the smallest n with q^n ≤ (1 − c)/2', () => {
    // ⌈ln 0.025 / ln 0.99⌉ = ⌈3.688879 / 0.0100503⌉ = ⌈367.04⌉ = 368
    expect(minSamplesForUpperBound(0.99, 0.95)).toBe(368);
    // ⌈ln 0.025 / ln 0.95⌉ = ⌈3.688879 / 0.0512933⌉ = ⌈71.92⌉ = 72
    expect(minSamplesForUpperBound(0.95, 0.95)).toBe(72);
    // ⌈ln 0.05 / ln 0.99⌉ = ⌈2.995732 / 0.0100503⌉ = ⌈298.07⌉ = 299
    expect(minSamplesForUpperBound(0.99, 0.9)).toBe(299);
    // ⌈ln 0.05 / ln 0.95⌉ = ⌈2.995732 / 0.0512933⌉ = ⌈58.40⌉ = 59
    expect(minSamplesForUpperBound(0.95, 0.9)).toBe(59);
    // Median: 0.5^n ≤ 0.025 → 2^n ≥ 40 → n = 6 (2^5 = 32 < 40 ≤ 64).
    expect(minSamplesForUpperBound(0.5, 0.95)).toBe(6);
  });

  it('agrees with quantileRankInterval: the high rank first exists at that count', () => {
    for (const [q, confidence, needed] of [
      [0.99, 0.95, 368],
      [0.95, 0.95, 72],
      [0.99, 0.9, 299],
      [0.95, 0.9, 59],
      [0.5, 0.95, 6],
    ] as const) {
      expect(quantileRankInterval(needed - 1, q, confidence).highRank).toBeNull();
      expect(quantileRankInterval(needed, q, confidence).highRank).toBe(needed);
    }
  });
});

describe('quantileInterval', () => {
  const TENS = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];

  it('picks the sorted values at the ranks', () => {
    // Ranks 2 and 9 (see above) → values 20 and 90.
    expect(quantileInterval(TENS, 0.5, 0.95)).toEqual({ lowRank: 2, highRank: 9, low: 20, high: 90 });
  });

  it('gives null values where a side does not exist', () => {
    expect(quantileInterval([1, 2, 3, 4, 5], 0.5, 0.95)).toEqual({ lowRank: null, highRank: null, low: null, high: null });
    // q = 0.95 over 20 samples 101..120: low rank 17 → 117, no upper bound.
    const twenty = Array.from({ length: 20 }, (_, i) => 101 + i);
    expect(quantileInterval(twenty, 0.95, 0.95)).toEqual({ lowRank: 17, highRank: null, low: 117, high: null });
  });

  it('accepts any array-like, e.g. a Float64Array, and reads values, not positions', () => {
    const values = Float64Array.from([1, 1, 1, 2, 2, 3, 5, 8, 13, 21]);
    expect(quantileInterval(values, 0.5, 0.95)).toEqual({ lowRank: 2, highRank: 9, low: 1, high: 13 });
  });

  it('P99 over 368 samples x(r) = r/10: [36, 36.8]', () => {
    const sorted = Array.from({ length: 368 }, (_, i) => (i + 1) / 10);
    const interval = quantileInterval(sorted, 0.99, 0.95);
    expect(interval.lowRank).toBe(360);
    expect(interval.highRank).toBe(368);
    expect(interval.low).toBe(36);
    expect(interval.high).toBe(36.8);
  });
});
