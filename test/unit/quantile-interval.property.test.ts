/**
 * Coverage of the order-statistic interval, measured: draw samples from distributions with a known
 * q-quantile, build the 95 % interval, count how often it contains the truth. Seeded, so the
 * numbers are the same on every run. Order-statistic intervals are discrete and conservative, so
 * the exact coverage is a little above 95 % (≈ 0.960 for (200, 0.5), ≈ 0.967 for (200, 0.9),
 * ≈ 0.980 for (500, 0.99), from the binomial ranks); with 2,000 repetitions the standard error of
 * a measured rate is about √(0.97·0.03/2000) ≈ 0.004.
 */
import { describe, it, expect } from 'vitest';
import { quantileInterval } from '../../src/stats/quantile-interval.js';
import { mulberry32 } from '../../src/harness/feeds.js';

interface Distribution {
  name: string;
  seed: number;
  /** Inverse CDF: maps a uniform [0, 1) draw to a sample. */
  draw: (u: number) => number;
  trueQuantile: (q: number) => number;
}

const DISTRIBUTIONS: Distribution[] = [
  { name: 'Exponential(1)', seed: 0x5eed0001, draw: (u) => -Math.log(1 - u), trueQuantile: (q) => -Math.log(1 - q) },
  { name: 'Uniform(0,1)', seed: 0x5eed0002, draw: (u) => u, trueQuantile: (q) => q },
];

const CASES = [
  { n: 200, q: 0.5 },
  { n: 200, q: 0.9 },
  { n: 500, q: 0.99 },
] as const;

const REPETITIONS = 2000;
const CONFIDENCE = 0.95;

interface Coverage {
  covered: number;
  /** The interval lies wholly above the true quantile. */
  missLow: number;
  /** The interval lies wholly below the true quantile. */
  missHigh: number;
}

function measureCoverage(random: () => number, distribution: Distribution, n: number, q: number): Coverage {
  const truth = distribution.trueQuantile(q);
  const samples = new Float64Array(n);
  let covered = 0;
  let missLow = 0;
  let missHigh = 0;
  for (let rep = 0; rep < REPETITIONS; rep++) {
    for (let i = 0; i < n; i++) samples[i] = distribution.draw(random());
    samples.sort();
    const { low, high } = quantileInterval(samples, q, CONFIDENCE);
    // A null side is unbounded.
    const aboveLow = low === null || low <= truth;
    const belowHigh = high === null || truth <= high;
    if (aboveLow && belowHigh) covered++;
    if (!aboveLow) missLow++;
    if (!belowHigh) missHigh++;
  }
  return { covered: covered / REPETITIONS, missLow: missLow / REPETITIONS, missHigh: missHigh / REPETITIONS };
}

describe('quantileInterval: measured coverage at 95 %', () => {
  for (const distribution of DISTRIBUTIONS) {
    describe(distribution.name, () => {
      CASES.forEach(({ n, q }, index) => {
        it(`n=${n}, q=${q}: coverage in [0.94, 0.985], each one-sided miss ≤ 0.035`, () => {
          // Its own seed per case, so a case gives the same numbers when run alone.
          const coverage = measureCoverage(mulberry32(distribution.seed + index), distribution, n, q);
          console.log(
            `coverage ${distribution.name} n=${n} q=${q}: ${coverage.covered.toFixed(4)} ` +
              `(interval above the truth ${coverage.missLow.toFixed(4)}, below ${coverage.missHigh.toFixed(4)}; ${REPETITIONS} repetitions)`,
          );
          expect(coverage.covered).toBeGreaterThanOrEqual(0.94);
          expect(coverage.covered).toBeLessThanOrEqual(0.985);
          expect(coverage.missLow).toBeLessThanOrEqual(0.035);
          expect(coverage.missHigh).toBeLessThanOrEqual(0.035);
        });
      });
    });
  }

  it('the generator is seeded: the same seed gives the same draws', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect(c()).not.toBe(first[0]);
    for (const u of first) {
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
    }
  });
});
