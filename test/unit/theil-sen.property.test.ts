/**
 * Coverage of the Theil–Sen interval, measured: series with a known slope plus seeded noise, the
 * 95 % interval built, how often it contains the true slope counted. The interval rests on the
 * exact null distribution of Kendall's statistic, which is discrete, so its confidence is a little
 * above 95 %: 1 − 2·P(inversions < cut), computed here for each n. With 2,000 repetitions the
 * standard error of a measured rate is about √(0.96·0.04/2000) ≈ 0.0044; the tests allow 3.5 of them.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/harness/feeds.js';
import { inversionProbabilities, kendallCut, theilSen } from '../../src/stats/theil-sen.js';

const REPETITIONS = 2000;
const CONFIDENCE = 0.95;
const TRUE_SLOPE = 65_536;
const TOLERANCE = 3.5 * Math.sqrt((0.96 * 0.04) / REPETITIONS);

interface Noise {
  name: string;
  /** One draw from the noise, bytes. */
  draw: (random: () => number) => number;
}

const normal = (random: () => number) => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

const NOISES: Noise[] = [
  { name: 'normal, SD 100 kB', draw: (random) => 100_000 * normal(random) },
  // Skewed: the garbage a cycle sometimes leaves behind is never negative.
  { name: 'exponential, mean 200 kB', draw: (random) => -200_000 * Math.log(1 - random()) },
  // Heavy-tailed (Cauchy): now and then a cycle lands megabytes off.
  { name: 'Cauchy, scale 50 kB', draw: (random) => 50_000 * Math.tan(Math.PI * (random() - 0.5)) },
];

/** The interval's exact confidence for n points. */
function exactConfidence(n: number): number {
  const cut = kendallCut(n, CONFIDENCE);
  const tail = [...inversionProbabilities(n)].slice(0, cut).reduce((sum, p) => sum + p, 0);
  return 1 - 2 * tail;
}

function coverage(noise: Noise, n: number, seed: number): { covered: number; missLow: number; missHigh: number } {
  const random = mulberry32(seed);
  const x = Array.from({ length: n }, (_, i) => i);
  let covered = 0;
  let missLow = 0;
  let missHigh = 0;
  for (let rep = 0; rep < REPETITIONS; rep++) {
    const y = x.map((cycle) => 30e6 + TRUE_SLOPE * cycle + noise.draw(random));
    const interval = theilSen(x, y, CONFIDENCE);
    const { low, high } = interval ?? { low: null, high: null };
    if (low !== null && low > TRUE_SLOPE) missLow++;
    else if (high !== null && high < TRUE_SLOPE) missHigh++;
    else covered++;
  }
  return { covered: covered / REPETITIONS, missLow: missLow / REPETITIONS, missHigh: missHigh / REPETITIONS };
}

describe('Theil–Sen interval coverage on seeded noise', () => {
  for (const [index, noise] of NOISES.entries()) {
    for (const n of [6, 11, 21]) {
      it(`${noise.name}, ${n} points: covers the true slope as often as its exact confidence says`, () => {
        const expected = exactConfidence(n);
        expect(expected).toBeGreaterThanOrEqual(CONFIDENCE);
        const measured = coverage(noise, n, 0x7e115e00 + 16 * index + n);
        expect(Math.abs(measured.covered - expected)).toBeLessThan(TOLERANCE);
        // Two-sided: neither side misses much more than its half of the error.
        expect(measured.missLow).toBeLessThan((1 - CONFIDENCE) / 2 + TOLERANCE);
        expect(measured.missHigh).toBeLessThan((1 - CONFIDENCE) / 2 + TOLERANCE);
      });
    }
  }
});
