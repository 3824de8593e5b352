/**
 * memory.retained judged: which series a runtime's readings give and which the check judges, and
 * the check's decision on the rank interval of the growth per cycle (fail only when the whole
 * interval is at or above the threshold, pass only when it is wholly below).
 */
import { describe, expect, it } from 'vitest';
import { FIXED_SAMPLING, evaluateCheck, trialVerdict, type GateInputs } from '../../src/gate/evaluate-checks.js';
import { judgedGrowths, retainedRecord, type RetainedInput, type RetainedReadingInput } from '../../src/gate/retained-growth.js';
import { mulberry32 } from '../../src/harness/feeds.js';
import { DEFAULT_KPIS, RETAINED_THRESHOLD_BYTES } from '../../src/metrics.js';
import type { KpiSpec } from '../../src/types.js';

const MIB = 1024 * 1024;
const RETAINED: KpiSpec = { id: 'memory.retained', threshold: RETAINED_THRESHOLD_BYTES, level: 'warn' };

/** Readings after the warm-up cycle and `cycles` more, each figure from its own function of the cycle. */
function series(cycles: number, reading: (cycle: number) => RetainedReadingInput, error: string | null = null): RetainedInput {
  const readings = Array.from({ length: cycles + 1 }, (_, cycle) => reading(cycle));
  return { cycles, readings, cycleMs: readings.map(() => 20), gcForced: true, error };
}

/** The JS heap after a full collection: 8 MB wandering by ±30 kB, seeded. */
function jsHeap(seed: number): (cycle: number) => number {
  const random = mulberry32(seed);
  const noise = Array.from({ length: 200 }, () => (random() - 0.5) * 60_000);
  return (cycle) => Math.round(8e6 + (noise[cycle] as number));
}

const cleanWasm = (seed = 1) => series(10, (cycle) => ({ wasmBytes: 16 * MIB, jsBytes: jsHeap(seed)(cycle), rssBytes: 150e6 + 5e6 * cycle }));
const leakyWasm = series(10, (cycle) => ({ wasmBytes: 2 * MIB + cycle * MIB, jsBytes: jsHeap(2)(cycle), rssBytes: 90e6 + 2 * MIB * cycle }));

function gateInputs(input: RetainedInput | null, confidence = 0.95): GateInputs {
  const record = input ? retainedRecord(input, confidence) : null;
  return {
    load: null,
    inference: null,
    firstInferenceMs: null,
    memoryPeakBytes: null,
    memoryRssBytes: null,
    retained: record ? { growths: judgedGrowths(record), error: record.error } : null,
    errors: 0,
    attempts: 0,
    loadSampling: FIXED_SAMPLING,
    inferenceSampling: FIXED_SAMPLING,
  };
}

const judge = (input: RetainedInput | null, kpi: KpiSpec = RETAINED) => evaluateCheck(kpi, gateInputs(input), 0.95);

describe('retainedRecord', () => {
  it('gives a wasm runtime three series and judges the wasm memory and the JS heap, not the resident set', () => {
    const record = retainedRecord(cleanWasm(), 0.95);
    expect(record.series.map((entry) => [entry.source, entry.gated])).toEqual([
      ['wasm-linear-memory', true],
      ['js-heap', true],
      ['rss', false],
    ]);
    expect(record.series[0]?.growth).toEqual({ bytesPerCycle: 0, low: 0, high: 0 });
    expect(record.series[2]?.growth).toEqual({ bytesPerCycle: 5e6, low: 5e6, high: 5e6 });
    expect(record.series[0]?.bytes).toHaveLength(11);
  });

  it('judges the resident set where there is no wasm memory (node-native)', () => {
    const native = series(10, (cycle) => ({ wasmBytes: null, jsBytes: 7e6, rssBytes: 97e6 + 4096 * (cycle % 2) }));
    expect(retainedRecord(native, 0.95).series.map((entry) => [entry.source, entry.gated])).toEqual([
      ['js-heap', true],
      ['rss', true],
    ]);
  });

  it('leaves out a figure the host could not read, and keeps the growth in whole bytes', () => {
    const record = retainedRecord(
      series(4, (cycle) => ({ wasmBytes: 1000 * cycle + (cycle === 3 ? 1 : 0), jsBytes: null, rssBytes: cycle === 2 ? null : 5 })),
      0.95,
    );
    expect(record.series.map((entry) => entry.source)).toEqual(['wasm-linear-memory']);
    expect(Number.isInteger(record.series[0]?.growth?.low)).toBe(true);
  });
});

describe('the memory.retained check', () => {
  it('fails a session that keeps 1 MiB a cycle, naming the wasm memory, at warn level by default', () => {
    const check = judge(leakyWasm);
    expect(check).toMatchObject({ verdict: 'fail', level: 'warn', method: 'theil-sen', actual: MIB, interval: { low: MIB, high: MIB, confidence: 0.95 }, n: 11, unit: 'bytes' });
    expect(check.message).toBe(
      'memory.retained < 64 kB: 1.05 MB (1 MiB), 95 % interval [1.05 MB (1 MiB), 1.05 MB (1 MiB)], growth per cycle of the wasm linear memory, n=11, wholly at or above 64 kB (62.5 KiB)',
    );
    // Warn level: the row's verdict stays pass; at error level it fails.
    expect(trialVerdict('ok', [check])).toBe('pass');
    expect(trialVerdict('ok', [judge(leakyWasm, { ...RETAINED, level: 'error' })])).toBe('fail');
  });

  it('passes clean sessions on ten seeded JS heaps, though their resident set climbs 5 MB a cycle (not judged)', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const check = judge(cleanWasm(seed));
      expect(check.verdict).toBe('pass');
      expect(check.interval?.high).toBeLessThan(RETAINED_THRESHOLD_BYTES);
    }
  });

  it('fails on the JS heap when only that grows: a runtime keeping its outputs as JS buffers', () => {
    const check = judge(series(10, (cycle) => ({ wasmBytes: 16 * MIB, jsBytes: 8e6 + 256_000 * cycle, rssBytes: 150e6 })));
    expect(check.verdict).toBe('fail');
    expect(check.message).toContain('growth per cycle of the JS heap');
  });

  it('fails a native runtime on its resident set', () => {
    const check = judge(series(10, (cycle) => ({ wasmBytes: null, jsBytes: 7e6, rssBytes: 97e6 + 200_000 * cycle })));
    expect(check).toMatchObject({ verdict: 'fail', actual: 200_000 });
    expect(check.message).toContain('growth per cycle of the resident set');
  });

  it('is inconclusive when the interval straddles the threshold, and says to raise --retained-cycles', () => {
    // 60 kB a cycle under ±100 kB of noise.
    const random = mulberry32(3);
    const check = judge(series(10, (cycle) => ({ wasmBytes: null, jsBytes: 8e6 + 60_000 * cycle + (random() - 0.5) * 200_000, rssBytes: 97e6 })));
    expect(check.verdict).toBe('inconclusive');
    expect(check.message).toMatch(/: the interval straddles 64 kB \(62\.5 KiB\); raise --retained-cycles$/);
  });

  it('is inconclusive with too few readings to bound the growth, saying how many it needs', () => {
    const check = judge(series(3, (cycle) => ({ wasmBytes: MIB * cycle, jsBytes: null, rssBytes: null })));
    expect(check).toMatchObject({ verdict: 'inconclusive', interval: { low: null, high: null }, samplesNeeded: 5 });
    expect(check.message).toMatch(/4 readings cannot bound the growth at 95 % \(it needs 5\); raise --retained-cycles$/);
  });

  it('judges the readings before cycles that stopped early, and says why they stopped', () => {
    const stopped = series(6, (cycle) => ({ wasmBytes: MIB * (cycle + 1), jsBytes: null, rssBytes: null }), 'creating the session in cycle 8 of 11 failed: out of memory');
    const check = judge(stopped);
    expect(check.verdict).toBe('fail');
    expect(check.message).toContain('the cycles stopped early: creating the session in cycle 8 of 11 failed: out of memory');
    const nothing = judge({ cycles: 10, readings: [], cycleMs: [], gcForced: true, error: 'creating the session in cycle 1 of 11 failed: boom' });
    expect(nothing.verdict).toBe('error');
  });

  it('is skipped, saying how to turn it on, when no cycles were asked for', () => {
    const check = judge(null);
    expect(check.verdict).toBe('skipped');
    expect(check.message).toBe('memory.retained < 64 kB: skipped, no retained-memory cycles were asked for (--retained-cycles 0)');
  });

  it('is in the default KPI table at level warn, 64 kB a cycle', () => {
    expect(DEFAULT_KPIS.find((kpi) => kpi.id === 'memory.retained')).toEqual({ id: 'memory.retained', threshold: 64_000, level: 'warn' });
  });
});
