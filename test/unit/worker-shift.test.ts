import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/harness/feeds.js';
import { mannWhitneyCounts, mannWhitneyCut, workerShift } from '../../src/stats/worker-shift.js';

function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return result;
}

describe('mannWhitneyCounts', () => {
  it('counts every rank order once, symmetrically about m·n/2', () => {
    for (const [m, n] of [
      [1, 1],
      [3, 5],
      [5, 3],
      [7, 7],
      [20, 20],
    ] as const) {
      const counts = [...mannWhitneyCounts(m, n)];
      expect(counts).toHaveLength(m * n + 1);
      expect(counts.reduce((sum, count) => sum + count, 0)).toBeCloseTo(binomial(m + n, m), -Math.log10(binomial(m + n, m)) + 10);
      expect(counts).toEqual([...counts].reverse());
    }
  });

  it('matches the distribution written out by hand for 2 and 2', () => {
    // U = 0, 1, 2, 3, 4 from the 6 orders of {x, x, y, y}.
    expect([...mannWhitneyCounts(2, 2)]).toEqual([1, 1, 2, 1, 1]);
  });
});

describe('mannWhitneyCut', () => {
  // Published two-sided 5 % critical values of U (reject when U ≤ c); the cut is c + 1.
  it.each([
    [4, 4, 0],
    [5, 5, 2],
    [8, 8, 13],
    [10, 10, 23],
    [20, 20, 127],
  ])('%i and %i workers at 95 %%: U ≤ %i is the rejection region', (m, n, critical) => {
    expect(mannWhitneyCut(m, n, 0.95)).toBe(critical + 1);
    expect(mannWhitneyCut(n, m, 0.95)).toBe(critical + 1);
  });

  it('agrees with counting U over every rank order (4 and 6)', () => {
    // Every way to place 4 x-ranks among 10: U counts the (x, y) pairs with the y ranked lower.
    const counts = new Array(25).fill(0);
    for (let mask = 0; mask < 1 << 10; mask++) {
      if (mask.toString(2).split('1').length - 1 !== 4) continue;
      let u = 0;
      let ysBelow = 0;
      for (let rank = 0; rank < 10; rank++) {
        if (mask & (1 << rank)) u += ysBelow;
        else ysBelow++;
      }
      counts[u]++;
    }
    expect([...mannWhitneyCounts(4, 6)]).toEqual(counts);
  });

  it('is 0 when the workers are too few to bound the shift', () => {
    expect(mannWhitneyCut(3, 3, 0.95)).toBe(0);
    expect(mannWhitneyCut(1, 20, 0.95)).toBe(0);
    expect(mannWhitneyCut(0, 5, 0.95)).toBe(0);
  });

  it('cuts less at a higher confidence', () => {
    expect(mannWhitneyCut(10, 10, 0.99)).toBeLessThan(mannWhitneyCut(10, 10, 0.95));
  });
});

describe('workerShift', () => {
  it('is the median of the pairwise ratios, inside its interval', () => {
    const old = [10, 11, 12, 13, 14];
    const shifted = old.map((median) => median * 1.2);
    const shift = workerShift(shifted, old, 0.95);
    expect(shift?.ratio).toBeCloseTo(1.2, 12);
    expect(shift?.low).toBeLessThan(1.2);
    expect(shift?.high).toBeGreaterThan(1.2);
  });

  it('keeps its estimate and lower bound when one worker is far out instead of near', () => {
    const old = [100, 101, 102, 103, 104, 105];
    const near = workerShift([100, 101, 102, 103, 104, 106], old, 0.95);
    const far = workerShift([100, 101, 102, 103, 104, 180], old, 0.95);
    expect(far?.ratio).toBe(near?.ratio);
    expect(far?.low).toBe(near?.low);
  });

  it('has no bounds when the workers are too few, and no ratio without workers', () => {
    expect(workerShift([10], [10, 11, 12], 0.95)).toEqual({ ratio: expect.any(Number), low: null, high: null });
    expect(workerShift([], [10], 0.95)).toBeNull();
  });

  it('covers the true shift at the confidence asked (seeded simulation, skewed noise)', () => {
    const random = mulberry32(42);
    // Contended workers: one in four runs 30–70 % slower, the rest spread by a few percent.
    const worker = (scale: number) => scale * (1 + 0.03 * (random() - 0.5)) * (random() < 0.25 ? 1.3 + 0.4 * random() : 1);
    let covered = 0;
    const repetitions = 4000;
    for (let i = 0; i < repetitions; i++) {
      const old = Array.from({ length: 8 }, () => worker(1));
      const fresh = Array.from({ length: 8 }, () => worker(1.15));
      const shift = workerShift(fresh, old, 0.95);
      if ((shift?.low as number) <= 1.15 && 1.15 <= (shift?.high as number)) covered++;
    }
    // 8 and 8 at 95 %: the interval is exact at 95.0 %; 4,000 repetitions put the rate within ±1 %.
    expect(covered / repetitions).toBeGreaterThanOrEqual(0.935);
    expect(covered / repetitions).toBeLessThanOrEqual(0.965);
  });
});
