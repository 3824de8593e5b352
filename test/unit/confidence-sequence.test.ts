import { describe, expect, it } from 'vitest';
import betaln from '@stdlib/math-base-special-betaln';
import { anytimeQuantileInterval, anytimeQuantileRankInterval, anytimeRateInterval, minSamplesForAnytimeUpperBound, runsNeededForZeroFailuresAnytime } from '../../src/stats/confidence-sequence.js';
import { clopperPearson } from '../../src/stats/error-rate.js';
import { minSamplesForUpperBound, quantileRankInterval } from '../../src/stats/quantile-interval.js';

/** log M_n(p₀) written out again, term by term, for the brute-force checks (prior mean p₀ = q, minority shape 0.2). */
function logWealthByHand(k: number, n: number, q: number): number {
  const b = 0.2;
  const a = (b * q) / (1 - q);
  return betaln(a + k, b + n - k) - betaln(a, b) - k * Math.log(q) - (n - k) * Math.log(1 - q);
}

/** The ranks by scanning every count: excluded counts have log-wealth ≥ ln(1/α). */
function ranksByScan(n: number, q: number, confidence: number): { lowRank: number | null; highRank: number | null } {
  const barrier = -Math.log((1 - confidence) / 2);
  const excluded = Array.from({ length: n + 1 }, (_, k) => logWealthByHand(k, n, q) >= barrier);
  const kept = excluded.flatMap((isExcluded, k) => (isExcluded ? [] : [k]));
  const lowest = kept[0] as number;
  const highest = kept[kept.length - 1] as number;
  return { lowRank: lowest > 0 ? lowest : null, highRank: highest < n ? highest + 1 : null };
}

describe('anytimeQuantileRankInterval', () => {
  it('agrees with a scan of every count, for P50, P95 and P99 at 90, 95 and 99 %', () => {
    for (const q of [0.5, 0.95, 0.99]) {
      for (const confidence of [0.9, 0.95, 0.99]) {
        for (const n of [1, 2, 10, 59, 72, 85, 100, 299, 430, 1000, 2500]) {
          expect(anytimeQuantileRankInterval(n, q, confidence), `n=${n} q=${q} c=${confidence}`).toEqual(ranksByScan(n, q, confidence));
        }
      }
    }
  });

  it('is never narrower than the fixed-n interval at the same n (it pays for every look)', () => {
    for (const q of [0.5, 0.95, 0.99]) {
      for (const n of [100, 500, 2000, 10_000]) {
        const anytime = anytimeQuantileRankInterval(n, q, 0.95);
        const fixed = quantileRankInterval(n, q, 0.95);
        if (anytime.lowRank !== null) expect(anytime.lowRank).toBeLessThanOrEqual(fixed.lowRank as number);
        if (fixed.highRank === null) expect(anytime.highRank).toBeNull();
        else if (anytime.highRank !== null) expect(anytime.highRank).toBeGreaterThanOrEqual(fixed.highRank);
      }
    }
  });

  it('reads the interval off the sorted samples at those ranks', () => {
    const sorted = Array.from({ length: 1000 }, (_, i) => i + 1);
    const { lowRank, highRank } = anytimeQuantileRankInterval(1000, 0.95, 0.95);
    expect(anytimeQuantileInterval(sorted, 0.95, 0.95)).toEqual({ lowRank, highRank, low: lowRank, high: highRank });
  });

  it('rejects what is not a sample count, quantile or confidence', () => {
    expect(() => anytimeQuantileRankInterval(0, 0.95, 0.95)).toThrow(RangeError);
    expect(() => anytimeQuantileRankInterval(10, 1, 0.95)).toThrow(RangeError);
    expect(() => anytimeQuantileRankInterval(10, 0.95, 1)).toThrow(RangeError);
  });
});

describe('what a clear pass costs against a single fixed-n look', () => {
  it('P95 at 95 %: 85 cold loads against 72 (1.18×, within the 1.25× budget)', () => {
    expect(minSamplesForUpperBound(0.95, 0.95)).toBe(72);
    expect(minSamplesForAnytimeUpperBound(0.95, 0.95)).toBe(85);
    // The first n whose rank interval has an upper side is that count, and the one before has none.
    expect(anytimeQuantileRankInterval(85, 0.95, 0.95).highRank).toBe(85);
    expect(anytimeQuantileRankInterval(84, 0.95, 0.95).highRank).toBeNull();
  });

  it('P99 at 95 %: 430 runs against 368', () => {
    expect(minSamplesForAnytimeUpperBound(0.99, 0.95)).toBe(430);
    expect(anytimeQuantileRankInterval(429, 0.99, 0.95).highRank).toBeNull();
  });

  it('no failure in 4,311 runs shows error.rate < 0.1 % at 95 % (fixed-n: 3,688)', () => {
    expect(runsNeededForZeroFailuresAnytime(0.001, 0.95)).toBe(4311);
    expect(anytimeRateInterval(0, 4311, 0.95, 0.001).high).toBeLessThan(0.001);
    expect(anytimeRateInterval(0, 4310, 0.95, 0.001).high).toBeGreaterThanOrEqual(0.001);
  });
});

describe('anytimeRateInterval', () => {
  it('its sides are where the wealth reaches 1/α, and it holds the observed rate', () => {
    const barrier = -Math.log(0.025);
    const b = (0.2 * (1 - 0.01)) / 0.01;
    const wealth = (p: number, failures: number, attempts: number) =>
      betaln(0.2 + failures, b + attempts - failures) - betaln(0.2, b) - failures * Math.log(p) - (attempts - failures) * Math.log1p(-p);
    for (const [failures, attempts] of [
      [3, 1000],
      [40, 2000],
      [1, 50],
    ] as const) {
      const { low, high } = anytimeRateInterval(failures, attempts, 0.95, 0.01);
      expect(low).toBeLessThan(failures / attempts);
      expect(high).toBeGreaterThan(failures / attempts);
      expect(wealth(high, failures, attempts)).toBeGreaterThanOrEqual(barrier);
      expect(wealth(high * (1 - 1e-9), failures, attempts)).toBeLessThan(barrier);
      expect(wealth(low, failures, attempts)).toBeGreaterThanOrEqual(barrier);
      expect(wealth(low * (1 + 1e-9), failures, attempts)).toBeLessThan(barrier);
    }
  });

  it('is wider than Clopper–Pearson at the same counts, with 0 and 1 where nothing or everything failed', () => {
    const anytime = anytimeRateInterval(5, 3000, 0.95, 0.001);
    const fixed = clopperPearson(5, 3000, 0.95);
    expect(anytime.low).toBeLessThan(fixed.low);
    expect(anytime.high).toBeGreaterThan(fixed.high);
    expect(anytimeRateInterval(0, 100, 0.95, 0.001).low).toBe(0);
    expect(anytimeRateInterval(100, 100, 0.95, 0.001).high).toBe(1);
  });

  it('rejects impossible counts', () => {
    expect(() => anytimeRateInterval(5, 4, 0.95, 0.001)).toThrow(RangeError);
    expect(() => anytimeRateInterval(0, 0, 0.95, 0.001)).toThrow(RangeError);
  });
});
