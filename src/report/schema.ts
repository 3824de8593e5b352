/**
 * The RunReport document: the contract between measuring and everything that reads results
 * (reporters, CI scripts, baselines). schema/run-report.schema.json is generated from this
 * definition (scripts/write-report-schema.mjs), so the published schema and the types never drift.
 */
import { z } from 'zod';

export const REPORT_SCHEMA_VERSION = 1;

const ms = z.number().describe('milliseconds');
const bytes = z.number().int().min(0).describe('bytes');

export const summarySchema = z
  .strictObject({
    n: z.number().int().min(1),
    min: z.number(),
    max: z.number(),
    mean: z.number(),
    stddev: z.number().min(0),
    p50: z.number(),
    p90: z.number(),
    p95: z.number(),
    p99: z.number(),
  })
  .describe('Nearest-rank percentiles and moments of a sample set, in the unit of its samples');

export const checkSchema = z.strictObject({
  id: z.string().describe('KPI id, e.g. inference.p99'),
  metric: z.string().describe('what is measured, in words'),
  operator: z.literal('<'),
  threshold: z.number().describe('in `unit`'),
  actual: z.number().nullable().describe('in `unit`; null when the trial produced no value'),
  unit: z.enum(['ms', 'bytes', 'ratio']),
  n: z.number().int().min(0).describe('samples behind `actual`'),
  interval: z
    .strictObject({ low: z.number(), high: z.number(), confidence: z.number() })
    .nullable()
    .describe('confidence interval of `actual`; null until interval estimation is enabled'),
  verdict: z.enum(['pass', 'fail', 'skipped', 'error']),
  level: z.enum(['off', 'warn', 'error']),
  message: z.string(),
});

const modelSchema = z.strictObject({
  path: z.string(),
  name: z.string(),
  bytes: bytes.nullable(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
});

const loadSchema = z.strictObject({
  samplesMs: z.array(ms).describe('load = read + runtimeInit + sessionCreate, one per cold load'),
  phases: z.strictObject({
    readMs: z.array(ms),
    runtimeInitMs: z.array(ms),
    sessionCreateMs: z.array(ms),
  }),
  percentiles: summarySchema,
  phasePercentiles: z.strictObject({
    readMs: summarySchema,
    runtimeInitMs: summarySchema,
    sessionCreateMs: summarySchema,
  }),
  workerWallMs: z
    .array(ms)
    .describe("wall time of each cold-load worker (process or browser context) from start to teardown; minus samplesMs it is the tool's own overhead per load"),
});

const inferenceSchema = z.strictObject({
  samplesMs: z.array(ms).describe('one per successful timed run(), in order'),
  warmupMs: z.array(ms),
  count: z.number().int().min(0),
  attempts: z.number().int().min(0),
  errors: z.number().int().min(0),
  errorRate: z.number().min(0).max(1),
  errorMessages: z.record(z.string(), z.number().int()),
  timedPhaseMs: ms,
  stopReason: z.enum(['min-count-and-time', 'max-time']),
  percentiles: summarySchema.nullable(),
});

const memorySchema = z.strictObject({
  wasmPeakBytes: bytes.nullable(),
  rssPeakBytes: bytes.nullable(),
  jsHeapPeakBytes: bytes.nullable(),
  peakBytes: bytes.nullable().describe('what memory.peak gates on'),
  peakSource: z.enum(['wasm-linear-memory', 'rss']),
});

export const resultSchema = z.strictObject({
  model: modelSchema,
  runtime: z.string(),
  runtimeVersion: z.string().nullable(),
  threads: z.strictObject({ requested: z.number().int(), used: z.number().int().nullable() }),
  status: z.enum(['ok', 'error', 'skipped']).describe('skipped: a default runtime that cannot run here (see skipReason)'),
  skipReason: z.string().nullable(),
  crossOriginIsolated: z.boolean().nullable().describe('browser pages only: SharedArrayBuffer and fine timers available'),
  wasmModule: z.string().nullable().describe("file name of the runtime's .wasm, where the host saw it fetched"),
  feeds: z.array(z.strictObject({ name: z.string(), dtype: z.string(), shape: z.array(z.number().int()), fill: z.number().nullable() })),
  load: loadSchema.nullable(),
  firstInferenceMs: ms.nullable(),
  inference: inferenceSchema.nullable(),
  memory: memorySchema.nullable(),
  clockResolutionMs: ms.nullable(),
  checks: z.array(checkSchema),
  verdict: z.enum(['pass', 'fail', 'error', 'skipped']),
  error: z.strictObject({ code: z.string(), message: z.string() }).nullable(),
  warnings: z.array(z.string()),
});

export const environmentSchema = z.strictObject({
  node: z.string(),
  os: z.string(),
  platform: z.string(),
  arch: z.string(),
  cpuModel: z.string(),
  cpuCores: z.number().int(),
  memoryBytes: bytes,
  onnxruntimeWebVersion: z.string().nullable(),
  threads: z.number().int(),
  ci: z.boolean(),
  browser: z
    .strictObject({
      name: z.string(),
      version: z.string(),
      executablePath: z.string().nullable(),
      mode: z.enum(['launched', 'connected']),
    })
    .nullable()
    .describe('the browser chrome-wasm ran in; null when no browser was used'),
});

export const runReportSchema = z
  .strictObject({
    schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
    tool: z.strictObject({ name: z.literal('wasm-torch-bench'), version: z.string() }),
    startedAt: z.string().describe('ISO 8601'),
    durationMs: ms,
    percentileMethod: z.literal('nearest-rank').describe('x[ceil(q·n)] of n samples sorted ascending, 1-based'),
    environment: environmentSchema,
    settings: z.strictObject({
      runtimes: z.array(z.string()),
      skipUnavailableRuntimes: z.boolean().describe('true when the runtimes were defaults: one that cannot start here is skipped, not failed'),
      loadRuns: z.number().int(),
      warmup: z.number().int(),
      iterations: z.number().int(),
      minTimeMs: ms,
      maxTimeMs: ms,
      timeoutMs: ms,
      threads: z.number().int(),
      seed: z.number().int(),
      kpis: z.array(z.strictObject({ id: z.string(), threshold: z.number(), level: z.enum(['off', 'warn', 'error']) })),
    }),
    verdict: z.enum(['pass', 'fail', 'error']).describe('fail: an error-level check failed; error: a trial could not be measured'),
    exitCode: z.number().int(),
    results: z.array(resultSchema),
  })
  .describe('wasm-torch-bench run report');

export type RunReport = z.infer<typeof runReportSchema>;
export type TrialResult = z.infer<typeof resultSchema>;
export type CheckRecord = z.infer<typeof checkSchema>;
export type Environment = z.infer<typeof environmentSchema>;
export type SummaryRecord = z.infer<typeof summarySchema>;
