/**
 * A/B reports for the A/B reporters' tests, made by the real report builder (buildAbReport) from
 * synthetic blocks drawn with a seeded generator: the checks, intervals, outcomes and messages in
 * them are the gate's own.
 */
import { type AbMeasured, type AbReportContext, type AbRowOutcome, buildAbReport } from '../../src/report/build-ab-report.js';
import type { AbReport } from '../../src/report/ab-schema.js';
import { abReportSchema } from '../../src/report/ab-schema.js';
import type { RegressionMetric } from '../../src/regression-metrics.js';
import { mulberry32 } from '../../src/harness/feeds.js';
import type { CheckLevel, InconclusivePolicy, OutputSnapshot } from '../../src/types.js';

/** A model name with ANSI escapes and every XML, HTML and Markdown metacharacter. */
export const HOSTILE_AB_NAME = 'evil\u001b[31m <b>&amp;</b> "q" \'s\' | *x* `c` \u001b]8;;http://x\u0007link\u001b]8;;\u0007';

/** A seeded generator (the harness's own mulberry32), so every run draws the same blocks. */
const seededRandom = mulberry32;

export interface SyntheticRow {
  runtime: string;
  /** B / A of inference times (P50 and P99 alike). */
  inferenceRatio: number;
  /** B / A of cold loads and of memory. */
  loadRatio: number;
  /** Spread of each block's ratio around the true one: ±noise, uniform. */
  noise: number;
  blocks: number;
  seed: number;
  /** B's outputs differ from A's (parity fails). */
  outputsDisagree?: boolean;
  /** Side B's thread count where it differs from A's 1 (--b threads=N). */
  threadsB?: number;
}

function snapshot(values: readonly number[]): OutputSnapshot {
  return { name: 'logits', dtype: 'float32', dims: [values.length], base64: Buffer.from(new Float32Array(values).buffer).toString('base64'), strings: null };
}

export function measured(row: SyntheticRow): AbMeasured {
  const random = seededRandom(row.seed);
  const jitter = () => 1 + row.noise * (2 * random() - 1);
  const order = (index: number): 'ABBA' | 'BAAB' => (index % 2 === 0 ? 'ABBA' : 'BAAB');
  const loadBlocks = Array.from({ length: row.blocks }, (_, index) => {
    const aLoadMs: [number, number] = [200 * jitter(), 200 * jitter()];
    const bLoadMs: [number, number] = [aLoadMs[0] * row.loadRatio * jitter(), aLoadMs[1] * row.loadRatio * jitter()];
    const aPeakBytes: [number, number] = [50e6, 50e6];
    const bPeakBytes: [number, number] = [50e6 * row.loadRatio * jitter(), 50e6 * row.loadRatio * jitter()];
    return { order: order(index), aLoadMs, bLoadMs, aPeakBytes, bPeakBytes, endedAtMs: (index + 1) * 1500 };
  });
  const inferenceBlocks = Array.from({ length: row.blocks }, (_, index) => {
    const aMedianMs = 4 * jitter();
    const aP99Ms = 6 * jitter();
    return {
      order: order(index),
      a: { runs: 150, errors: 0, medianMs: aMedianMs, p99Ms: aP99Ms },
      b: { runs: 140, errors: 0, medianMs: aMedianMs * row.inferenceRatio * jitter(), p99Ms: aP99Ms * row.inferenceRatio * jitter() },
      endedAtMs: row.blocks * 1500 + (index + 1) * 600,
    };
  });
  const side = (values: number[]) => ({
    runtimeVersion: '1.20.1',
    threadsUsed: 1,
    clockResolutionMs: 0.001,
    firstInferenceMs: 12.5,
    firstInferenceAfter: null,
    outputs: [snapshot(values)],
    outputsNote: null,
  });
  return {
    loadBlocks,
    loadStopReason: 'decided',
    inferenceBlocks,
    inferenceStopReason: row.blocks < 7 ? 'max-time' : 'decided',
    a: side([0.25, -1.5, 3]),
    b: side(row.outputsDisagree ? [0.25, -1.5, 3.5] : [0.25, -1.5, 3]),
    warnings: [],
  };
}

export function measuredOutcome(row: SyntheticRow): AbRowOutcome {
  return { runtime: row.runtime, threads: 1, sideThreads: { A: 1, B: row.threadsB ?? 1 }, kind: 'measured', measured: measured(row) };
}

export function failedOutcome(runtime: string, code: string, message: string): AbRowOutcome {
  return { runtime, threads: 1, sideThreads: { A: 1, B: 1 }, kind: 'failed', code, message };
}

const SHA_A = 'a'.repeat(64);
const SHA_B = 'b'.repeat(64);

export interface ContextOptions {
  modelName?: string;
  gitSideB?: boolean;
  inconclusive?: InconclusivePolicy;
  /** Tolerance of every metric, 0.05 for ±5 %. */
  tolerance?: number;
  /** Levels in place of the defaults' (load.p95 warn, the rest error). */
  levels?: Partial<Record<RegressionMetric, CheckLevel>>;
}

export function abContext(options: ContextOptions = {}): AbReportContext {
  const name = options.modelName ?? 'tiny-mlp.onnx';
  const tolerance = options.tolerance ?? 0.05;
  const model = (sha256: string) => ({ path: `models/${name}`, name, bytes: 12_345, sha256 });
  const runtimeSettings = (given: string[] = []) => ({ threads: [1], runtimeAdapter: null, graphOptimization: null, onnxruntimeWeb: null, onnxruntimeNode: null, given });
  return {
    schemaVersion: 1,
    kind: 'ab',
    tool: { name: 'wasm-torch-bench', version: '0.1.0' },
    startedAt: '2025-01-02T03:04:05.678Z',
    durationMs: 61_000,
    skippedRuntimes: [],
    environment: {
      node: 'v20.11.0',
      os: 'Linux 6.1',
      platform: 'linux',
      arch: 'x64',
      cpuModel: 'Test CPU',
      cpuCores: 2,
      memoryBytes: 8e9,
      onnxruntimeWebVersion: '1.20.1',
      onnxruntimeNodeVersion: null,
      threads: [1],
      ci: false,
      browser: null,
      adapter: null,
    },
    sides: {
      A: { spec: `models/${name}`, source: { kind: 'file' }, model: model(SHA_A), runtimeSettings: runtimeSettings() },
      B: options.gitSideB
        ? {
            spec: `git:main:models/${name}`,
            source: { kind: 'git', ref: 'main', commit: '0123456789abcdef0123456789abcdef01234567', pathInRepo: `models/${name}` },
            model: model(SHA_B),
            runtimeSettings: runtimeSettings(),
          }
        : { spec: `models/new-${name}`, source: { kind: 'file' }, model: model(SHA_B), runtimeSettings: runtimeSettings() },
    },
    settings: {
      confidence: 0.95,
      maxTimeMs: 60_000,
      chunkMs: 150,
      seed: 42,
      inconclusive: options.inconclusive ?? 'fail',
      regressions: (['load.p50', 'load.p95', 'inference.p50', 'inference.p99', 'memory.peak'] as const).map((id) => ({
        id,
        maxRatio: 1 + tolerance,
        level: options.levels?.[id] ?? (id === 'load.p95' ? 'warn' : 'error'),
      })),
      parityLevel: 'error',
      atol: 1e-4,
      rtol: 1e-3,
    },
  };
}

/** The report buildAbReport makes, checked against the report's own schema. */
export function abReport(outcomes: readonly AbRowOutcome[], options: ContextOptions = {}): AbReport {
  const context = abContext(options);
  return abReportSchema.parse(buildAbReport(outcomes, context, context.settings.inconclusive));
}

/** B 20 % slower at inference on node-wasm, the same at loads. */
export const SLOWER_ROW: SyntheticRow = { runtime: 'node-wasm', inferenceRatio: 1.2, loadRatio: 1, noise: 0.01, blocks: 24, seed: 1 };
/** No difference anywhere. */
export const SAME_ROW: SyntheticRow = { runtime: 'node-wasm', inferenceRatio: 1, loadRatio: 1, noise: 0.01, blocks: 24, seed: 2 };
/** Too few blocks to bound any ratio. */
export const UNSURE_ROW: SyntheticRow = { runtime: 'node-wasm', inferenceRatio: 1.02, loadRatio: 1, noise: 0.05, blocks: 4, seed: 3 };
/** B 15 % faster at inference on chrome-wasm. */
export const FASTER_ROW: SyntheticRow = { runtime: 'chrome-wasm', inferenceRatio: 0.85, loadRatio: 1, noise: 0.01, blocks: 24, seed: 4 };
