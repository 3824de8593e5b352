import { describe, it, expect } from 'vitest';
import { PERCENTILE_METHOD, hasEnoughSamples, minSamplesForPercentile, nearestRank, percentile, sortAscending } from '../../src/stats/percentiles.js';

/** 1..n, ascending. */
function oneTo(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

describe('PERCENTILE_METHOD', () => {
  it('is nearest-rank', () => {
    expect(PERCENTILE_METHOD).toBe('nearest-rank');
  });
});

describe('nearestRank', () => {
  it('is 1 for a single sample whatever q', () => {
    expect(nearestRank(0.01, 1)).toBe(1);
    expect(nearestRank(0.5, 1)).toBe(1);
    expect(nearestRank(0.99, 1)).toBe(1);
    expect(nearestRank(1, 1)).toBe(1);
  });

  it('is ceil(q·n) for n = 10', () => {
    expect(nearestRank(0.1, 10)).toBe(1);
    expect(nearestRank(0.11, 10)).toBe(2); // ceil(1.1)
    expect(nearestRank(0.5, 10)).toBe(5);
    expect(nearestRank(0.9, 10)).toBe(9);
    expect(nearestRank(0.95, 10)).toBe(10); // ceil(9.5)
    expect(nearestRank(0.99, 10)).toBe(10); // ceil(9.9)
    expect(nearestRank(1, 10)).toBe(10);
  });

  it('does not round a rank up when q·n is an integer in exact arithmetic', () => {
    expect(nearestRank(0.95, 20)).toBe(19);
    expect(nearestRank(0.9, 10)).toBe(9);
    expect(nearestRank(0.99, 100)).toBe(99);
    expect(nearestRank(0.5, 2)).toBe(1);
    // 0.07 * 100 === 7.000000000000001 in binary floating point; the rank is still 7.
    expect(nearestRank(0.07, 100)).toBe(7);
  });

  it('rounds a fractional q·n up', () => {
    expect(nearestRank(0.95, 19)).toBe(19); // ceil(18.05)
    expect(nearestRank(0.99, 99)).toBe(99); // ceil(98.01)
    expect(nearestRank(0.9, 11)).toBe(10); // ceil(9.9)
    expect(nearestRank(0.5, 3)).toBe(2); // ceil(1.5)
    expect(nearestRank(0.01, 100)).toBe(1);
    expect(nearestRank(0.011, 100)).toBe(2); // ceil(1.1)
  });

  it('rejects q outside (0, 1]', () => {
    expect(() => nearestRank(0, 5)).toThrow(RangeError);
    expect(() => nearestRank(-0.5, 5)).toThrow(RangeError);
    expect(() => nearestRank(1.0000001, 5)).toThrow(RangeError);
    expect(() => nearestRank(2, 5)).toThrow(RangeError);
    expect(() => nearestRank(Number.NaN, 5)).toThrow(RangeError);
    expect(() => nearestRank(0, 5)).toThrow(/quantile must be in \(0, 1\]/);
  });

  it('rejects n = 0, negative and fractional n', () => {
    expect(() => nearestRank(0.5, 0)).toThrow(RangeError);
    expect(() => nearestRank(0.5, -3)).toThrow(RangeError);
    expect(() => nearestRank(0.5, 2.5)).toThrow(RangeError);
    expect(() => nearestRank(0.5, 0)).toThrow(/at least one sample/);
  });
});

describe('percentile', () => {
  it('returns the only sample for n = 1', () => {
    expect(percentile([7], 0.5)).toBe(7);
    expect(percentile([7], 0.95)).toBe(7);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([7], 1)).toBe(7);
  });

  it('n = 10: P50 is the 5th, P90 the 9th, P95 and P99 the 10th', () => {
    const xs = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    expect(percentile(xs, 0.1)).toBe(10);
    expect(percentile(xs, 0.5)).toBe(50);
    expect(percentile(xs, 0.9)).toBe(90);
    expect(percentile(xs, 0.95)).toBe(100);
    expect(percentile(xs, 0.99)).toBe(100);
    expect(percentile(xs, 1)).toBe(100);
  });

  it('n = 20: P95 is the 19th sample, P99 the 20th', () => {
    const xs = oneTo(20).map((i) => 100 + i); // 101..120
    expect(percentile(xs, 0.05)).toBe(101);
    expect(percentile(xs, 0.5)).toBe(110);
    expect(percentile(xs, 0.9)).toBe(118);
    expect(percentile(xs, 0.95)).toBe(119);
    expect(percentile(xs, 0.99)).toBe(120);
  });

  it('n = 100: P99 is the 99th sample', () => {
    const xs = oneTo(100).map((i) => i * 10); // 10..1000
    expect(percentile(xs, 0.5)).toBe(500);
    expect(percentile(xs, 0.9)).toBe(900);
    expect(percentile(xs, 0.95)).toBe(950);
    expect(percentile(xs, 0.99)).toBe(990);
    expect(percentile(xs, 0.07)).toBe(70);
    expect(percentile(xs, 1)).toBe(1000);
  });

  it('handles ties', () => {
    const xs = [1, 1, 1, 2, 2];
    expect(percentile(xs, 0.2)).toBe(1); // rank 1
    expect(percentile(xs, 0.5)).toBe(1); // rank ceil(2.5) = 3
    expect(percentile(xs, 0.6)).toBe(1); // rank 3
    expect(percentile(xs, 0.61)).toBe(2); // rank ceil(3.05) = 4
    expect(percentile(xs, 0.9)).toBe(2); // rank ceil(4.5) = 5
    expect(percentile(xs, 0.99)).toBe(2);
  });

  it('is always an observed value (no interpolation)', () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2); // interpolation would give 2.5
    expect(percentile([0, 10], 0.75)).toBe(10); // interpolation would give 7.5
  });

  it('accepts typed arrays', () => {
    expect(percentile(new Float64Array([1.5, 2.5, 3.5, 4.5]), 0.5)).toBe(2.5);
    expect(percentile(new Float64Array([1.5, 2.5, 3.5, 4.5]), 0.75)).toBe(3.5);
  });

  it('does not sort or mutate its input', () => {
    const xs = [3, 1, 2];
    // Unsorted input is taken as-is: rank 2 of [3, 1, 2] is 1.
    expect(percentile(xs, 0.5)).toBe(1);
    expect(xs).toEqual([3, 1, 2]);
  });

  it('throws for an empty sample and bad q', () => {
    expect(() => percentile([], 0.5)).toThrow(RangeError);
    expect(() => percentile([1, 2, 3], 0)).toThrow(RangeError);
    expect(() => percentile([1, 2, 3], 1.5)).toThrow(RangeError);
    expect(() => percentile([1, 2, 3], -0.1)).toThrow(RangeError);
  });
});

describe('minSamplesForPercentile', () => {
  it('gives the fewest samples for which the quantile is not the maximum', () => {
    expect(minSamplesForPercentile(0.99)).toBe(100);
    expect(minSamplesForPercentile(0.95)).toBe(20);
    expect(minSamplesForPercentile(0.9)).toBe(10);
    expect(minSamplesForPercentile(0.5)).toBe(2);
    expect(minSamplesForPercentile(0.75)).toBe(4);
    expect(minSamplesForPercentile(0.8)).toBe(5);
    expect(minSamplesForPercentile(0.999)).toBe(1000);
  });

  it('agrees with percentile(): at the minimum the quantile is below the max, one less and it is the max', () => {
    expect(percentile(oneTo(20), 0.95)).toBe(19);
    expect(percentile(oneTo(19), 0.95)).toBe(19);
    expect(percentile(oneTo(100), 0.99)).toBe(99);
    expect(percentile(oneTo(99), 0.99)).toBe(99);
  });
});

describe('hasEnoughSamples', () => {
  it('is true from the minimum count on', () => {
    expect(hasEnoughSamples(0.99, 99)).toBe(false);
    expect(hasEnoughSamples(0.99, 100)).toBe(true);
    expect(hasEnoughSamples(0.99, 300)).toBe(true);
    expect(hasEnoughSamples(0.95, 19)).toBe(false);
    expect(hasEnoughSamples(0.95, 20)).toBe(true);
    expect(hasEnoughSamples(0.9, 9)).toBe(false);
    expect(hasEnoughSamples(0.9, 10)).toBe(true);
    expect(hasEnoughSamples(0.5, 1)).toBe(false);
    expect(hasEnoughSamples(0.5, 2)).toBe(true);
    expect(hasEnoughSamples(0.95, 5)).toBe(false);
  });
});

describe('sortAscending', () => {
  it('sorts numerically, not lexicographically', () => {
    expect(sortAscending([10, 9, 100, 1])).toEqual([1, 9, 10, 100]);
    expect(sortAscending([0.5, -2, 3e3, 0])).toEqual([-2, 0, 0.5, 3000]);
  });

  it('returns a new array and leaves the input alone', () => {
    const input = [3, 1, 2];
    const out = sortAscending(input);
    expect(out).toEqual([1, 2, 3]);
    expect(input).toEqual([3, 1, 2]);
    expect(out).not.toBe(input);
  });

  it('accepts typed arrays and returns a plain array', () => {
    const out = sortAscending(new Float64Array([2, 1]));
    expect(Array.isArray(out)).toBe(true);
    expect(out).toEqual([1, 2]);
  });

  it('returns [] for an empty input', () => {
    expect(sortAscending([])).toEqual([]);
  });
});
