import { describe, expect, it } from 'vitest';
import { runNoise } from '../../src/stats/run-noise.js';

describe('runNoise', () => {
  it('is the pooled SD of log medians over the sides with two or more workers', () => {
    const a = [10, 11, 12];
    const b = [20, 22];
    const logsA = a.map(Math.log);
    const logsB = b.map(Math.log);
    const meanA = logsA.reduce((x, y) => x + y) / 3;
    const meanB = logsB.reduce((x, y) => x + y) / 2;
    const ss = logsA.reduce((sum, v) => sum + (v - meanA) ** 2, 0) + logsB.reduce((sum, v) => sum + (v - meanB) ** 2, 0);
    const noise = runNoise(a, b);
    expect(noise.df).toBe(3);
    expect(noise.sigma).toBeCloseTo(Math.sqrt(ss / 3), 12);
  });

  it('ignores a side with one worker, and is unknown when no side has two', () => {
    expect(runNoise([10], [20, 20.2]).df).toBe(1);
    expect(runNoise([10], [20])).toEqual({ sigma: null, df: 0 });
    expect(runNoise([], [])).toEqual({ sigma: null, df: 0 });
  });

  it('is scale-free: the same relative spread at any speed', () => {
    const slow = runNoise([100, 110, 120]);
    const fast = runNoise([0.01, 0.011, 0.012]);
    expect(slow.sigma).toBeCloseTo(fast.sigma as number, 12);
  });

  it('is zero for identical medians', () => {
    expect(runNoise([5, 5, 5]).sigma).toBe(0);
  });
});
