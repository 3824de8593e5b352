import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/harness/feeds.js';
import { inversionProbabilities, kendallCut, minPointsForSlopeInterval, theilSen } from '../../src/stats/theil-sen.js';

function inversions(permutation: readonly number[]): number {
  let count = 0;
  for (let i = 0; i < permutation.length; i++) for (let j = i + 1; j < permutation.length; j++) if ((permutation[i] as number) > (permutation[j] as number)) count++;
  return count;
}

function permutations(items: readonly number[]): number[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
}

const cycles = (count: number) => Array.from({ length: count }, (_, i) => i);

describe('inversionProbabilities', () => {
  it('matches counting the inversions of every permutation of 7 items', () => {
    const counts = new Array(22).fill(0);
    for (const permutation of permutations(cycles(7))) counts[inversions(permutation)]++;
    const probabilities = [...inversionProbabilities(7)];
    expect(probabilities).toHaveLength(22);
    for (const [k, probability] of probabilities.entries()) expect(probability).toBeCloseTo(counts[k] / 5040, 14);
  });

  it('sums to 1 and is symmetric, without overflowing for many points', () => {
    const probabilities = [...inversionProbabilities(150)];
    expect(probabilities.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 10);
    for (const k of [0, 100, 2000, 5000]) expect(probabilities[k]).toBe(probabilities[probabilities.length - 1 - k]);
  });
});

describe('kendallCut', () => {
  // Published two-sided 5 % critical values of Kendall's S (reject when S ≥ s): the cut is the
  // number of inversion counts in that tail, (N − s)/2 + 1.
  it.each([
    [5, 10, 1],
    [6, 13, 2],
    [7, 15, 4],
    [8, 18, 6],
    [9, 20, 9],
    [10, 23, 12],
  ])('%i points at 95 %%: S ≥ %i rejects, so %i slopes are cut from each end', (n, critical, cut) => {
    expect((n * (n - 1)) / 2 - critical).toBe(2 * (cut - 1));
    expect(kendallCut(n, 0.95)).toBe(cut);
  });

  it('is 0 when the points cannot bound the slope: 4 or fewer at 95 %', () => {
    expect(kendallCut(4, 0.95)).toBe(0);
    expect(kendallCut(1, 0.95)).toBe(0);
    expect(minPointsForSlopeInterval(0.95)).toBe(5);
    expect(minPointsForSlopeInterval(0.99)).toBe(6);
  });

  it('cuts less at a higher confidence', () => {
    expect(kendallCut(20, 0.99)).toBeLessThan(kendallCut(20, 0.95));
  });
});

describe('theilSen', () => {
  it('recovers a known slope exactly from a straight line, with an interval of that one value', () => {
    const x = cycles(11);
    const result = theilSen(
      x,
      x.map((i) => 5e6 + 1_048_576 * i),
      0.95,
    );
    expect(result).toEqual({ slope: 1_048_576, low: 1_048_576, high: 1_048_576 });
  });

  it('gives 0 with the interval [0, 0] for a flat series (wasm memory of a clean model)', () => {
    expect(theilSen(cycles(11), new Array(11).fill(16_777_216), 0.95)).toEqual({ slope: 0, low: 0, high: 0 });
  });

  it('resists outliers: three wild cycles out of 16 barely move the slope and leave it inside the interval', () => {
    const x = cycles(16);
    const random = mulberry32(7);
    const y = x.map((i) => 100_000 * i + (random() - 0.5) * 20_000);
    y[2] = (y[2] as number) + 50e6;
    y[9] = (y[9] as number) - 30e6;
    y[13] = (y[13] as number) + 80e6;
    const result = theilSen(x, y, 0.95);
    expect(Math.abs((result?.slope as number) - 100_000)).toBeLessThan(5_000);
    expect(result?.low).toBeLessThan(100_000);
    expect(result?.high).toBeGreaterThan(100_000);
    // The least-squares slope of the same points is off by more than twice the true slope.
    const meanX = 7.5;
    const meanY = y.reduce((sum, v) => sum + v, 0) / 16;
    const leastSquares = x.reduce((sum, xi, i) => sum + (xi - meanX) * ((y[i] as number) - meanY), 0) / x.reduce((sum, xi) => sum + (xi - meanX) ** 2, 0);
    expect(Math.abs(leastSquares - 100_000)).toBeGreaterThan(200_000);
  });

  it('has no bounds for 4 points, and none at all for 1', () => {
    expect(theilSen([0, 1, 2, 3], [0, 1, 2, 3], 0.95)).toEqual({ slope: 1, low: null, high: null });
    expect(theilSen([0], [5], 0.95)).toBeNull();
  });

  it('refuses repeated x values and mismatched lengths', () => {
    expect(() => theilSen([0, 1, 1], [1, 2, 3], 0.95)).toThrow(/distinct/);
    expect(() => theilSen([0, 1], [1], 0.95)).toThrow(/2 x values for 1 y values/);
  });
});
