import { describe, it, expect } from 'vitest';
import type { Baseline, BaselineEntry } from '../../src/baseline/document.js';
import { findEntry, rowDifferences } from '../../src/baseline/find-entry.js';
import { regressionCheck, widen, type BaselineSettings } from '../../src/gate/regression-checks.js';
import { DEFAULT_REGRESSIONS, REGRESSION_METRICS, type RegressionSpec } from '../../src/regression-metrics.js';
import { attachBaseline } from '../../src/report/attach-baseline.js';
import { loadSamples, storeSamples } from '../../src/baseline/sample-store.js';
import { checkSchema, resultSchema, type CheckRecord, type Environment, type TrialResult } from '../../src/report/schema.js';
import { percentile, sortAscending } from '../../src/stats/percentiles.js';
import { quantileRatio } from '../../src/stats/ratio-interval.js';
import { sampledResult } from '../helpers/trial-result.js';

const SHA_A = 'a'.repeat(64);
const SHA_B = '0123456789abcdef'.repeat(4);

/** 1000 samples spread evenly over [base, base · 1.005]: tight enough for every ratio interval to be narrow. */
function tight(base: number, count = 1000): number[] {
  return Array.from({ length: count }, (_, i) => base * (1 + (0.005 * ((i * 37) % count)) / count));
}

interface ResultOptions {
  runtime?: string;
  threads?: number;
  path?: string;
  sha256?: string | null;
  runtimeVersion?: string | null;
  status?: TrialResult['status'];
  loadMs?: number[] | null;
  inferenceMs?: number[] | null;
  peakBytes?: number | null;
  checks?: CheckRecord[];
  verdict?: TrialResult['verdict'];
  warnings?: string[];
}

/** A trial result with what attachBaseline reads; load and inference hold only their samples. */
function trial(options: ResultOptions = {}): TrialResult {
  const path = options.path ?? 'models/mlp.onnx';
  const threads = options.threads ?? 1;
  const loadMs = options.loadMs === undefined ? tight(100) : options.loadMs;
  const inferenceMs = options.inferenceMs === undefined ? tight(5) : options.inferenceMs;
  const peakBytes = options.peakBytes === undefined ? 1_000_000 : options.peakBytes;
  return sampledResult({
    path,
    runtime: options.runtime ?? 'node-wasm',
    threads,
    sha256: options.sha256 === undefined ? SHA_A : options.sha256,
    runtimeVersion: options.runtimeVersion === undefined ? '1.20.0' : options.runtimeVersion,
    status: options.status ?? 'ok',
    loadMs,
    inferenceMs,
    memory: { wasmPeakBytes: peakBytes, rssPeakBytes: null, jsHeapPeakBytes: null, peakBytes, peakSource: 'wasm-linear-memory' },
    checks: options.checks ?? [],
    verdict: options.verdict ?? 'pass',
    warnings: options.warnings ?? [],
  });
}

interface EntryOptions {
  path?: string;
  name?: string;
  runtime?: string;
  threads?: number;
  sha256?: string | null;
  runtimeVersion?: string | null;
  loadMs?: number[];
  inferenceMs?: number[];
  memoryPeakBytes?: number | null;
  cap?: number;
  workerMediansMs?: number[];
}

function entry(options: EntryOptions = {}): BaselineEntry {
  const path = options.path ?? 'models/mlp.onnx';
  return {
    model: { path, name: options.name ?? path.split('/').pop() ?? path, sha256: options.sha256 === undefined ? SHA_A : options.sha256 },
    variant: null,
    runtime: options.runtime ?? 'node-wasm',
    runtimeVersion: options.runtimeVersion === undefined ? '1.20.0' : options.runtimeVersion,
    threads: options.threads ?? 1,
    load: storeSamples(options.loadMs ?? tight(100), options.cap),
    inference: storeSamples(options.inferenceMs ?? tight(5), options.cap),
    inferenceWorkerMediansMs: options.workerMediansMs ?? [],
    memoryPeakBytes: options.memoryPeakBytes === undefined ? 1_000_000 : options.memoryPeakBytes,
    errors: 0,
    attempts: 1000,
  };
}

const ENVIRONMENT: Environment = {
  node: 'v20.11.0',
  os: 'Linux 6.1',
  platform: 'linux',
  arch: 'x64',
  cpuModel: 'Test CPU',
  cpuCores: 2,
  memoryBytes: 8_000_000_000,
  onnxruntimeWebVersion: '1.20.0',
  onnxruntimeNodeVersion: null,
  threads: [1],
  ci: false,
  browser: null,
  adapter: null,
};

function baselineOf(entries: BaselineEntry[]): Baseline {
  return {
    kind: 'wasm-torch-bench-baseline',
    schemaVersion: 1,
    tool: { name: 'wasm-torch-bench', version: '0.1.0' },
    createdAt: '2024-05-01T12:00:00.000Z',
    environment: ENVIRONMENT,
    entries,
  };
}

const SETTINGS: BaselineSettings = { confidence: 0.95, regressions: DEFAULT_REGRESSIONS };

function spec(id: RegressionSpec['id'], overrides: Partial<RegressionSpec> = {}): RegressionSpec {
  return { id, maxRatio: 1.1, level: 'error', ...overrides };
}

function regressionChecks(result: TrialResult): CheckRecord[] {
  return result.checks.filter((check) => check.id.startsWith('regression.'));
}

function checkOf(result: TrialResult, id: string): CheckRecord {
  const check = result.checks.find((candidate) => candidate.id === id);
  if (!check) throw new Error(`no check ${id} in ${result.checks.map((c) => c.id).join(', ')}`);
  return check;
}

describe('regressionCheck: quantile ratios', () => {
  it('passes when the whole interval lies below the allowed ratio', () => {
    const check = regressionCheck(spec('inference.p99'), { ratio: 1.0, low: 0.95, high: 1.05 }, 0.95);
    expect(check).toEqual({
      id: 'regression.inference.p99',
      metric: 'inference.p99 now / in the baseline',
      operator: '<',
      threshold: 1.1,
      actual: 1.0,
      unit: 'factor',
      n: 1,
      interval: { low: 0.95, high: 1.05, confidence: 0.95 },
      method: 'order-statistics',
      samplesNeeded: null,
      verdict: 'pass',
      level: 'error',
      message: 'regression.inference.p99 < 1.100×: 1.000×, 95 % interval [0.950×, 1.050×]',
    });
    expect(() => checkSchema.parse(check)).not.toThrow();
  });

  it('passes with no lower bound as long as the upper bound is below', () => {
    const check = regressionCheck(spec('load.p95'), { ratio: 0.9, low: null, high: 1.0 }, 0.95);
    expect(check.verdict).toBe('pass');
    expect(check.interval).toEqual({ low: null, high: 1.0, confidence: 0.95 });
    expect(check.message).toContain('[—, 1.000×]');
  });

  it('fails when the whole interval lies above the allowed ratio', () => {
    const check = regressionCheck(spec('inference.p50'), { ratio: 1.5, low: 1.3, high: 1.7 }, 0.95);
    expect(check.verdict).toBe('fail');
    expect(check.id).toBe('regression.inference.p50');
    expect(check.unit).toBe('factor');
    expect(check.message).toContain('wholly above the allowed 1.100×');
    expect(check.message).toBe('regression.inference.p50 < 1.100×: 1.500×, 95 % interval [1.300×, 1.700×], wholly above the allowed 1.100×');
    expect(() => checkSchema.parse(check)).not.toThrow();
  });

  it('fails when the lower bound equals the allowed ratio (at or above)', () => {
    const check = regressionCheck(spec('load.p95'), { ratio: 1.2, low: 1.1, high: 1.3 }, 0.95);
    expect(check.verdict).toBe('fail');
  });

  it('fails on the lower bound alone when the upper one is missing', () => {
    const check = regressionCheck(spec('inference.p99'), { ratio: 2, low: 1.5, high: null }, 0.95);
    expect(check.verdict).toBe('fail');
  });

  it('is inconclusive when the interval straddles the allowed ratio, and says how to narrow it', () => {
    const check = regressionCheck(spec('inference.p99'), { ratio: 1.08, low: 1.0, high: 1.2 }, 0.9);
    expect(check.verdict).toBe('inconclusive');
    expect(check.interval).toEqual({ low: 1.0, high: 1.2, confidence: 0.9 });
    expect(check.message).toBe(
      'regression.inference.p99 < 1.100×: inconclusive, 1.080×, 90 % interval [1.000×, 1.200×]: the interval straddles 1.100×; more samples (--max-time, --max-load-runs) narrow it',
    );
  });

  it('is inconclusive when the upper bound equals the allowed ratio (pass needs strictly below)', () => {
    const check = regressionCheck(spec('inference.p50'), { ratio: 1.0, low: 0.9, high: 1.1 }, 0.95);
    expect(check.verdict).toBe('inconclusive');
    expect(check.message).toContain('straddles');
  });

  it('is inconclusive without an upper bound, and says what to raise', () => {
    const check = regressionCheck(spec('inference.p99'), { ratio: 1.0, low: 0.9, high: null }, 0.95);
    expect(check.verdict).toBe('inconclusive');
    expect(check.interval).toEqual({ low: 0.9, high: null, confidence: 0.95 });
    expect(check.message).toContain('too few samples to bound the ratio from above; raise --max-time or --max-load-runs');
    expect(check.message).toContain('[0.900×, —]');
    expect(check.message).not.toContain('straddles');
  });

  it('is inconclusive with neither bound', () => {
    const check = regressionCheck(spec('load.p95'), { ratio: 1.0, low: null, high: null }, 0.95);
    expect(check.verdict).toBe('inconclusive');
    expect(check.message).toContain('raise --max-time or --max-load-runs');
  });

  it('judges against the spec’s own allowed ratio', () => {
    const ratio = { ratio: 1.3, low: 1.2, high: 1.4 };
    expect(regressionCheck(spec('inference.p50', { maxRatio: 1.1 }), ratio, 0.95).verdict).toBe('fail');
    const loose = regressionCheck(spec('inference.p50', { maxRatio: 1.5 }), ratio, 0.95);
    expect(loose.verdict).toBe('pass');
    expect(loose.threshold).toBe(1.5);
    expect(loose.message).toMatch(/^regression\.inference\.p50 < 1\.500×/);
  });

  it('carries the spec’s level', () => {
    const check = regressionCheck(spec('inference.p50', { level: 'warn' }), { ratio: 1.5, low: 1.3, high: 1.7 }, 0.95);
    expect(check.level).toBe('warn');
    expect(check.verdict).toBe('fail');
  });
});

describe('regressionCheck: memory.peak is single-valued', () => {
  it('is judged on the ratio alone, method point, no interval', () => {
    const pass = regressionCheck(spec('memory.peak'), { ratio: 1.05, low: null, high: null }, 0.95);
    expect(pass.verdict).toBe('pass');
    expect(pass.method).toBe('point');
    expect(pass.interval).toBeNull();
    expect(pass.actual).toBe(1.05);
    expect(pass.n).toBe(1);
    expect(pass.message).toBe('regression.memory.peak < 1.100×: 1.050×');
    expect(() => checkSchema.parse(pass)).not.toThrow();

    const fail = regressionCheck(spec('memory.peak'), { ratio: 1.25, low: null, high: null }, 0.95);
    expect(fail.verdict).toBe('fail');
    expect(fail.interval).toBeNull();
    expect(fail.message).toBe('regression.memory.peak < 1.100×: 1.250×, wholly above the allowed 1.100×');
  });

  it('fails at exactly the allowed ratio', () => {
    expect(regressionCheck(spec('memory.peak'), { ratio: 1.1, low: null, high: null }, 0.95).verdict).toBe('fail');
  });

  it('ignores any bounds given with the ratio', () => {
    expect(regressionCheck(spec('memory.peak'), { ratio: 1.05, low: 1.2, high: 1.3 }, 0.95).verdict).toBe('pass');
    expect(regressionCheck(spec('memory.peak'), { ratio: 1.2, low: 0.5, high: 0.9 }, 0.95).verdict).toBe('fail');
    expect(regressionCheck(spec('memory.peak'), { ratio: 1.05, low: 1.0, high: 1.2 }, 0.95).interval).toBeNull();
  });
});

describe('regressionCheck: skipped', () => {
  it('is skipped at level off, even for a ratio that would fail', () => {
    const check = regressionCheck(spec('inference.p99', { level: 'off' }), { ratio: 3, low: 2.5, high: 3.5 }, 0.95);
    expect(check.verdict).toBe('skipped');
    expect(check.level).toBe('off');
    expect(check.message).toBe('regression.inference.p99 < 1.100×: skipped (level off)');
  });

  it('is skipped, not compared, when there is no ratio', () => {
    const check = regressionCheck(spec('load.p95'), null, 0.95);
    expect(check.verdict).toBe('skipped');
    expect(check.message).toContain('not compared');
    expect(check.message).toBe('regression.load.p95 < 1.100×: not compared, no load.p95 on one side');
    expect(check.actual).toBeNull();
    expect(check.n).toBe(0);
    expect(check.interval).toBeNull();
    expect(check.id).toBe('regression.load.p95');
    expect(check.unit).toBe('factor');
    expect(() => checkSchema.parse(check)).not.toThrow();
  });

  it('is skipped for a missing memory ratio', () => {
    const check = regressionCheck(spec('memory.peak'), null, 0.95);
    expect(check.verdict).toBe('skipped');
    expect(check.message).toContain('not compared, no memory.peak on one side');
  });
});

describe('findEntry', () => {
  const row = (path: string, threads: number, runtime = 'node-wasm') => ({ model: { path, name: path.split('/').pop() ?? path }, variant: null, runtime, threads });

  it('takes the entry of the same path, runtime and threads', () => {
    const entries = [
      entry({ path: 'models/mlp.onnx', threads: 1 }),
      entry({ path: 'models/mlp.onnx', threads: 4 }),
      entry({ path: 'other/mlp.onnx', threads: 4 }),
      entry({ path: 'models/mlp.onnx', threads: 4, runtime: 'node-native' }),
    ];
    expect(findEntry(baselineOf(entries), row('models/mlp.onnx', 4))).toBe(entries[1]);
    expect(findEntry(baselineOf(entries), row('models/mlp.onnx', 1))).toBe(entries[0]);
    expect(findEntry(baselineOf(entries), row('models/mlp.onnx', 4, 'node-native'))).toBe(entries[3]);
  });

  it('falls back to the same file name when the path differs', () => {
    const entries = [entry({ path: 'models/cnn.onnx' }), entry({ path: 'old/location/mlp.onnx', threads: 1 }), entry({ path: 'old/location/mlp.onnx', threads: 2 })];
    expect(findEntry(baselineOf(entries), row('new/place/mlp.onnx', 2))).toBe(entries[2]);
    expect(findEntry(baselineOf(entries), row('new/place/mlp.onnx', 1))).toBe(entries[1]);
  });

  it('falls back to the same model at other threads', () => {
    const entries = [entry({ path: 'models/cnn.onnx', threads: 4 }), entry({ path: 'models/mlp.onnx', threads: 2 })];
    expect(findEntry(baselineOf(entries), row('models/mlp.onnx', 8))).toBe(entries[1]);
    expect(findEntry(baselineOf([entries[1] as BaselineEntry]), row('elsewhere/mlp.onnx', 8))).toBe(entries[1]);
  });

  it('is null when only another runtime has the model', () => {
    const entries = [entry({ path: 'models/mlp.onnx', runtime: 'node-native' }), entry({ path: 'models/mlp.onnx', runtime: 'chrome-wasm' })];
    expect(findEntry(baselineOf(entries), row('models/mlp.onnx', 1, 'node-wasm'))).toBeNull();
  });

  it('is null when no entry has the model', () => {
    const entries = [entry({ path: 'models/cnn.onnx' })];
    expect(findEntry(baselineOf(entries), row('models/mlp.onnx', 1))).toBeNull();
    expect(findEntry(baselineOf([]), row('models/mlp.onnx', 1))).toBeNull();
  });
});

describe('rowDifferences', () => {
  const stored = entry({ sha256: SHA_A, runtimeVersion: '1.20.0', threads: 1 });

  it('is empty when model, runtime version and threads agree', () => {
    expect(rowDifferences(stored, { sha256: SHA_A, runtimeVersion: '1.20.0', threads: 1 })).toEqual([]);
  });

  it('names a different model sha256 by its first 12 hex digits', () => {
    expect(rowDifferences(stored, { sha256: SHA_B, runtimeVersion: '1.20.0', threads: 1 })).toEqual(['model sha256 aaaaaaaaaaaa in the baseline, 0123456789ab now']);
  });

  it('calls a missing sha256 unknown', () => {
    expect(rowDifferences(stored, { sha256: null, runtimeVersion: '1.20.0', threads: 1 })).toEqual(['model sha256 aaaaaaaaaaaa in the baseline, unknown now']);
    expect(rowDifferences(entry({ sha256: null }), { sha256: SHA_B, runtimeVersion: '1.20.0', threads: 1 })).toEqual(['model sha256 unknown in the baseline, 0123456789ab now']);
    expect(rowDifferences(entry({ sha256: null }), { sha256: null, runtimeVersion: '1.20.0', threads: 1 })).toEqual([]);
  });

  it('names a different runtime version', () => {
    expect(rowDifferences(stored, { sha256: SHA_A, runtimeVersion: '1.21.1', threads: 1 })).toEqual(['node-wasm version 1.20.0 in the baseline, 1.21.1 now']);
    expect(rowDifferences(entry({ runtimeVersion: null }), { sha256: SHA_A, runtimeVersion: '1.21.1', threads: 1 })).toEqual(['node-wasm version unknown in the baseline, 1.21.1 now']);
  });

  it('does not count an unknown current runtime version as a difference', () => {
    expect(rowDifferences(stored, { sha256: SHA_A, runtimeVersion: null, threads: 1 })).toEqual([]);
  });

  it('names different threads', () => {
    expect(rowDifferences(stored, { sha256: SHA_A, runtimeVersion: '1.20.0', threads: 4 })).toEqual(['threads 1 in the baseline, 4 now']);
  });

  it('names every difference at once, in order', () => {
    expect(rowDifferences(stored, { sha256: SHA_B, runtimeVersion: '1.21.0', threads: 2 })).toEqual([
      'model sha256 aaaaaaaaaaaa in the baseline, 0123456789ab now',
      'node-wasm version 1.20.0 in the baseline, 1.21.0 now',
      'threads 1 in the baseline, 2 now',
    ]);
  });
});

describe('attachBaseline', () => {
  it('adds the baseline record, the ratios and the five regression checks to a matched ok row', () => {
    const stored = entry();
    const baseline = baselineOf([stored]);
    const result = trial({ peakBytes: 1_050_000 });
    const [attached] = attachBaseline([result], baseline, SETTINGS) as [TrialResult];

    expect(attached.baseline).not.toBeNull();
    expect(attached.baseline?.reference).toEqual({ createdAt: '2024-05-01T12:00:00.000Z', runtime: 'node-wasm', runtimeVersion: '1.20.0', threads: 1, sha256: SHA_A });
    expect(attached.baseline?.differences).toEqual([]);
    const ratios = attached.baseline?.ratios;
    expect(ratios?.loadP95).toEqual(quantileRatio(sortAscending(result.load?.samplesMs ?? []), loadSamples(stored.load), 0.95, 0.95));
    expect(ratios?.inferenceP50).toEqual(quantileRatio(sortAscending(result.inference?.samplesMs ?? []), loadSamples(stored.inference), 0.5, 0.95));
    expect(ratios?.inferenceP99).toEqual(quantileRatio(sortAscending(result.inference?.samplesMs ?? []), loadSamples(stored.inference), 0.99, 0.95));
    expect(ratios?.inferenceP50?.ratio).toBeCloseTo(1, 10);
    expect(ratios?.memoryPeak).toEqual({ ratio: 1.05, low: null, high: null });

    expect(regressionChecks(attached).map((check) => check.id)).toEqual(REGRESSION_METRICS.map((id) => `regression.${id}`));
    expect(regressionChecks(attached).map((check) => check.verdict)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass']);
    expect(attached.verdict).toBe('pass');
    expect(attached.warnings).toEqual([]);
    // load and inference hold only their samples here; the parts attachBaseline writes must be schema-valid.
    expect(() => resultSchema.shape.baseline.parse(attached.baseline)).not.toThrow();
    for (const check of attached.checks) expect(() => checkSchema.parse(check)).not.toThrow();
  });

  it('appends the regression checks after the row’s own checks', () => {
    const kpi: CheckRecord = {
      id: 'inference.p99',
      metric: 'inference latency P99',
      operator: '<',
      threshold: 100,
      actual: 10,
      unit: 'ms',
      n: 1000,
      interval: null,
      method: 'point',
      samplesNeeded: null,
      verdict: 'pass',
      level: 'error',
      message: 'inference.p99 passes',
    };
    const [attached] = attachBaseline([trial({ checks: [kpi] })], baselineOf([entry()]), SETTINGS) as [TrialResult];
    expect(attached.checks.map((check) => check.id)).toEqual([
      'inference.p99',
      'regression.load.p50',
      'regression.load.p95',
      'regression.inference.p50',
      'regression.inference.p99',
      'regression.memory.peak',
    ]);
    expect(attached.checks[0]).toBe(kpi);
  });

  it('makes the verdict fail when an error-level regression fails', () => {
    const doubled = tight(5).map((value) => value * 2);
    const [attached] = attachBaseline([trial({ inferenceMs: doubled, verdict: 'pass' })], baselineOf([entry()]), SETTINGS) as [TrialResult];
    expect(checkOf(attached, 'regression.inference.p50').verdict).toBe('fail');
    expect(checkOf(attached, 'regression.inference.p99').verdict).toBe('fail');
    expect(checkOf(attached, 'regression.inference.p50').message).toContain('wholly above the allowed 1.100×');
    expect(checkOf(attached, 'regression.load.p95').verdict).toBe('pass');
    expect(attached.baseline?.ratios.inferenceP50?.ratio).toBeCloseTo(2, 10);
    expect(attached.verdict).toBe('fail');
  });

  it('keeps the verdict when the failing regression is only a warning', () => {
    const settings: BaselineSettings = { confidence: 0.95, regressions: DEFAULT_REGRESSIONS.map((s) => (s.id === 'memory.peak' ? { ...s, level: 'warn' as const } : s)) };
    const [attached] = attachBaseline([trial({ peakBytes: 2_000_000, verdict: 'pass' })], baselineOf([entry()]), settings) as [TrialResult];
    expect(checkOf(attached, 'regression.memory.peak').verdict).toBe('fail');
    expect(attached.verdict).toBe('pass');
  });

  it('recomputes the verdict from every check: an undecided regression makes a passing row inconclusive', () => {
    // 20 inference samples cannot bound P99 from above.
    const [attached] = attachBaseline([trial({ inferenceMs: tight(5, 20), verdict: 'pass' })], baselineOf([entry()]), SETTINGS) as [TrialResult];
    expect(checkOf(attached, 'regression.inference.p99').verdict).toBe('inconclusive');
    expect(checkOf(attached, 'regression.inference.p99').message).toContain('raise --max-time or --max-load-runs');
    expect(attached.verdict).toBe('inconclusive');
  });

  it('recomputes the verdict from every check: a failing KPI stays a failure', () => {
    const failing: CheckRecord = {
      id: 'load.p95',
      metric: 'load P95',
      operator: '<',
      threshold: 1,
      actual: 100,
      unit: 'ms',
      n: 1000,
      interval: null,
      method: 'point',
      samplesNeeded: null,
      verdict: 'fail',
      level: 'error',
      message: 'load.p95 fails',
    };
    const [attached] = attachBaseline([trial({ checks: [failing], verdict: 'fail' })], baselineOf([entry()]), SETTINGS) as [TrialResult];
    expect(regressionChecks(attached).every((check) => check.verdict === 'pass')).toBe(true);
    expect(attached.verdict).toBe('fail');
  });

  it('compares against a baseline whose samples were stored as a histogram', () => {
    const stored = entry({ cap: 100 });
    expect(stored.inference.encoding).toBe('hdr-ns');
    const [attached] = attachBaseline([trial()], baselineOf([stored]), SETTINGS) as [TrialResult];
    expect(attached.baseline?.ratios.inferenceP50?.ratio).toBeCloseTo(1, 2);
    expect(regressionChecks(attached).map((check) => check.verdict)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass']);
  });

  it('warns about a row the baseline has no entry for, and adds no checks', () => {
    const result = trial({ runtime: 'chrome-wasm', warnings: ['earlier warning'] });
    const [attached] = attachBaseline([result], baselineOf([entry({ runtime: 'node-wasm' })]), SETTINGS) as [TrialResult];
    expect(attached.warnings).toEqual(['earlier warning', 'the baseline has no chrome-wasm entry for mlp.onnx; no regression checks']);
    expect(attached.warnings[1]).toMatch(/^the baseline has no .* entry/);
    expect(attached.baseline).toBeNull();
    expect(attached.checks).toEqual([]);
    expect(attached.verdict).toBe('pass');
  });

  it('leaves rows that were not measured unchanged', () => {
    const failed = trial({ status: 'error', verdict: 'error', loadMs: null, inferenceMs: null, peakBytes: null });
    const skipped = trial({ status: 'skipped', verdict: 'skipped', loadMs: null, inferenceMs: null, peakBytes: null });
    const snapshot = structuredClone([failed, skipped]);
    const attached = attachBaseline([failed, skipped], baselineOf([entry()]), SETTINGS);
    expect(attached[0]).toBe(failed);
    expect(attached[1]).toBe(skipped);
    expect(attached).toEqual(snapshot);
  });

  it('turns a different model hash into a "baseline differs: " warning and a recorded difference', () => {
    const [attached] = attachBaseline([trial({ sha256: SHA_B, warnings: ['w'] })], baselineOf([entry({ sha256: SHA_A })]), SETTINGS) as [TrialResult];
    expect(attached.baseline?.differences).toEqual(['model sha256 aaaaaaaaaaaa in the baseline, 0123456789ab now']);
    expect(attached.warnings).toEqual(['w', 'baseline differs: model sha256 aaaaaaaaaaaa in the baseline, 0123456789ab now']);
    expect(regressionChecks(attached)).toHaveLength(5);
  });

  it('compares with the entry at other threads and records the difference', () => {
    const [attached] = attachBaseline([trial({ threads: 4 })], baselineOf([entry({ threads: 1 })]), SETTINGS) as [TrialResult];
    expect(attached.baseline?.reference.threads).toBe(1);
    expect(attached.baseline?.differences).toEqual(['threads 1 in the baseline, 4 now']);
    expect(attached.warnings).toEqual(['baseline differs: threads 1 in the baseline, 4 now']);
  });

  it('skips the memory check when either side has no memory peak', () => {
    const noBaselineMemory = attachBaseline([trial()], baselineOf([entry({ memoryPeakBytes: null })]), SETTINGS)[0] as TrialResult;
    expect(noBaselineMemory.baseline?.ratios.memoryPeak).toBeNull();
    expect(checkOf(noBaselineMemory, 'regression.memory.peak').verdict).toBe('skipped');
    expect(checkOf(noBaselineMemory, 'regression.memory.peak').message).toContain('not compared');

    const zeroBaselineMemory = attachBaseline([trial()], baselineOf([entry({ memoryPeakBytes: 0 })]), SETTINGS)[0] as TrialResult;
    expect(zeroBaselineMemory.baseline?.ratios.memoryPeak).toBeNull();

    const noMemoryNow = attachBaseline([trial({ peakBytes: null })], baselineOf([entry()]), SETTINGS)[0] as TrialResult;
    expect(noMemoryNow.baseline?.ratios.memoryPeak).toBeNull();
    expect(checkOf(noMemoryNow, 'regression.memory.peak').verdict).toBe('skipped');
    expect(noMemoryNow.verdict).toBe('pass');
  });

  it('skips the latency checks when either side has no samples', () => {
    const noLoadNow = attachBaseline([trial({ loadMs: null })], baselineOf([entry()]), SETTINGS)[0] as TrialResult;
    expect(noLoadNow.baseline?.ratios.loadP95).toBeNull();
    expect(checkOf(noLoadNow, 'regression.load.p95').verdict).toBe('skipped');

    const emptyBaseline = attachBaseline([trial()], baselineOf([entry({ inferenceMs: [] })]), SETTINGS)[0] as TrialResult;
    expect(emptyBaseline.baseline?.ratios.inferenceP50).toBeNull();
    expect(emptyBaseline.baseline?.ratios.inferenceP99).toBeNull();
    expect(checkOf(emptyBaseline, 'regression.inference.p99').message).toContain('not compared, no inference.p99 on one side');
  });

  it('adds only the configured regressions, with their levels', () => {
    const settings: BaselineSettings = { confidence: 0.9, regressions: [spec('inference.p50', { maxRatio: 3, level: 'warn' })] };
    const doubled = tight(5).map((value) => value * 2);
    const [attached] = attachBaseline([trial({ inferenceMs: doubled })], baselineOf([entry()]), settings) as [TrialResult];
    expect(regressionChecks(attached).map((check) => check.id)).toEqual(['regression.inference.p50']);
    const check = checkOf(attached, 'regression.inference.p50');
    expect(check.verdict).toBe('pass');
    expect(check.level).toBe('warn');
    expect(check.interval?.confidence).toBe(0.9);
    // The ratios are still all recorded.
    expect(attached.baseline?.ratios.loadP95).not.toBeNull();
  });

  it('does not change the rows it was given', () => {
    const result = trial({ sha256: SHA_B });
    const snapshot = structuredClone(result);
    attachBaseline([result], baselineOf([entry()]), SETTINGS);
    expect(result).toEqual(snapshot);
  });
});

describe('attachBaseline: run-to-run noise', () => {
  const confidence = 0.95;
  const regressions: RegressionSpec[] = [{ id: 'inference.p50', maxRatio: 1.1, level: 'error' }];

  function withMedians(medians: number[]): TrialResult {
    const result = trial({ inferenceMs: tight(5.75) });
    return { ...result, inference: { ...(result.inference as NonNullable<TrialResult['inference']>), workerMediansMs: medians } };
  }

  it('widens the inference intervals by the spread between workers, and records it', () => {
    const quiet = attachBaseline([withMedians([5.75, 5.75, 5.75, 5.75, 5.75])], baselineOf([entry({ workerMediansMs: [5, 5, 5, 5, 5] })]), { confidence, regressions })[0];
    const noisy = attachBaseline([withMedians([5.2, 6.3, 5.75, 5.5, 6.0])], baselineOf([entry({ workerMediansMs: [4.5, 5.5, 5, 4.8, 5.2] })]), { confidence, regressions })[0];
    const quietRatio = quiet?.baseline?.ratios.inferenceP50;
    const noisyRatio = noisy?.baseline?.ratios.inferenceP50;
    expect(noisyRatio?.ratio).toBeCloseTo(quietRatio?.ratio ?? 0, 12);
    expect(noisyRatio?.low).toBeLessThan(quietRatio?.low ?? 0);
    expect(noisyRatio?.high).toBeGreaterThan(quietRatio?.high ?? 0);
    expect(noisy?.baseline?.runNoise).toMatchObject({ df: 8, workersNow: 5, workersBaseline: 5 });
    expect(noisy?.baseline?.runNoise.sigma).toBeGreaterThan(0.05);
    // The Hodges–Lehmann shift of the workers' medians, with the Mann–Whitney interval (5 and 5: the 3rd smallest and largest of 25 ratios).
    const ratios = [5.2, 6.3, 5.75, 5.5, 6.0].flatMap((now) => [4.5, 5.5, 5, 4.8, 5.2].map((then) => now / then)).sort((a, b) => a - b);
    expect(noisy?.baseline?.runNoise.shift).toEqual({ ratio: expect.closeTo(ratios[12] as number, 12), low: expect.closeTo(ratios[2] as number, 12), high: expect.closeTo(ratios[22] as number, 12) });
    // A 15 % slowdown that quiet runs call a regression is only inconclusive amid the noise.
    expect(quiet?.checks.find((check) => check.id === 'regression.inference.p50')?.verdict).toBe('fail');
    expect(noisy?.checks.find((check) => check.id === 'regression.inference.p50')?.verdict).toBe('inconclusive');
  });

  it('still fails a clear slowdown when one worker on each side ran on a contended CPU', () => {
    const then = [5, 5.05, 4.95, 5.02, 4.98, 8.1];
    const now = [6, 6.06, 5.94, 6.02, 5.98, 9.6];
    const [result] = attachBaseline([withMedians(now)], baselineOf([entry({ workerMediansMs: then })]), { confidence, regressions });
    expect(result?.baseline?.runNoise.shift?.low).toBeGreaterThan(1.1);
    expect(result?.checks.find((check) => check.id === 'regression.inference.p50')?.verdict).toBe('fail');
  });

  it('says when the noise was not measured (too few workers to bound it)', () => {
    for (const [now, then] of [
      [[5.5], [5]],
      [[5.5], [5, 5.1, 4.9, 5, 5.2]],
    ] as const) {
      const [result] = attachBaseline([withMedians([...now])], baselineOf([entry({ workerMediansMs: [...then] })]), { confidence, regressions });
      expect(result?.baseline?.runNoise).toMatchObject({ workersNow: 1, workersBaseline: then.length, shift: { low: null, high: null } });
      expect(result?.checks.find((check) => check.id === 'regression.inference.p50')?.message).toContain(
        `run-to-run noise not measured: 1 inference worker now and ${then.length} in the baseline are too few to bound it (--repeat 4 or more on both sides accounts for it)`,
      );
    }
  });
});

describe('attachBaseline: the P99 against the workers’ own P99s', () => {
  const confidence = 0.95;
  const regressions: RegressionSpec[] = [{ id: 'inference.p99', maxRatio: 1.1, level: 'error' }];
  // A worker: 500 samples around its median, its slowest 2 % at 1.5× (so its P99 is 1.5 × median).
  const worker = (medianMs: number) => Array.from({ length: 500 }, (_, i) => medianMs * (i >= 490 ? 1.5 : 1 + (0.01 * ((i * 37) % 500)) / 500));
  function run(medians: number[]): TrialResult {
    const workers = medians.map(worker);
    const result = trial({ inferenceMs: workers.flat() });
    const inference = result.inference as NonNullable<TrialResult['inference']>;
    return { ...result, inference: { ...inference, workerMediansMs: medians, workerSampleCounts: workers.map((samples) => samples.length) } };
  }
  const then = [5, 5, 5, 5, 5, 5, 5, 5];
  const baseline = baselineOf([
    { ...entry({ inferenceMs: then.flatMap(worker), workerMediansMs: then }), inferenceWorkerP99sMs: then.map((median) => percentile(sortAscending(worker(median)), 0.99)) },
  ]);

  it('one slow worker lifts the pooled P99 but not the typical worker’s: no fail', () => {
    const [result] = attachBaseline([run([5, 5, 5, 5, 5, 5, 5, 9])], baseline, { confidence, regressions });
    expect(result?.baseline?.ratios.inferenceP99?.ratio).toBeGreaterThan(1.2);
    expect(result?.baseline?.runNoise.shiftP99).toMatchObject({ ratio: expect.closeTo(1, 6) });
    expect(result?.checks.find((check) => check.id === 'regression.inference.p99')?.verdict).not.toBe('fail');
  });

  it('every worker 20 % slower: fails', () => {
    const [result] = attachBaseline([run([6, 6, 6, 6, 6, 6, 6, 6])], baseline, { confidence, regressions });
    expect(result?.baseline?.runNoise.shiftP99?.low).toBeGreaterThan(1.1);
    expect(result?.checks.find((check) => check.id === 'regression.inference.p99')?.verdict).toBe('fail');
  });

  it('an older baseline without per-worker P99s falls back to the median shift’s relative width', () => {
    const older = baselineOf([entry({ inferenceMs: then.flatMap(worker), workerMediansMs: then })]);
    const [result] = attachBaseline([run([6, 6, 6, 6, 6, 6, 6, 6])], older, { confidence, regressions });
    expect(result?.baseline?.runNoise.shiftP99).toBeNull();
    expect(result?.checks.find((check) => check.id === 'regression.inference.p99')?.verdict).toBe('fail');
  });
});

describe('widen: the sampling interval and the workers’ shift interval', () => {
  const shift = { ratio: 1.0, low: 0.97, high: 1.04 };

  it('same-quantile: spans the shift interval itself, so a pooled median moved by a few slow workers does not fail alone', () => {
    // Pooled medians 15 % apart with tight sampling intervals; the typical workers did not move.
    expect(widen({ ratio: 1.15, low: 1.14, high: 1.16 }, shift, 'same-quantile')).toEqual({ ratio: 1.15, low: 0.97, high: 1.16 });
  });

  it('relative: moves the shift interval’s relative width onto the ratio', () => {
    const widened = widen({ ratio: 1.3, low: 1.28, high: 1.32 }, shift, 'relative');
    expect(widened?.low).toBeCloseTo(1.3 * 0.97, 12);
    expect(widened?.high).toBeCloseTo(1.3 * 1.04, 12);
  });

  it('leaves the sampling interval when the shift is unbounded, and unbounded sides unbounded', () => {
    expect(widen({ ratio: 1.2, low: 1.1, high: 1.3 }, { ratio: 1.1, low: null, high: null }, 'same-quantile')).toEqual({ ratio: 1.2, low: 1.1, high: 1.3 });
    expect(widen({ ratio: 1.2, low: 1.19, high: null }, shift, 'relative')).toEqual({ ratio: 1.2, low: expect.closeTo(1.2 * 0.97, 12), high: null });
  });
});
