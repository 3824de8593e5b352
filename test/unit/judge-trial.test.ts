import { describe, expect, it } from 'vitest';
import { FIXED_SAMPLING, percentileInterval, samplingAfter } from '../../src/gate/evaluate-checks.js';
import { judgeTrial, type TrialMeasurements } from '../../src/gate/judge-trial.js';
import { judgedSampleSet, summaryRecord } from '../../src/gate/percentile-summary.js';
import { mulberry32 } from '../../src/harness/feeds.js';
import { buildReport, type TrialOutcome } from '../../src/report/build-report.js';
import type { RunReport } from '../../src/report/schema.js';
import { sortAscending } from '../../src/stats/percentiles.js';
import type { RunConfig } from '../../src/config/run-config-schema.js';
import type { KpiSpec } from '../../src/types.js';

const KPIS: KpiSpec[] = [
  { id: 'inference.p99', threshold: 5.5, level: 'error' },
  { id: 'load.p95', threshold: 400, level: 'error' },
  { id: 'inference.p50', threshold: 4, level: 'warn' },
  { id: 'error.rate', threshold: 0.01, level: 'error' },
  { id: 'memory.peak', threshold: 20_000_000, level: 'error' },
];

/** Log-normal samples around `medianMs`, seeded. */
function samples(seed: number, n: number, medianMs: number): number[] {
  const rand = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const z = Math.sqrt(-2 * Math.log(Math.max(1e-12, rand()))) * Math.cos(2 * Math.PI * rand());
    return Math.round(medianMs * Math.exp(0.25 * z) * 1e6) / 1e6;
  });
}

function trial(seed: number, { loads, runs, loadLooks, looks, errors }: { loads: number; runs: number; loadLooks: number; looks: number; errors: number }): TrialMeasurements {
  const loadSamplesMs = samples(seed, loads, 300);
  const third = (samplesMs: number[]) => samplesMs.map((ms) => Math.round((ms / 3) * 1e6) / 1e6);
  return {
    loadSamplesMs,
    loadPhasesMs: { readMs: third(loadSamplesMs), runtimeInitMs: third(loadSamplesMs), sessionCreateMs: third(loadSamplesMs) },
    loadLooks,
    inferenceSamplesMs: samples(seed + 100, runs, 4),
    inferenceLooks: looks,
    errors,
    attempts: runs + errors,
    firstInferenceMs: 9,
    memoryPeakBytes: 12_000_000,
    memoryRssBytes: 90_000_000,
    batchSize: 1,
    clockResolutionMs: 0.001,
    stopReason: 'decided',
    iterationsRequested: 100,
    warnings: [],
  };
}

const FIXED = trial(1, { loads: 40, runs: 500, loadLooks: 0, looks: 0, errors: 0 });
const ADAPTIVE = trial(2, { loads: 90, runs: 800, loadLooks: 12, looks: 5, errors: 2 });

describe('judgeTrial', () => {
  for (const [name, measured] of [
    ['fixed', FIXED],
    ['adaptive', ADAPTIVE],
  ] as const) {
    it(`gives the ${name} trial's percentile checks the very intervals its summaries show`, () => {
      const judged = judgeTrial(measured, KPIS, 0.95);
      const p99 = judged.checks.find((check) => check.id === 'inference.p99');
      const p95 = judged.checks.find((check) => check.id === 'load.p95');
      expect(p99?.interval).toEqual({ ...judged.inference?.intervals.p99, confidence: 0.95 });
      expect(p95?.interval).toEqual({ ...judged.load?.percentiles.intervals.p95, confidence: 0.95 });
      // …and those are the intervals for samples gathered this way.
      const expected = percentileInterval(sortAscending(measured.inferenceSamplesMs), 0.99, 0.95, samplingAfter(measured.inferenceLooks));
      expect(judged.inference?.intervals.p99).toEqual({ low: expected.low, high: expected.high });
      expect(judged.inference?.intervalMethod).toBe(name === 'fixed' ? 'order-statistics' : 'confidence-sequence');
    });
  }

  it('makes each interval once: the summary holds the sample set’s own interval objects', () => {
    const set = judgedSampleSet(FIXED.inferenceSamplesMs, 0.95, FIXED_SAMPLING);
    if (!set?.intervals) throw new Error('no intervals');
    const summary = summaryRecord({ ...set, intervals: set.intervals }, 0.95, FIXED_SAMPLING);
    expect(summary.intervals.p99).toBe(set.intervals.p99);
    expect(summary.intervals.p50).toBe(set.intervals.p50);
  });

  it('judges no samples as not measured', () => {
    const judged = judgeTrial({ ...FIXED, loadSamplesMs: [], inferenceSamplesMs: [], attempts: 0 }, KPIS, 0.95);
    expect(judged.load).toBeNull();
    expect(judged.inference).toBeNull();
    expect(judged.checks.find((check) => check.id === 'inference.p99')?.verdict).toBe('error');
    expect(judged.verdict).toBe('fail');
  });
});

/** Every setting the report states; buildReport reads nothing else of the config. */
const CONFIG = {
  configFile: null,
  tags: [],
  runtimes: ['node-wasm', 'node-native'],
  confidence: 0.95,
  inconclusive: 'fail',
  maxLoadRuns: 100,
  checkFinite: false,
  skipUnavailableRuntimes: false,
  loadRuns: 40,
  warmup: 'auto',
  iterations: 100,
  repeat: 1,
  minTimeMs: 1000,
  maxTimeMs: 10_000,
  timeoutMs: 60_000,
  memoryLimitBytes: null,
  threads: [1],
  seed: 1,
  atol: 1e-5,
  rtol: 1e-3,
  parityLevel: 'error',
  regressions: [],
  kpis: KPIS,
  dims: [],
} as unknown as RunConfig;

function outcome(runtime: 'node-wasm' | 'node-native', measured: TrialMeasurements): TrialOutcome {
  return {
    kind: 'measured',
    model: { path: 'models/m.onnx', name: 'm.onnx', bytes: 10, sha256: 'a'.repeat(64) },
    variant: null,
    runtime,
    threads: 1,
    feeds: [],
    dims: {},
    kpis: KPIS,
    tags: [],
    measurement: {
      loads: measured.loadSamplesMs.map((totalMs, i) => ({
        readMs: measured.loadPhasesMs.readMs[i] as number,
        runtimeInitMs: measured.loadPhasesMs.runtimeInitMs[i] as number,
        sessionCreateMs: measured.loadPhasesMs.sessionCreateMs[i] as number,
        totalMs,
      })),
      loadWorkerWallMs: measured.loadSamplesMs.map((ms) => ms + 50),
      loadLooks: measured.loadLooks,
      inference: {
        samplesMs: [...measured.inferenceSamplesMs],
        attempts: measured.attempts,
        errors: measured.errors,
        errorMessages: measured.errors > 0 ? { boom: measured.errors } : {},
        timedPhaseMs: 1000,
        firstInferenceMs: 9,
        batchSize: 1,
        warmupMs: [5],
        warmupStoppedBecause: 'stable',
        stopReason: 'decided',
        looks: measured.inferenceLooks,
        workerMediansMs: [4],
        workerSampleCounts: [measured.inferenceSamplesMs.length],
      },
      memory: { wasmPeakBytes: 12_000_000, rssPeakBytes: 90_000_000, jsHeapPeakBytes: null, peakBytes: 12_000_000, peakSource: 'wasm-linear-memory' },
      clockResolutionMs: 0.001,
      threadsUsed: 1,
      runtimeVersion: '1.0',
      crossOriginIsolated: null,
      wasmModule: null,
      outputs: null,
      outputsNote: 'not captured',
      warnings: [],
    },
  };
}

function reportOf(outcomes: TrialOutcome[]): RunReport {
  return buildReport(outcomes, { toolVersion: '0', startedAt: new Date(0), durationMs: 1, environment: {} as RunReport['environment'], config: CONFIG });
}

describe('a report built on the judging step', () => {
  it('keeps the verdicts and messages of two seeded trials', () => {
    const report = reportOf([outcome('node-wasm', FIXED), outcome('node-native', ADAPTIVE)]);
    expect(report.verdict).toBe(GOLDEN.verdict);
    expect(report.exitCode).toBe(GOLDEN.exitCode);
    expect(report.results.map((result) => ({ verdict: result.verdict, checks: result.checks.map((check) => `${check.verdict} ${check.message}`), warnings: result.warnings }))).toEqual(GOLDEN.results);
  });

  it('holds the judging step’s own summaries and checks', () => {
    const report = reportOf([outcome('node-wasm', FIXED)]);
    const judged = judgeTrial(FIXED, KPIS, 0.95);
    expect(report.results[0]?.inference?.percentiles).toEqual(judged.inference);
    expect(report.results[0]?.load?.percentiles).toEqual(judged.load?.percentiles);
    expect(report.results[0]?.checks).toEqual(judged.checks);
  });
});

/** Verdicts, messages and warnings as the report gave them before judging moved into gate/ (commit fbb24e1). */
const GOLDEN = {
  verdict: 'fail',
  exitCode: 1,
  results: [
    {
      verdict: 'fail',
      checks: [
        'fail inference.p99 < 5.5 ms: 6.55 ms, 95 % interval [6.23 ms, 8.98 ms], n=500, wholly at or above 5.5 ms',
        'inconclusive load.p95 < 400 ms: inconclusive, 443 ms, 95 % interval [394 ms, —], n=40: 40 samples cannot bound P95 at 95 % (it needs 72); raise --max-load-runs',
        'inconclusive inference.p50 < 4 ms: inconclusive, 3.93 ms, 95 % interval [3.81 ms, 4.06 ms], n=500: the interval straddles 4 ms; raise --max-time',
        'pass error.rate < 1 %: 0 %, 95 % interval [0 %, 0.735 %], 0 of 500 runs failed, n=500',
        'pass memory.peak < 20 MB: 12 MB (11.4 MiB)',
        'skipped parity with node-native ×1: not compared, the reference node-native ×1 has no outputs: not captured',
      ],
      warnings: [],
    },
    {
      verdict: 'fail',
      checks: [
        'fail inference.p99 < 5.5 ms: 7.31 ms, 95 % anytime-valid interval [6.49 ms, 8.86 ms] (beta-binomial confidence sequence, 5 looks), n=800, wholly at or above 5.5 ms',
        'inconclusive load.p95 < 400 ms: inconclusive, 498 ms, 95 % anytime-valid interval [390 ms, 779 ms] (beta-binomial confidence sequence, 12 looks), n=90: the interval straddles 400 ms; raise --max-load-runs',
        'inconclusive inference.p50 < 4 ms: inconclusive, 4.02 ms, 95 % anytime-valid interval [3.86 ms, 4.17 ms] (beta-binomial confidence sequence, 5 looks), n=800: the interval straddles 4 ms; raise --max-time',
        'inconclusive error.rate < 1 %: inconclusive, 0.249 %, 95 % anytime-valid interval [0.00667 %, 1.32 %] (beta-binomial confidence sequence, 5 looks), 2 of 802 runs failed, n=802: the interval straddles 1 %; raise --max-time',
        'pass memory.peak < 20 MB: 12 MB (11.4 MiB)',
      ],
      warnings: [],
    },
  ],
};
