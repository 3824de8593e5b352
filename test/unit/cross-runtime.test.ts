import { describe, it, expect } from 'vitest';
import { comparisonOf, type CrossRuntimeSettings } from '../../src/gate/cross-runtime.js';
import { attachCrossRuntime, type ResultWithOutputs } from '../../src/report/attach-cross-runtime.js';
import type { OutputSnapshot } from '../../src/harness/output-snapshot.js';
import { checkSchema, resultSchema, type CheckRecord, type TrialResult } from '../../src/report/schema.js';
import { sortAscending } from '../../src/stats/percentiles.js';
import { quantileRatio } from '../../src/stats/ratio-interval.js';
import { sampledResult } from '../helpers/trial-result.js';

interface ResultOptions {
  runtime: string;
  threads?: number;
  path?: string;
  status?: TrialResult['status'];
  loadMs?: number[] | null;
  inferenceMs?: number[] | null;
  peakBytes?: number | null;
  checks?: CheckRecord[];
  verdict?: TrialResult['verdict'];
}

/** A trial result with what cross-runtime reads; load and inference hold only their samples. */
function trial(options: ResultOptions): TrialResult {
  const path = options.path ?? 'models/mlp.onnx';
  const threads = options.threads ?? 1;
  const loadMs = options.loadMs === undefined ? [10, 12, 11, 13, 9] : options.loadMs;
  const inferenceMs = options.inferenceMs === undefined ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] : options.inferenceMs;
  return sampledResult({
    path,
    runtime: options.runtime,
    threads,
    sha256: 'a'.repeat(64),
    runtimeVersion: '1.0.0',
    status: options.status ?? 'ok',
    loadMs,
    inferenceMs,
    memory:
      options.peakBytes === undefined
        ? { wasmPeakBytes: null, rssPeakBytes: 1000, jsHeapPeakBytes: null, peakBytes: 1000, peakSource: 'rss-growth' }
        : { wasmPeakBytes: null, rssPeakBytes: null, jsHeapPeakBytes: null, peakBytes: options.peakBytes, peakSource: 'wasm-linear-memory' },
    checks: options.checks ?? [],
    verdict: options.verdict ?? 'pass',
    warnings: [],
  });
}

function f32(name: string, dims: number[], values: number[]): OutputSnapshot {
  const data = Float32Array.from(values);
  return { name, dtype: 'float32', dims, base64: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64'), strings: null };
}

const LOGITS = [0.5, -1.25, 3, 0.125];
const OUTPUTS = [f32('logits', [1, 4], LOGITS)];

function row(result: TrialResult, outputs: OutputSnapshot[] | null = OUTPUTS, outputsNote: string | null = null): ResultWithOutputs {
  return { result, outputs, outputsNote };
}

function settings(overrides: Partial<CrossRuntimeSettings> = {}): CrossRuntimeSettings {
  return { atol: 1e-4, rtol: 1e-3, confidence: 0.95, parityLevel: 'warn', ...overrides };
}

function parityChecks(result: TrialResult): CheckRecord[] {
  return result.checks.filter((check) => check.id === 'parity');
}

function onlyParity(result: TrialResult): CheckRecord {
  const checks = parityChecks(result);
  expect(checks).toHaveLength(1);
  return checks[0] as CheckRecord;
}

/** Every produced record stays within the report schema. */
function expectSchemaValid(result: TrialResult): void {
  for (const check of result.checks) checkSchema.parse(check);
  resultSchema.shape.comparison.parse(result.comparison);
  resultSchema.shape.parity.parse(result.parity);
}

const KPI_CHECK: CheckRecord = {
  id: 'inference.p99',
  metric: 'inference latency P99',
  operator: '<',
  threshold: 100,
  actual: 10,
  unit: 'ms',
  n: 10,
  interval: null,
  method: 'point',
  samplesNeeded: null,
  verdict: 'pass',
  level: 'error',
  message: 'inference.p99 passes',
};

describe('attachCrossRuntime: which reference', () => {
  it('compares each wasm row with node-native at its own thread count, else the first node-native row', () => {
    const rows = [
      row(trial({ runtime: 'node-native', threads: 1 })),
      row(trial({ runtime: 'node-native', threads: 4 })),
      row(trial({ runtime: 'node-wasm', threads: 1 })),
      row(trial({ runtime: 'node-wasm', threads: 4 })),
      row(trial({ runtime: 'chrome-wasm', threads: 2 })),
    ];
    const [native1, native4, wasm1, wasm4, chrome2] = attachCrossRuntime(rows, settings()) as TrialResult[];
    expect(wasm1?.comparison?.reference).toEqual({ runtime: 'node-native', threads: 1 });
    expect(wasm4?.comparison?.reference).toEqual({ runtime: 'node-native', threads: 4 });
    expect(chrome2?.comparison?.reference).toEqual({ runtime: 'node-native', threads: 1 });
    expect(wasm1?.parity?.reference).toEqual({ runtime: 'node-native', threads: 1 });
    expect(wasm4?.parity?.reference).toEqual({ runtime: 'node-native', threads: 4 });
    expect(chrome2?.parity?.reference).toEqual({ runtime: 'node-native', threads: 1 });
    expect(onlyParity(wasm4 as TrialResult).message).toContain('parity with node-native ×4');
    expect(onlyParity(chrome2 as TrialResult).message).toContain('parity with node-native ×1');
    // The native rows at their own thread counts are references, not compared.
    for (const native of [native1, native4]) {
      expect(native?.comparison).toBeNull();
      expect(native?.parity).toBeNull();
      expect(parityChecks(native as TrialResult)).toHaveLength(0);
    }
  });

  it('the node-native row gets no comparison and no parity check; the wasm row gets both', () => {
    const [native, wasm] = attachCrossRuntime([row(trial({ runtime: 'node-native' })), row(trial({ runtime: 'node-wasm' }))], settings());
    expect(native?.comparison).toBeNull();
    expect(native?.parity).toBeNull();
    expect(native?.checks).toEqual([]);
    expect(native?.verdict).toBe('pass');
    expect(wasm?.comparison).not.toBeNull();
    expect(parityChecks(wasm as TrialResult)).toHaveLength(1);
  });

  it('finds node-native wherever it is in the row order', () => {
    const [wasm, native] = attachCrossRuntime([row(trial({ runtime: 'node-wasm' })), row(trial({ runtime: 'node-native' }))], settings());
    expect(wasm?.comparison?.reference).toEqual({ runtime: 'node-native', threads: 1 });
    expect(wasm?.parity?.reference).toEqual({ runtime: 'node-native', threads: 1 });
    expect(parityChecks(native as TrialResult)).toHaveLength(0);
  });

  it('without node-native, the model’s first row is the parity reference, and there is no comparison', () => {
    const rows = [row(trial({ runtime: 'node-wasm', threads: 1 })), row(trial({ runtime: 'chrome-wasm', threads: 4 }))];
    const [first, second] = attachCrossRuntime(rows, settings()) as TrialResult[];
    expect(first?.comparison).toBeNull();
    expect(first?.parity).toBeNull();
    expect(parityChecks(first as TrialResult)).toHaveLength(0);
    expect(second?.comparison).toBeNull();
    expect(second?.parity?.reference).toEqual({ runtime: 'node-wasm', threads: 1 });
    expect(onlyParity(second as TrialResult).message).toContain('parity with node-wasm ×1');
  });

  it('without node-native, the first row stays the reference even for a row at another thread count', () => {
    const rows = [row(trial({ runtime: 'chrome-wasm', threads: 1 })), row(trial({ runtime: 'node-wasm', threads: 1 })), row(trial({ runtime: 'node-wasm', threads: 4 }))];
    const [, wasm1, wasm4] = attachCrossRuntime(rows, settings()) as TrialResult[];
    expect(wasm1?.parity?.reference).toEqual({ runtime: 'chrome-wasm', threads: 1 });
    expect(wasm4?.parity?.reference).toEqual({ runtime: 'chrome-wasm', threads: 1 });
  });

  it('a model measured by one runtime only gets no parity check and no comparison', () => {
    for (const runtime of ['node-wasm', 'node-native']) {
      const [only] = attachCrossRuntime([row(trial({ runtime, checks: [KPI_CHECK] }))], settings());
      expect(only?.comparison).toBeNull();
      expect(only?.parity).toBeNull();
      expect(only?.checks).toEqual([KPI_CHECK]);
    }
  });

  it('rows of different models never compare with each other', () => {
    const rows = [
      row(trial({ runtime: 'node-native', path: 'models/a.onnx' })),
      row(trial({ runtime: 'node-wasm', path: 'models/b.onnx' })),
      row(trial({ runtime: 'chrome-wasm', path: 'models/c.onnx' }), [f32('logits', [1, 4], [9, 9, 9, 9])]),
    ];
    for (const result of attachCrossRuntime(rows, settings())) {
      expect(result.comparison).toBeNull();
      expect(result.parity).toBeNull();
      expect(parityChecks(result)).toHaveLength(0);
    }
  });

  it('of two models measured together, each wasm row is compared with its own model’s native row', () => {
    const rows = [
      row(trial({ runtime: 'node-native', path: 'models/a.onnx', threads: 2, peakBytes: 100 })),
      row(trial({ runtime: 'node-native', path: 'models/b.onnx', threads: 1, peakBytes: 400 })),
      row(trial({ runtime: 'node-wasm', path: 'models/a.onnx', threads: 1, peakBytes: 200 })),
      row(trial({ runtime: 'node-wasm', path: 'models/b.onnx', threads: 2, peakBytes: 200 })),
    ];
    const [, , wasmA, wasmB] = attachCrossRuntime(rows, settings()) as TrialResult[];
    // Neither model has a native row at the wasm row's thread count, so each takes its own model's only native row.
    expect(wasmA?.comparison?.reference).toEqual({ runtime: 'node-native', threads: 2 });
    expect(wasmA?.comparison?.memoryPeak?.ratio).toBe(2);
    expect(wasmB?.comparison?.reference).toEqual({ runtime: 'node-native', threads: 1 });
    expect(wasmB?.comparison?.memoryPeak?.ratio).toBe(0.5);
  });
});

describe('attachCrossRuntime: rows that were not measured', () => {
  it('returns error and skipped rows unchanged', () => {
    const failed = trial({ runtime: 'node-wasm', status: 'error', verdict: 'error', loadMs: null, inferenceMs: null });
    const skipped = trial({ runtime: 'chrome-wasm', status: 'skipped', verdict: 'skipped', loadMs: null, inferenceMs: null });
    const results = attachCrossRuntime([row(trial({ runtime: 'node-native' })), row(failed, null), row(skipped, null)], settings());
    expect(results[1]).toBe(failed);
    expect(results[2]).toBe(skipped);
  });

  it('never uses an errored row as a reference', () => {
    const nativeFailed = trial({ runtime: 'node-native', status: 'error', verdict: 'error' });
    const [, wasm] = attachCrossRuntime([row(nativeFailed), row(trial({ runtime: 'node-wasm' }))], settings());
    expect(wasm?.comparison).toBeNull();
    expect(wasm?.parity).toBeNull();
    expect(parityChecks(wasm as TrialResult)).toHaveLength(0);
  });

  it('an errored native row at the same thread count gives way to an ok native row at another', () => {
    const rows = [
      row(trial({ runtime: 'node-native', threads: 2, status: 'error', verdict: 'error' })),
      row(trial({ runtime: 'node-native', threads: 1 })),
      row(trial({ runtime: 'node-wasm', threads: 2 })),
    ];
    const wasm = attachCrossRuntime(rows, settings())[2] as TrialResult;
    expect(wasm.comparison?.reference).toEqual({ runtime: 'node-native', threads: 1 });
  });
});

describe('attachCrossRuntime: the parity check', () => {
  it('passes when the outputs agree, with a message naming the reference and "agree"', () => {
    const [, wasm] = attachCrossRuntime([row(trial({ runtime: 'node-native' })), row(trial({ runtime: 'node-wasm' }))], settings());
    const check = onlyParity(wasm as TrialResult);
    expect(check).toMatchObject({ id: 'parity', unit: 'count', threshold: 1, operator: '<', actual: 0, n: 4, verdict: 'pass', level: 'warn', method: 'point' });
    expect(check.message).toContain('parity with node-native ×1');
    expect(check.message).toContain('agree');
    expect(check.message).toContain('1 output,');
    expect(check.message).toContain('4 elements');
    expect(wasm?.verdict).toBe('pass');
    expect(wasm?.parity).toMatchObject({ atol: 1e-4, rtol: 1e-3 });
    expect(wasm?.parity?.outputs).toHaveLength(1);
    expect(wasm?.parity?.outputs[0]).toMatchObject({ name: 'logits', mismatches: 0, maxAbsDiff: 0 });
    expectSchemaValid(wasm as TrialResult);
  });

  it('passes within tolerance, reporting the largest difference', () => {
    const close = [f32('logits', [1, 4], [0.5, -1.25, 3.001953125, 0.125]), f32('probs', [2], [0.25, 0.75])];
    const reference = [...OUTPUTS, f32('probs', [2], [0.25, 0.75])];
    const [, wasm] = attachCrossRuntime([row(trial({ runtime: 'node-native' }), reference), row(trial({ runtime: 'node-wasm' }), close)], settings({ atol: 0, rtol: 1e-3 }));
    const check = onlyParity(wasm as TrialResult);
    expect(check.verdict).toBe('pass');
    expect(check.n).toBe(6);
    expect(check.message).toContain('2 outputs, 6 elements agree');
    // |Δ| = 2^-9 ≈ 0.00195.
    expect(check.message).toContain('max |Δ| 0.0020');
  });

  it('fails on a planted difference, naming the output and the worst index', () => {
    const planted = [f32('logits', [1, 4], [0.5, -1.25, 3, 7])];
    const [, wasm] = attachCrossRuntime([row(trial({ runtime: 'node-native' })), row(trial({ runtime: 'node-wasm' }), planted)], settings());
    const check = onlyParity(wasm as TrialResult);
    expect(check.verdict).toBe('fail');
    expect(check.actual).toBe(1);
    expect(check.message).toContain('parity with node-native ×1');
    expect(check.message).toContain("1 of 4 elements of 'logits' disagree");
    expect(check.message).toContain('logits[0,3]');
    expect(check.message).toContain('7 vs 0.125');
    expect(wasm?.parity?.outputs[0]?.worst).toEqual({ index: [0, 3], expected: '0.125', actual: '7' });
    expectSchemaValid(wasm as TrialResult);
  });

  it('names only the outputs that disagree, and says so for NaN on one side', () => {
    const reference = [...OUTPUTS, f32('scores', [3], [1, 2, 3])];
    const actual = [...OUTPUTS, f32('scores', [3], [1, Number.NaN, 3])];
    const [, wasm] = attachCrossRuntime([row(trial({ runtime: 'node-native' }), reference), row(trial({ runtime: 'node-wasm' }), actual)], settings());
    const check = onlyParity(wasm as TrialResult);
    expect(check.verdict).toBe('fail');
    expect(check.message).toContain("'scores'");
    expect(check.message).not.toContain("'logits'");
    expect(check.message).toContain('1 with NaN on one side only');
    expect(check.message).toContain('scores[1]');
  });

  it('fails on a missing output or another shape, naming the output and the problem', () => {
    const reference = [...OUTPUTS, f32('extra', [1], [1])];
    const actual = [f32('logits', [4], LOGITS)];
    const [, wasm] = attachCrossRuntime([row(trial({ runtime: 'node-native' }), reference), row(trial({ runtime: 'node-wasm' }), actual)], settings());
    const check = onlyParity(wasm as TrialResult);
    expect(check.verdict).toBe('fail');
    expect(check.message).toContain("output 'logits': shape [4] where the reference has [1,4]");
    expect(check.message).toContain("output 'extra': missing");
    expectSchemaValid(wasm as TrialResult);
  });

  it('level warn: a failing parity check leaves the verdict at pass', () => {
    const planted = [f32('logits', [1, 4], [0, 0, 0, 0])];
    const [, wasm] = attachCrossRuntime([row(trial({ runtime: 'node-native' })), row(trial({ runtime: 'node-wasm', checks: [KPI_CHECK] }), planted)], settings({ parityLevel: 'warn' }));
    expect(onlyParity(wasm as TrialResult)).toMatchObject({ verdict: 'fail', level: 'warn' });
    expect(wasm?.verdict).toBe('pass');
    // The existing checks are kept, parity added after them.
    expect(wasm?.checks[0]).toEqual(KPI_CHECK);
    expect(wasm?.checks).toHaveLength(2);
  });

  it('level error: a failing parity check makes the verdict fail', () => {
    const planted = [f32('logits', [1, 4], [0, 0, 0, 0])];
    const [, wasm] = attachCrossRuntime([row(trial({ runtime: 'node-native' })), row(trial({ runtime: 'node-wasm', checks: [KPI_CHECK] }), planted)], settings({ parityLevel: 'error' }));
    expect(onlyParity(wasm as TrialResult)).toMatchObject({ verdict: 'fail', level: 'error', actual: 4 });
    expect(wasm?.verdict).toBe('fail');
  });

  it('level error: a passing parity check keeps the verdict at pass', () => {
    const [, wasm] = attachCrossRuntime([row(trial({ runtime: 'node-native' })), row(trial({ runtime: 'node-wasm' }))], settings({ parityLevel: 'error' }));
    expect(onlyParity(wasm as TrialResult).verdict).toBe('pass');
    expect(wasm?.verdict).toBe('pass');
  });

  it('level off: the check is skipped and the verdict untouched, even with differences', () => {
    const planted = [f32('logits', [1, 4], [0, 0, 0, 0])];
    const [, wasm] = attachCrossRuntime([row(trial({ runtime: 'node-native' })), row(trial({ runtime: 'node-wasm' }), planted)], settings({ parityLevel: 'off' }));
    const check = onlyParity(wasm as TrialResult);
    expect(check.verdict).toBe('skipped');
    expect(check.level).toBe('off');
    expect(check.message).toContain('level off');
    expect(wasm?.verdict).toBe('pass');
    expectSchemaValid(wasm as TrialResult);
  });

  it('a row without outputs gets a skipped parity check carrying its outputsNote', () => {
    const note = 'the outputs exceed 64 MiB, too large to compare';
    const [, wasm] = attachCrossRuntime([row(trial({ runtime: 'node-native' })), row(trial({ runtime: 'node-wasm' }), null, note)], settings({ parityLevel: 'error' }));
    const check = onlyParity(wasm as TrialResult);
    expect(check.verdict).toBe('skipped');
    expect(check.actual).toBeNull();
    expect(check.message).toContain('parity with node-native ×1');
    expect(check.message).toContain(note);
    expect(wasm?.parity).toBeNull();
    expect(wasm?.verdict).toBe('pass');
    // The comparison of timings does not depend on outputs.
    expect(wasm?.comparison).not.toBeNull();
    expectSchemaValid(wasm as TrialResult);
  });

  it('a reference without outputs skips the check, naming the reference and its note', () => {
    const note = "output 'logits' (float32) has no data readable on the CPU";
    const [, wasm] = attachCrossRuntime([row(trial({ runtime: 'node-native' }), null, note), row(trial({ runtime: 'node-wasm' }))], settings());
    const check = onlyParity(wasm as TrialResult);
    expect(check.verdict).toBe('skipped');
    expect(check.message).toContain('the reference node-native ×1 has no outputs');
    expect(check.message).toContain(note);
  });
});

describe('comparisonOf', () => {
  const inferenceA = [5, 3, 9, 1, 7, 2, 8, 4, 6, 10, 12, 11];
  const inferenceB = [2, 1, 4, 3, 6, 5, 8, 7, 9, 10, 11, 12].map((value) => value / 2);
  // 20 samples each, unsorted: P95 is rank 19, P90 would be rank 18.
  const loadA = Array.from({ length: 20 }, (_, i) => (20 - i) ** 2);
  const loadB = Array.from({ length: 20 }, (_, i) => 5 * ((i * 7) % 20) + 5);

  it('gives quantile ratios of the (sorted) samples against the reference at the stated confidence', () => {
    const result = trial({ runtime: 'node-wasm', threads: 2, loadMs: loadA, inferenceMs: inferenceA, peakBytes: 300 });
    const reference = trial({ runtime: 'node-native', threads: 2, loadMs: loadB, inferenceMs: inferenceB, peakBytes: 100 });
    const comparison = comparisonOf(result, reference, 0.9);
    expect(comparison.reference).toEqual({ runtime: 'node-native', threads: 2 });
    expect(comparison.confidence).toBe(0.9);
    expect(comparison.inferenceP50).toEqual(quantileRatio(sortAscending(inferenceA), sortAscending(inferenceB), 0.5, 0.9));
    expect(comparison.inferenceP99).toEqual(quantileRatio(sortAscending(inferenceA), sortAscending(inferenceB), 0.99, 0.9));
    expect(comparison.loadP95).toEqual(quantileRatio(sortAscending(loadA), sortAscending(loadB), 0.95, 0.9));
    // Nearest rank of sorted 1..12 at 0.5 is 6, of the halves 3 → 2; load P95 is rank 19 of 20: 19² / (5·19).
    expect(comparison.inferenceP50?.ratio).toBe(2);
    expect(comparison.loadP95?.ratio).toBe(361 / 95);
    expect(comparison.memoryPeak).toEqual({ ratio: 3, low: null, high: null });
    resultSchema.shape.comparison.parse(comparison);
  });

  it('does not sort the result’s samples in place', () => {
    const samples = [3, 1, 2];
    comparisonOf(trial({ runtime: 'node-wasm', inferenceMs: samples }), trial({ runtime: 'node-native' }), 0.95);
    expect(samples).toEqual([3, 1, 2]);
  });

  it('memory peak: a ratio with null low and high; null when either peak is unknown or the reference is 0', () => {
    const native = trial({ runtime: 'node-native', peakBytes: 400 });
    expect(comparisonOf(trial({ runtime: 'node-wasm', peakBytes: 100 }), native, 0.95).memoryPeak).toEqual({ ratio: 0.25, low: null, high: null });
    expect(comparisonOf(trial({ runtime: 'node-wasm', peakBytes: null }), native, 0.95).memoryPeak).toBeNull();
    expect(comparisonOf(trial({ runtime: 'node-wasm', peakBytes: 100 }), trial({ runtime: 'node-native', peakBytes: null }), 0.95).memoryPeak).toBeNull();
    expect(comparisonOf(trial({ runtime: 'node-wasm', peakBytes: 100 }), trial({ runtime: 'node-native', peakBytes: 0 }), 0.95).memoryPeak).toBeNull();
    expect(comparisonOf(trial({ runtime: 'node-wasm', peakBytes: 0 }), native, 0.95).memoryPeak).toEqual({ ratio: 0, low: null, high: null });
  });

  it('missing or empty samples on either side give null ratios for that metric only', () => {
    const native = trial({ runtime: 'node-native' });
    const noLoad = comparisonOf(trial({ runtime: 'node-wasm', loadMs: null }), native, 0.95);
    expect(noLoad.loadP95).toBeNull();
    expect(noLoad.inferenceP50).not.toBeNull();
    const emptyInference = comparisonOf(trial({ runtime: 'node-wasm' }), trial({ runtime: 'node-native', inferenceMs: [] }), 0.95);
    expect(emptyInference.inferenceP50).toBeNull();
    expect(emptyInference.inferenceP99).toBeNull();
    expect(emptyInference.loadP95).not.toBeNull();
  });

  it('is what attachCrossRuntime attaches to a wasm row', () => {
    const wasm = trial({ runtime: 'node-wasm', inferenceMs: inferenceA, loadMs: loadA, peakBytes: 300 });
    const native = trial({ runtime: 'node-native', inferenceMs: inferenceB, loadMs: loadB, peakBytes: 100 });
    const [, attached] = attachCrossRuntime([row(native), row(wasm)], settings({ confidence: 0.8 }));
    expect(attached?.comparison).toEqual(comparisonOf(wasm, native, 0.8));
    expect(attached?.comparison?.memoryPeak).toEqual({ ratio: 3, low: null, high: null });
  });
});
