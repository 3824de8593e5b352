import { describe, expect, it } from 'vitest';
import { abVerdict } from '../../src/gate/ab-verdict.js';
import { minBlocksForPairedInterval, pairedRatio } from '../../src/stats/paired-ratio.js';

describe('pairedRatio', () => {
  it('is the median block ratio, bounded once enough blocks sit on either side', () => {
    const first = minBlocksForPairedInterval(0.95);
    expect(pairedRatio(Array(first - 1).fill(1.1), 0.95)).toMatchObject({ ratio: 1.1, low: null, high: null });
    const ratios = Array.from({ length: 40 }, (_, i) => 1 + (i - 20) / 1000);
    const estimate = pairedRatio(ratios, 0.95);
    expect(estimate?.ratio).toBeCloseTo(1, 2);
    expect(estimate?.low).toBeLessThan(1);
    expect(estimate?.high).toBeGreaterThan(1);
    expect(estimate?.blocks).toBe(40);
  });

  it('leaves out ratios that are not positive and finite (a side with no measurement), and has none without blocks', () => {
    expect(pairedRatio([Number.NaN, 0, Number.POSITIVE_INFINITY, 1.2], 0.95)).toMatchObject({ ratio: 1.2, blocks: 1 });
    expect(pairedRatio([], 0.95)).toBeNull();
  });
});

describe('abVerdict', () => {
  const at = (low: number | null, high: number | null) => ({ ratio: 1, low, high, blocks: 30 });
  it('same when the interval lies within the tolerance, even if it clears 1', () => {
    expect(abVerdict(at(0.97, 1.04), 0.05)).toBe('same');
    expect(abVerdict(at(1.01, 1.04), 0.05)).toBe('same');
    expect(abVerdict(at(1 / 1.05, 1.05), 0.05)).toBe('same');
  });
  it('slower or faster when the interval clears 1 and leaves the tolerance', () => {
    expect(abVerdict(at(1.01, 1.09), 0.05)).toBe('slower');
    expect(abVerdict(at(1.06, null), 0.05)).toBe('slower');
    expect(abVerdict(at(0.9, 0.99), 0.05)).toBe('faster');
  });
  it('unsure when the interval straddles 1 beyond the tolerance, or there is nothing to judge', () => {
    expect(abVerdict(at(0.98, 1.07), 0.05)).toBe('unsure');
    expect(abVerdict(at(null, null), 0.05)).toBe('unsure');
    expect(abVerdict(null, 0.05)).toBe('unsure');
  });
});
