/**
 * Samples as a baseline keeps them: sorted and exact up to a cap, beyond it an HDR histogram
 * (3 significant digits, values in integer nanoseconds) from hdr-histogram-js, compressed. Either
 * way they come back as a sorted array the order-statistic intervals can use.
 */
import { createRequire } from 'node:module';
import type * as Hdr from 'hdr-histogram-js';

/**
 * Loaded on first use: only runs past EXACT_SAMPLE_CAP need it, and it weighs ~8 MB of RSS that
 * the parent process would otherwise carry through every run.
 */
let hdrModule: typeof Hdr | undefined;
function hdr(): typeof Hdr {
  hdrModule ??= createRequire(import.meta.url)('hdr-histogram-js') as typeof Hdr;
  return hdrModule;
}

export type StoredSamples = { encoding: 'sorted'; n: number; sortedMs: number[] } | { encoding: 'hdr-ns'; n: number; significantDigits: number; histogram: string };

/** Enough for every sample of most runs; a baseline stays under ~1 MB per metric. */
export const EXACT_SAMPLE_CAP = 50_000;
const SIGNIFICANT_DIGITS = 3;
const NS_PER_MS = 1e6;

function histogramOptions() {
  return { lowestDiscernibleValue: 1, highestTrackableValue: 24 * 3600 * 1e9, numberOfSignificantValueDigits: SIGNIFICANT_DIGITS as 3, useWebAssembly: false, bitBucketSize: 'packed' as const };
}

export function storeSamples(samplesMs: readonly number[], cap = EXACT_SAMPLE_CAP): StoredSamples {
  const sortedMs = [...samplesMs].sort((a, b) => a - b);
  if (sortedMs.length <= cap) return { encoding: 'sorted', n: sortedMs.length, sortedMs };
  const histogram = hdr().build(histogramOptions());
  for (const sample of sortedMs) histogram.recordValue(Math.max(1, Math.round(sample * NS_PER_MS)));
  const encoded = hdr().encodeIntoCompressedBase64(histogram);
  histogram.destroy();
  return { encoding: 'hdr-ns', n: sortedMs.length, significantDigits: SIGNIFICANT_DIGITS, histogram: encoded };
}

/**
 * Decoded samples by stored set: reading a baseline checks every set decodes, and comparing needs
 * them again; a histogram of many samples is decoded once.
 */
const decoded = new WeakMap<StoredSamples, readonly number[]>();

/** The samples, sorted ascending (from a histogram: each at the middle of its bucket). Shared: do not modify. */
export function loadSamples(stored: StoredSamples): readonly number[] {
  let samples = decoded.get(stored);
  if (!samples) {
    samples = Object.freeze(decode(stored));
    decoded.set(stored, samples);
  }
  return samples;
}

function decode(stored: StoredSamples): number[] {
  if (stored.encoding === 'sorted') return [...stored.sortedMs].sort((a, b) => a - b);
  // useWebAssembly false: the JS implementation, which exposes bucket iteration.
  const histogram = hdr().decodeFromCompressedBase64(stored.histogram, 'packed', false) as Hdr.JsHistogram;
  const sortedMs: number[] = [];
  const iterator = histogram.recordedValuesIterator;
  iterator.reset();
  while (iterator.hasNext()) {
    const bucket = iterator.next();
    const valueMs = histogram.medianEquivalentValue(bucket.valueIteratedTo) / NS_PER_MS;
    for (let i = 0; i < bucket.countAtValueIteratedTo; i++) sortedMs.push(valueMs);
  }
  histogram.destroy();
  if (sortedMs.length !== stored.n) throw new Error(`the histogram holds ${sortedMs.length} samples where the baseline says ${stored.n}`);
  return sortedMs;
}
