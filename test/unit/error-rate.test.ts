import { describe, it, expect } from 'vitest';
import { clopperPearson, runsNeededForZeroFailures } from '../../src/stats/error-rate.js';

describe('clopperPearson: closed forms at the edges', () => {
  it('0 of n: low 0, high 1 − 0.025^(1/n)', () => {
    // n = 10: 0.025^(0.1) = e^(−0.3688879) ≈ 0.6915029 → high ≈ 0.3084971.
    const ten = clopperPearson(0, 10, 0.95);
    expect(ten.low).toBe(0);
    expect(ten.high).toBeCloseTo(0.3084971, 6);
    // n = 1: 1 − 0.025 = 0.975.
    const one = clopperPearson(0, 1, 0.95);
    expect(one.low).toBe(0);
    expect(one.high).toBeCloseTo(0.975, 9);
    // n = 1000: 1 − e^(−0.003688879) ≈ 0.003688879 − 0.0000068039 ≈ 0.0036821.
    expect(clopperPearson(0, 1000, 0.95).high).toBeCloseTo(0.0036821, 7);
  });

  it('0 of 3688 is just under 0.1 %, 0 of 3687 just over', () => {
    // n = 3688: 3.688879/3688 = 0.00100024 → 1 − e^(−0.00100024) ≈ 0.00100024 − 0.00000050 = 0.00099974.
    const under = clopperPearson(0, 3688, 0.95).high;
    expect(under).toBeLessThan(0.001);
    expect(under).toBeCloseTo(0.00099974, 8);
    // n = 3687: 3.688879/3687 = 0.00100051 → ≈ 0.00100051 − 0.00000050 = 0.00100001.
    const over = clopperPearson(0, 3687, 0.95).high;
    expect(over).toBeGreaterThan(0.001);
    expect(over).toBeCloseTo(0.00100001, 8);
  });

  it('n of n: high 1, low 0.025^(1/n)', () => {
    // 10 of 10: 0.025^(0.1) ≈ 0.6915029.
    const ten = clopperPearson(10, 10, 0.95);
    expect(ten.high).toBe(1);
    expect(ten.low).toBeCloseTo(0.6915029, 6);
    expect(clopperPearson(1, 1, 0.95)).toEqual({ low: expect.closeTo(0.025, 9), high: 1 });
  });

  it('1 of n: low 1 − 0.975^(1/n)', () => {
    // n = 500: −ln 0.975 / 500 = 0.0253178/500 = 0.0000506356 → 1 − e^(−x) ≈ 0.0000506343.
    expect(clopperPearson(1, 500, 0.95).low).toBeCloseTo(0.0000506343, 10);
  });

  it('is symmetric: the interval for x of n mirrors that for n − x', () => {
    const three = clopperPearson(3, 20, 0.95);
    const seventeen = clopperPearson(17, 20, 0.95);
    expect(three.low).toBeCloseTo(1 - seventeen.high, 12);
    expect(three.high).toBeCloseTo(1 - seventeen.low, 12);
  });
});

describe('clopperPearson: tabulated values', () => {
  it('5 of 100 at 95 %: [0.01643, 0.11283]', () => {
    // Reference: R binom.test(5, 100)$conf.int = 0.01643188 0.11283491.
    const interval = clopperPearson(5, 100, 0.95);
    expect(Number(interval.low.toPrecision(4))).toBe(0.01643);
    expect(Number(interval.high.toPrecision(4))).toBe(0.1128);
    expect(interval.high).toBeCloseTo(0.11283, 5);
  });

  it('50 of 1000 at 95 %: [0.03734, 0.06539]', () => {
    // Reference: R binom.test(50, 1000)$conf.int = 0.03733540 0.06539049.
    const interval = clopperPearson(50, 1000, 0.95);
    expect(interval.low).toBeCloseTo(0.03734, 5);
    expect(interval.high).toBeCloseTo(0.06539, 5);
  });

  it('a lower confidence gives a narrower interval', () => {
    // 0 of 10 at 90 %: 1 − 0.05^(0.1) = 1 − e^(−0.2995732) ≈ 1 − 0.7411344 = 0.2588656.
    expect(clopperPearson(0, 10, 0.9).high).toBeCloseTo(0.2588656, 6);
  });
});

describe('clopperPearson: argument errors', () => {
  it.each([0, -1, 2.5, Number.NaN])('attempts %s', (attempts) => {
    expect(() => clopperPearson(0, attempts, 0.95)).toThrow(RangeError);
    expect(() => clopperPearson(0, attempts, 0.95)).toThrow(`need at least one attempt, got ${attempts}`);
  });

  it.each([-1, 11, 1.5, Number.NaN])('failures %s of 10', (failures) => {
    expect(() => clopperPearson(failures, 10, 0.95)).toThrow(RangeError);
    expect(() => clopperPearson(failures, 10, 0.95)).toThrow(`failures must be in 0..10, got ${failures}`);
  });
});

describe('runsNeededForZeroFailures', () => {
  it('0.1 % at 95 % needs 3688 clean runs, at 90 % 2995', () => {
    // ⌈ln 0.025 / ln 0.999⌉ = ⌈3.688879 / 0.0010005⌉ = ⌈3687.03⌉ = 3688
    expect(runsNeededForZeroFailures(0.001, 0.95)).toBe(3688);
    // ⌈ln 0.05 / ln 0.999⌉ = ⌈2.995732 / 0.0010005⌉ = ⌈2994.23⌉ = 2995
    expect(runsNeededForZeroFailures(0.001, 0.9)).toBe(2995);
  });

  it('1 % at 95 %: 368 runs (the same arithmetic as the P99 upper bound)', () => {
    // ⌈ln 0.025 / ln 0.99⌉ = ⌈367.04⌉ = 368
    expect(runsNeededForZeroFailures(0.01, 0.95)).toBe(368);
  });

  it('that many clean runs is the first count whose upper bound is below the threshold', () => {
    expect(clopperPearson(0, 3688, 0.95).high).toBeLessThan(0.001);
    expect(clopperPearson(0, 3687, 0.95).high).toBeGreaterThanOrEqual(0.001);
    expect(clopperPearson(0, 2995, 0.9).high).toBeLessThan(0.001);
    expect(clopperPearson(0, 2994, 0.9).high).toBeGreaterThanOrEqual(0.001);
  });
});
