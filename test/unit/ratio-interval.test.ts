import { describe, it, expect } from 'vitest';
import { quantileRatio as quantileRatioOrNull, type RatioEstimate } from '../../src/stats/ratio-interval.js';
import { percentile, sortAscending } from '../../src/stats/percentiles.js';
import { quantileInterval } from '../../src/stats/quantile-interval.js';
import { mulberry32 } from '../../src/harness/feeds.js';

/** The estimate where the reference quantile is positive (every case below but the zero one). */
function quantileRatio(...args: Parameters<typeof quantileRatioOrNull>): RatioEstimate {
  const estimate = quantileRatioOrNull(...args);
  if (!estimate) throw new Error('expected a ratio');
  return estimate;
}

function range(from: number, to: number, step = 1): number[] {
  const values: number[] = [];
  for (let value = from; value <= to; value += step) values.push(value);
  return values;
}

/** n sorted Exponential(1)·scale samples from a seeded generator. */
function exponentialSamples(random: () => number, n: number, scale = 1): number[] {
  return sortAscending(Array.from({ length: n }, () => -Math.log(1 - random()) * scale));
}

describe('quantileRatio: the point estimate', () => {
  it('is the ratio of the nearest-rank percentiles', () => {
    // n = 10, q = 0.5 → rank 5: A → 5, B → 50.
    const a = range(1, 10);
    const b = range(10, 100, 10);
    expect(quantileRatio(a, b, 0.5, 0.95).ratio).toBe(0.1);
    expect(quantileRatio(b, a, 0.5, 0.95).ratio).toBe(10);
  });

  it('uses the nearest rank, not an interpolated median', () => {
    // n = 4, q = 0.5 → rank 2: A → 2, B → 1 (interpolation would give 2.5 / 4.5).
    expect(quantileRatio([1, 2, 3, 4], [1, 1, 8, 8], 0.5, 0.95).ratio).toBe(2);
  });

  it('matches percentile() at several quantiles on seeded data of different sizes', () => {
    const random = mulberry32(0x7a710001);
    const a = exponentialSamples(random, 137, 3);
    const b = exponentialSamples(random, 400);
    for (const q of [0.5, 0.9, 0.95, 0.99]) {
      expect(quantileRatio(a, b, q, 0.95).ratio).toBe(percentile(a, q) / percentile(b, q));
    }
  });
});

describe('quantileRatio: the interval', () => {
  it('is [lowA / highB, highA / lowB] from each side’s interval at 1 − (1 − c)/2', () => {
    const random = mulberry32(0x7a710002);
    const a = exponentialSamples(random, 300, 2);
    const b = exponentialSamples(random, 250);
    for (const [q, confidence] of [
      [0.5, 0.95],
      [0.95, 0.95],
      [0.5, 0.9],
      [0.9, 0.99],
    ] as const) {
      const each = 1 - (1 - confidence) / 2;
      const ia = quantileInterval(a, q, each);
      const ib = quantileInterval(b, q, each);
      expect(ia.low).not.toBeNull();
      expect(ia.high).not.toBeNull();
      expect(ib.low).not.toBeNull();
      expect(ib.high).not.toBeNull();
      const estimate = quantileRatio(a, b, q, confidence);
      expect(estimate.low).toBe((ia.low as number) / (ib.high as number));
      expect(estimate.high).toBe((ia.high as number) / (ib.low as number));
    }
  });

  it('is wider than one built from each side at the joint confidence itself (Bonferroni)', () => {
    const random = mulberry32(0x7a710003);
    const a = exponentialSamples(random, 300);
    const b = exponentialSamples(random, 300);
    const joint = quantileRatio(a, b, 0.5, 0.95);
    const ia = quantileInterval(a, 0.5, 0.95);
    const ib = quantileInterval(b, 0.5, 0.95);
    const naiveLow = (ia.low as number) / (ib.high as number);
    const naiveHigh = (ia.high as number) / (ib.low as number);
    expect(joint.low as number).toBeLessThan(naiveLow);
    expect(joint.high as number).toBeGreaterThan(naiveHigh);
  });

  it('contains the ratio', () => {
    const random = mulberry32(0x7a710004);
    for (let repetition = 0; repetition < 50; repetition++) {
      // At least 100 samples each: P95 at 97.5 % needs 86 for an upper bound.
      const a = exponentialSamples(random, 100 + repetition * 7, 1 + repetition / 10);
      const b = exponentialSamples(random, 400 - repetition * 6);
      for (const q of [0.5, 0.95]) {
        const { ratio, low, high } = quantileRatio(a, b, q, 0.95);
        expect(low).not.toBeNull();
        expect(high).not.toBeNull();
        expect(low as number).toBeLessThanOrEqual(ratio);
        expect(high as number).toBeGreaterThanOrEqual(ratio);
      }
    }
  });

  it('identical sample sets give ratio 1 inside the interval', () => {
    const sorted = range(1, 100);
    const estimate = quantileRatio(sorted, sorted, 0.5, 0.95);
    expect(estimate.ratio).toBe(1);
    expect(estimate.low as number).toBeLessThan(1);
    expect(estimate.high as number).toBeGreaterThan(1);
  });

  it('a higher confidence gives a wider interval', () => {
    const random = mulberry32(0x7a710005);
    const a = exponentialSamples(random, 500);
    const b = exponentialSamples(random, 500);
    const narrow = quantileRatio(a, b, 0.5, 0.8);
    const wide = quantileRatio(a, b, 0.5, 0.99);
    expect(wide.low as number).toBeLessThan(narrow.low as number);
    expect(wide.high as number).toBeGreaterThan(narrow.high as number);
  });
});

describe('quantileRatio: sides that cannot be bounded', () => {
  it('too few samples in A for P99 (n = 5): no high; low still exists when B is large', () => {
    const a = range(1, 5);
    const b = range(1, 500);
    // Precondition: A's P99 has a lower bound (rank 4 at 97.5 %) but no upper one; B has both.
    expect(quantileInterval(a, 0.99, 0.975)).toMatchObject({ lowRank: 4, highRank: null });
    const ib = quantileInterval(b, 0.99, 0.975);
    expect(ib.high).not.toBeNull();
    const estimate = quantileRatio(a, b, 0.99, 0.95);
    expect(estimate.high).toBeNull();
    expect(estimate.low).toBe(4 / (ib.high as number));
    expect(estimate.ratio).toBe(5 / percentile(b, 0.99));
  });

  it('too few samples in B for P99: no low; high still exists when A is large', () => {
    const a = range(1, 500);
    const b = range(1, 5);
    const ia = quantileInterval(a, 0.99, 0.975);
    const estimate = quantileRatio(a, b, 0.99, 0.95);
    expect(estimate.low).toBeNull();
    expect(estimate.high).toBe((ia.high as number) / 4);
  });

  it('too few samples on both sides: neither bound', () => {
    const estimate = quantileRatio(range(1, 5), range(1, 5), 0.99, 0.95);
    expect(estimate).toEqual({ ratio: 1, low: null, high: null });
  });

  it('a zero lower bound in B gives no high, rather than dividing by zero', () => {
    // n = 20, q = 0.5 at 97.5 %: lower bound is rank 5, so five leading zeros put it at 0.
    const a = range(1, 20);
    const b = [0, 0, 0, 0, 0, ...range(6, 20)];
    expect(b).toHaveLength(20);
    expect(quantileInterval(b, 0.5, 0.975).low).toBe(0);
    const estimate = quantileRatio(a, b, 0.5, 0.95);
    expect(estimate.high).toBeNull();
    expect(Number.isFinite(estimate.low)).toBe(true);
    expect(estimate.low).toBe((quantileInterval(a, 0.5, 0.975).low as number) / (quantileInterval(b, 0.5, 0.975).high as number));
    expect(estimate.ratio).toBe(10 / 10);
  });

  it('a positive lower bound in B, one rank above the zeros, does bound the ratio from above', () => {
    const a = range(1, 20);
    const b = [0, 0, 0, 0, ...range(5, 20)];
    const estimate = quantileRatio(a, b, 0.5, 0.95);
    expect(estimate.high).toBe((quantileInterval(a, 0.5, 0.975).high as number) / 5);
  });
});

describe('quantileRatio: coverage, measured (seeded)', () => {
  it('the 95 % interval covers the true ratio of medians in at least 95 % of repetitions', () => {
    // A ~ Exponential(1), B ~ 2·Exponential(1): true medians ln 2 and 2 ln 2, true ratio 1/2.
    // Each side's 97.5 % interval covers ≥ 97.5 %, so the pair covers ≥ 95 % (in practice ≈ 0.95² or more).
    const random = mulberry32(0x5eed0ba5);
    const repetitions = 300;
    const n = 200;
    const truth = 0.5;
    let covered = 0;
    let unbounded = 0;
    for (let repetition = 0; repetition < repetitions; repetition++) {
      const a = exponentialSamples(random, n);
      const b = exponentialSamples(random, n, 2);
      const { low, high } = quantileRatio(a, b, 0.5, 0.95);
      if (low === null || high === null) {
        unbounded++;
        continue;
      }
      if (low <= truth && truth <= high) covered++;
    }
    expect(unbounded).toBe(0);
    expect(covered / repetitions).toBeGreaterThanOrEqual(0.95);
  });

  it('the coverage check can fail: ratios three times off the truth are (almost) never covered', () => {
    const random = mulberry32(0x5eed0ba6);
    let coveredHigh = 0;
    let coveredLow = 0;
    for (let repetition = 0; repetition < 300; repetition++) {
      const a = exponentialSamples(random, 200);
      const b = exponentialSamples(random, 200, 2);
      const { low, high } = quantileRatio(a, b, 0.5, 0.95);
      if (low !== null && high !== null && low <= 1.5 && 1.5 <= high) coveredHigh++;
      if (low !== null && high !== null && low <= 0.5 / 3 && 0.5 / 3 <= high) coveredLow++;
    }
    expect(coveredHigh / 300).toBeLessThan(0.01);
    expect(coveredLow / 300).toBeLessThan(0.01);
  });
});

describe('quantileRatio: a reference quantile of zero', () => {
  it('has no ratio at all, rather than Infinity or NaN', () => {
    expect(quantileRatioOrNull([1, 2, 3], [0, 0, 0], 0.5, 0.95)).toBeNull();
    expect(quantileRatioOrNull([0, 0, 0], [0, 0, 0], 0.5, 0.95)).toBeNull();
  });
});
