/**
 * Retained memory judged: the growth per create → run → release cycle of each memory series
 * (Theil–Sen slope with its rank interval), which series memory.retained judges, and which one
 * decides its check. Pure.
 *
 * Judged: WebAssembly linear memory and the JS heap (with ArrayBuffers) where the runtime has wasm
 * memory; the resident set and the JS heap where it has none (native). A wasm runtime's resident
 * set is reported but not judged: it also holds what V8 spends compiling the runtime's hot
 * functions, which climbs for tens of cycles as the session-creation path is optimised (measured
 * on onnxruntime-web in a fresh Node process: about 5 MB a cycle for tiny-mlp, flat with V8's
 * optimising tier off), and that is the engine's memory, not the model's.
 */
import { theilSen } from '../stats/theil-sen.js';
import type { RetainedRecord, RetainedSource } from './records.js';

/** One cycle's readings (bytes); null where the host could not read a figure. */
export interface RetainedReadingInput {
  wasmBytes: number | null;
  jsBytes: number | null;
  rssBytes: number | null;
}

/** The readings of a trial's retained-memory cycles, as measured. */
export interface RetainedInput {
  cycles: number;
  readings: readonly RetainedReadingInput[];
  cycleMs: readonly number[];
  gcForced: boolean;
  error: string | null;
}

const READING_OF: Record<RetainedSource, keyof RetainedReadingInput> = { 'wasm-linear-memory': 'wasmBytes', 'js-heap': 'jsBytes', rss: 'rssBytes' };

export const SOURCE_WORDS: Record<RetainedSource, string> = { 'wasm-linear-memory': 'wasm linear memory', 'js-heap': 'JS heap', rss: 'resident set' };

/** The series a runtime offers, each with its growth per cycle, and whether memory.retained judges it. */
export function retainedRecord(input: RetainedInput, confidence: number): RetainedRecord {
  const complete = (source: RetainedSource) => {
    const values = input.readings.map((reading) => reading[READING_OF[source]]);
    return values.length > 0 && values.every((value) => value !== null) ? (values as number[]) : null;
  };
  const hasWasm = complete('wasm-linear-memory') !== null;
  const series = (['wasm-linear-memory', 'js-heap', 'rss'] as const).flatMap((source) => {
    const bytes = complete(source);
    if (!bytes) return [];
    const growth = theilSen(
      bytes.map((_, cycle) => cycle),
      bytes,
      confidence,
    );
    // Whole bytes: the report keeps them, and the check judges what the report keeps.
    const whole = (value: number | null) => (value === null ? null : Math.round(value));
    return [{ source, gated: source !== 'rss' || !hasWasm, bytes, growth: growth ? { bytesPerCycle: Math.round(growth.slope), low: whole(growth.low), high: whole(growth.high) } : null }];
  });
  return { cycles: input.cycles, gcForced: input.gcForced, cycleMs: [...input.cycleMs], error: input.error, series };
}

/** A judged series' growth, as the check reads it. */
export interface RetainedGrowth {
  source: RetainedSource;
  bytesPerCycle: number;
  low: number | null;
  high: number | null;
  readings: number;
}

/** The judged series with a growth; empty when none has two readings. */
export function judgedGrowths(record: RetainedRecord): RetainedGrowth[] {
  return record.series.flatMap((entry) => (entry.gated && entry.growth ? [{ source: entry.source, ...entry.growth, readings: entry.bytes.length }] : []));
}
