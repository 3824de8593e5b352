import { describe, it, expect } from 'vitest';
import { SUMMARY_PERCENTILES, summarize } from '../../src/stats/summary.js';

describe('SUMMARY_PERCENTILES', () => {
  it('lists P50, P90, P95 and P99', () => {
    expect(SUMMARY_PERCENTILES).toEqual({ p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 });
  });
});

describe('summarize', () => {
  it('returns null for an empty sample', () => {
    expect(summarize([])).toBeNull();
  });

  it('n = 1: stddev 0 and every statistic is the sample', () => {
    expect(summarize([42])).toEqual({
      n: 1,
      min: 42,
      max: 42,
      mean: 42,
      stddev: 0,
      p50: 42,
      p90: 42,
      p95: 42,
      p99: 42,
    });
  });

  it('[2, 4, 6]: mean 4, sample stddev exactly 2 (n − 1 denominator)', () => {
    // deviations -2, 0, 2 → sum of squares 8 → 8 / (3 − 1) = 4 → stddev 2
    // (a population stddev, /n, would be sqrt(8/3) ≈ 1.633)
    expect(summarize([2, 4, 6])).toEqual({
      n: 3,
      min: 2,
      max: 6,
      mean: 4,
      stddev: 2,
      p50: 4, // rank ceil(1.5) = 2
      p90: 6, // rank ceil(2.7) = 3
      p95: 6,
      p99: 6,
    });
  });

  it('[2, 4, 4, 4, 5, 5, 7, 9]: mean 5, stddev sqrt(32/7)', () => {
    const s = summarize([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(s).not.toBeNull();
    if (!s) return;
    expect(s.n).toBe(8);
    expect(s.min).toBe(2);
    expect(s.max).toBe(9);
    expect(s.mean).toBe(5);
    // squared deviations 9+1+1+1+0+0+4+16 = 32; 32/7 = 4.571428…; sqrt = 2.1380899352993950
    expect(s.stddev).toBeCloseTo(2.138089935299395, 12);
    expect(s.p50).toBe(4); // rank 4
    expect(s.p90).toBe(9); // rank ceil(7.2) = 8
    expect(s.p95).toBe(9); // rank ceil(7.6) = 8
    expect(s.p99).toBe(9);
  });

  it('1..20: P95 is the 19th, P99 the 20th, stddev sqrt(35)', () => {
    const xs = Array.from({ length: 20 }, (_, i) => i + 1);
    const s = summarize(xs);
    expect(s).not.toBeNull();
    if (!s) return;
    expect(s.n).toBe(20);
    expect(s.min).toBe(1);
    expect(s.max).toBe(20);
    expect(s.mean).toBeCloseTo(10.5, 12);
    // sample variance of 1..n is n(n+1)/12 = 20·21/12 = 35
    expect(s.stddev).toBeCloseTo(5.916079783099616, 12);
    expect(s.p50).toBe(10);
    expect(s.p90).toBe(18);
    expect(s.p95).toBe(19);
    expect(s.p99).toBe(20);
  });

  it('stays accurate for tightly clustered samples with a large offset', () => {
    const s = summarize([1e9 + 1, 1e9 + 2, 1e9 + 3]);
    expect(s).not.toBeNull();
    if (!s) return;
    expect(s.mean).toBeCloseTo(1_000_000_002, 6);
    expect(s.stddev).toBeCloseTo(1, 9);
  });

  it('all-equal samples have stddev 0', () => {
    const s = summarize([3, 3, 3, 3]);
    expect(s?.stddev).toBe(0);
    expect(s?.mean).toBe(3);
  });

  it('does not mutate the input', () => {
    const xs = [1, 2, 3];
    summarize(xs);
    expect(xs).toEqual([1, 2, 3]);
  });
});
