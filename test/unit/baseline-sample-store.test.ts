import { describe, it, expect } from 'vitest';
import { baselineEntrySchema } from '../../src/baseline/document.js';
import { EXACT_SAMPLE_CAP, loadSamples, storeSamples, type StoredSamples } from '../../src/baseline/sample-store.js';
import { mulberry32 } from '../../src/harness/feeds.js';
import { percentile, sortAscending } from '../../src/stats/percentiles.js';

/** Latency-like samples: mostly 1–3 ms, a long tail up to ~200 ms, in no particular order. */
function latencies(count: number, seed = 1): number[] {
  const next = mulberry32(seed);
  return Array.from({ length: count }, () => {
    const u = next();
    return u < 0.95 ? 1 + 2 * next() : 3 + 200 * next() ** 2;
  });
}

const REL_TOLERANCE = 1.5e-3;
const QUANTILES = [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];

function isSortedAscending(values: readonly number[]): boolean {
  return values.every((value, i) => i === 0 || (values[i - 1] as number) <= value);
}

function expectRelativelyClose(actual: number, expected: number, label: string): void {
  const relative = Math.abs(actual - expected) / Math.abs(expected);
  expect(relative, `${label}: ${actual} vs exact ${expected}`).toBeLessThanOrEqual(REL_TOLERANCE);
}

describe('storeSamples: under the cap', () => {
  it('keeps every sample exactly, sorted ascending', () => {
    const samples = [3.5, 1.25, 2, 1.25, 10, 0.001];
    const stored = storeSamples(samples);
    expect(stored).toEqual({ encoding: 'sorted', n: 6, sortedMs: [0.001, 1.25, 1.25, 2, 3.5, 10] });
  });

  it('does not reorder the caller’s array', () => {
    const samples = [3, 1, 2];
    storeSamples(samples);
    expect(samples).toEqual([3, 1, 2]);
  });

  it('round-trips exactly through loadSamples', () => {
    const samples = latencies(1000, 7);
    const stored = storeSamples(samples);
    expect(stored.encoding).toBe('sorted');
    expect(loadSamples(stored)).toEqual(sortAscending(samples));
  });

  it('stores exactly at the cap, and a histogram one sample above it', () => {
    const samples = latencies(101, 3);
    expect(storeSamples(samples.slice(0, 100), 100).encoding).toBe('sorted');
    expect(storeSamples(samples, 100).encoding).toBe('hdr-ns');
  });

  it('keeps an empty sample as an empty sorted list', () => {
    const stored = storeSamples([]);
    expect(stored).toEqual({ encoding: 'sorted', n: 0, sortedMs: [] });
    expect(loadSamples(stored)).toEqual([]);
  });

  it('defaults the cap to EXACT_SAMPLE_CAP (50,000)', () => {
    expect(EXACT_SAMPLE_CAP).toBe(50_000);
    const samples = latencies(EXACT_SAMPLE_CAP, 11);
    const stored = storeSamples(samples);
    expect(stored.encoding).toBe('sorted');
    expect(stored.n).toBe(EXACT_SAMPLE_CAP);
    expect(storeSamples([...samples, 1.5]).encoding).toBe('hdr-ns');
  });

  it('loadSamples sorts a hand-written sorted list that is out of order', () => {
    expect(loadSamples({ encoding: 'sorted', n: 3, sortedMs: [3, 1, 2] })).toEqual([1, 2, 3]);
  });
});

describe('storeSamples: over the cap (HDR histogram, 3 significant digits)', () => {
  const samples = latencies(1000, 42);
  const exact = sortAscending(samples);
  const stored = storeSamples(samples, 100);

  it('returns an hdr-ns record with n, the significant digits and an encoded histogram', () => {
    expect(stored.encoding).toBe('hdr-ns');
    if (stored.encoding !== 'hdr-ns') return;
    expect(stored.n).toBe(1000);
    expect(stored.significantDigits).toBe(3);
    expect(typeof stored.histogram).toBe('string');
    expect(stored.histogram.length).toBeGreaterThan(0);
    expect(stored).not.toHaveProperty('sortedMs');
  });

  it('is a valid stored-samples record of the baseline schema', () => {
    expect(() => baselineEntrySchema.shape.inference.parse(stored)).not.toThrow();
  });

  it('survives JSON serialisation', () => {
    const reread = JSON.parse(JSON.stringify(stored)) as StoredSamples;
    expect(loadSamples(reread)).toEqual(loadSamples(stored));
  });

  it('loads back the same number of samples, sorted ascending', () => {
    const loaded = loadSamples(stored);
    expect(loaded).toHaveLength(1000);
    expect(isSortedAscending(loaded)).toBe(true);
  });

  it('keeps every nearest-rank percentile within 0.1 % (3 significant digits) of the exact one', () => {
    const loaded = loadSamples(stored);
    for (const q of QUANTILES) expectRelativelyClose(percentile(loaded, q), percentile(exact, q), `P${q * 100}`);
    // Each sample keeps its rank, so this holds for every order statistic, not just the quantiles above.
    loaded.forEach((value, i) => {
      expectRelativelyClose(value, exact[i] as number, `sample ${i + 1}`);
    });
  });

  it('keeps sub-millisecond and multi-second samples to 3 significant digits', () => {
    const wide = [...latencies(200, 5), 0.0123, 0.5, 1234.5678, 98_765.4321];
    const loaded = loadSamples(storeSamples(wide, 10));
    const wideExact = sortAscending(wide);
    expect(loaded).toHaveLength(wide.length);
    loaded.forEach((value, i) => {
      expectRelativelyClose(value, wideExact[i] as number, `sample ${i + 1}`);
    });
  });

  it('keeps repeated values as repeated samples', () => {
    const repeated = [...Array.from({ length: 150 }, () => 2.5), ...Array.from({ length: 50 }, () => 7)];
    const loaded = loadSamples(storeSamples(repeated, 100));
    expect(loaded).toHaveLength(200);
    expect(loaded.filter((value) => Math.abs(value - 2.5) / 2.5 <= REL_TOLERANCE)).toHaveLength(150);
    expect(loaded.filter((value) => Math.abs(value - 7) / 7 <= REL_TOLERANCE)).toHaveLength(50);
  });

  it('throws when the histogram does not hold the n the record states', () => {
    if (stored.encoding !== 'hdr-ns') throw new Error('expected an hdr-ns record');
    expect(() => loadSamples({ ...stored, n: 1001 })).toThrow(/holds 1000 samples where the baseline says 1001/);
    expect(() => loadSamples({ ...stored, n: 999 })).toThrow(/holds 1000 samples where the baseline says 999/);
  });
});
