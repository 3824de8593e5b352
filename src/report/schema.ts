/**
 * The RunReport document: the contract between measuring and everything that reads results
 * (reporters, CI scripts, baselines). schema/run-report.schema.json is generated from this
 * definition (scripts/write-schemas.mjs), so the published schema and the types never drift.
 */
import { z } from 'zod';
import { GRAPH_OPTIMIZATION_LEVELS } from '../types.js';
import {
  baselineComparisonSchema,
  checkSchema,
  comparisonSchema,
  paritySchema,
  retainedSchema,
  summarySchema,
  type CheckRecord,
  type ComparisonRecord,
  type ParityRecord,
  type RatioRecord,
  type SummaryRecord,
} from '../gate/records.js';

export { checkSchema, summarySchema, type CheckRecord, type ComparisonRecord, type ParityRecord, type RatioRecord, type SummaryRecord };

export const REPORT_SCHEMA_VERSION = 4;

const ms = z.number().describe('milliseconds');
const bytes = z.number().int().min(0).describe('bytes');
export const namedDimsSchema = z.record(z.string(), z.number().int().min(1)).describe('size by dim name, e.g. { "batch": 1, "sequence": 128 }');

export const modelSchema = z.strictObject({
  path: z.string(),
  name: z.string(),
  bytes: bytes.nullable(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
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
  workerWallMs: z.array(ms).describe("wall time of each cold-load worker (process or browser context) from start to teardown; minus samplesMs it is the tool's own overhead per load"),
  looks: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('times adaptive sampling judged the cold loads while measuring; 0: a fixed count (the checks then use fixed-n intervals). Absent in older reports'),
});

const warmLoadSchema = loadSchema
  .extend({
    samplesMs: z.array(ms).describe('load = read + runtimeInit + sessionCreate, one per warm load'),
    workerWallMs: z.array(ms).describe('wall time of each warm load as the host saw it (in Chrome: a page opened in the profile, loaded and closed)'),
    fillLoads: z
      .number()
      .int()
      .min(0)
      .describe(
        'loads made before the warm ones to initialise the runtime and fill the caches: in Node one first session in the worker; in Chrome visits that load the model and run it, until one reads the compiled-code cache (at most 3)',
      ),
    codeCacheHits: z
      .array(z.boolean().nullable())
      .describe(
        "per warm load, in order: true when the runtime's compiled WebAssembly came from Chrome's code cache (trace event v8.wasm.moduleCacheHit), false when it was compiled again; null where no such cache applies (Node, or a module not compiled from a streamed response)",
      ),
    codeCacheNote: z.string().describe('what the compiled-code cache did over the warm loads and why, in words'),
  })
  .describe('warm loads: repeat visits (Chrome: new pages in one browser profile whose HTTP and compiled-code caches were filled first; Node: new sessions in a worker whose runtime is initialised)');

const inferenceSchema = z.strictObject({
  samplesMs: z.array(ms).describe('one per successful timed run(), in order'),
  warmupMs: z.array(ms),
  count: z.number().int().min(0),
  attempts: z.number().int().min(0),
  errors: z.number().int().min(0),
  errorRate: z.number().min(0).max(1),
  errorMessages: z.record(z.string(), z.number().int()),
  batchSize: z.number().int().min(1).describe('runs timed together per sample when one run is within 10× of the clock resolution; samples are then per-run means of a batch'),
  workerMediansMs: z.array(ms).describe('median of each inference worker (--repeat runs the phase in several fresh workers); their spread is the run-to-run noise'),
  workerSampleCounts: z
    .array(z.number().int().min(1))
    .optional()
    .describe('samples of each inference worker, in the order of workerMediansMs: samplesMs holds them worker after worker. Absent in older reports'),
  warmupStoppedBecause: z.enum(['count', 'stable', 'cap']).describe('count: --warmup n reached; stable: the rolling median settled; cap: it never settled'),
  timedPhaseMs: ms,
  stopReason: z.enum(['min-count-and-time', 'decided', 'max-time']).describe('decided: extra runs until every error-level check was decided; max-time: cut off'),
  looks: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('times adaptive sampling judged the timed runs (pooled over workers) while measuring; 0: a fixed count (the checks then use fixed-n intervals). Absent in older reports'),
  percentiles: summarySchema.nullable(),
});

const memorySchema = z.strictObject({
  wasmPeakBytes: bytes.nullable(),
  rssPeakBytes: bytes.nullable(),
  jsHeapPeakBytes: bytes.nullable(),
  peakBytes: bytes.nullable().describe('what memory.peak gates on'),
  peakSource: z
    .enum(['wasm-linear-memory', 'rss-growth'])
    .describe("wasm-linear-memory: the runtime's WebAssembly memory peak; rss-growth: peak RSS over the idle worker with the runtime loaded (native)"),
  retained: retainedSchema.nullable().optional().describe('null: no retained-memory cycles were asked for (--retained-cycles 0). Absent in older reports'),
});

export const resultSchema = z.strictObject({
  model: modelSchema,
  variant: z.string().nullable().describe("the input variant's name when a model has several (its own row)"),
  tags: z.array(z.string()),
  runtime: z.string(),
  runtimeVersion: z.string().nullable(),
  threads: z.strictObject({ requested: z.number().int(), used: z.number().int().nullable() }),
  status: z.enum(['ok', 'error', 'skipped']).describe('skipped: a default runtime that cannot run here (see skipReason)'),
  skipReason: z.string().nullable(),
  crossOriginIsolated: z.boolean().nullable().describe('browser pages only: SharedArrayBuffer and fine timers available'),
  wasmModule: z.string().nullable().describe("file name of the runtime's .wasm, where the host saw it fetched"),
  feeds: z.array(
    z.strictObject({
      name: z.string(),
      dtype: z.string(),
      shape: z.array(z.number().int()),
      values: z
        .discriminatedUnion('kind', [
          z.strictObject({ kind: z.literal('uniform'), min: z.number(), max: z.number() }),
          z.strictObject({ kind: z.literal('normal'), mean: z.number(), std: z.number() }),
          z.strictObject({ kind: z.literal('constant'), value: z.number() }),
          z.strictObject({ kind: z.literal('file'), path: z.string(), sha256: z.string() }),
        ])
        .nullable()
        .describe('null: seeded uniform random, floats in [0, 1), integers 0–9'),
    }),
  ),
  dims: namedDimsSchema.optional().describe("the named dims (--dim) this row's model declares, with the sizes that shaped its feeds; {} when none did. Absent in older reports"),
  load: loadSchema.nullable().describe('cold loads (first visits); null when none were measured (--load-temperature warm, or a failed row)'),
  warmLoad: warmLoadSchema.nullable().optional().describe('present when --load-temperature is warm or both (null for a row not measured); absent otherwise and in older reports'),
  firstInferenceMs: ms.nullable(),
  inference: inferenceSchema.nullable(),
  memory: memorySchema.nullable(),
  clockResolutionMs: ms.nullable(),
  comparison: comparisonSchema.nullable(),
  baseline: baselineComparisonSchema.nullable().describe('null without --baseline, or when the baseline has no entry for this row'),
  parity: paritySchema.nullable().describe('null for the reference row itself, a model measured in one row only, or outputs that could not be compared (see the parity check)'),
  checks: z.array(checkSchema),
  verdict: z.enum(['pass', 'fail', 'inconclusive', 'error', 'skipped']),
  error: z.strictObject({ code: z.string(), message: z.string() }).nullable(),
  warnings: z.array(z.string()),
});

export const runtimePackageSchema = z.strictObject({
  version: z.string(),
  source: z
    .enum(['project', 'setting', 'bundled'])
    .describe("project: found from the working folder; setting: chosen by --ort-web/--ort-node (WTB_ORT_*, ortWeb/ortNode in the config); bundled: wasm-torch-bench's own"),
  path: z.string().describe("the package's folder"),
});

export const environmentSchema = z.strictObject({
  node: z.string(),
  os: z.string(),
  platform: z.string(),
  arch: z.string(),
  cpuModel: z.string(),
  cpuCores: z.number().int(),
  memoryBytes: bytes,
  onnxruntimeWebVersion: z.string().nullable().describe('the onnxruntime-web the rows ran (see onnxruntimeWeb), else the one installed with the tool'),
  onnxruntimeNodeVersion: z.string().nullable().describe('the native reference runtime; null when not installed'),
  onnxruntimeWeb: runtimePackageSchema
    .nullable()
    .optional()
    .describe('the onnxruntime-web node-wasm and chrome-wasm ran; null when no row ran it (an adapter, node-native alone); absent in reports from before --ort-web'),
  onnxruntimeNode: runtimePackageSchema.nullable().optional().describe('the onnxruntime-node node-native ran; null when no row ran it or none is installed; absent in reports from before --ort-node'),
  threads: z.array(z.number().int()).describe('the thread settings measured'),
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
  adapter: z
    .strictObject({ name: z.string(), version: z.string().nullable(), path: z.string() })
    .nullable()
    .optional()
    .describe('the --runtime-adapter that ran the models in place of onnxruntime-web; null (or absent, in reports from before adapters) for onnxruntime-web'),
});

const digest = z
  .string()
  .regex(/^[0-9a-f]{64}$/)
  .describe('sha256, hex');

export const shardSchema = z
  .strictObject({
    index: z.number().int().min(1).describe('1-based'),
    count: z.number().int().min(1),
    planDigest: digest.describe('sha256 over the sorted keys (model path relative to the working folder, variant, runtime, threads) of the whole plan'),
    settingsDigest: digest.describe("sha256 over the settings the shards must share: sampling, KPIs, thresholds, runtimes, threads, baseline, confidence, and each model's inputs, KPIs and file hash"),
    plannedTrials: z.number().int().min(0).describe('rows of the whole plan, over every shard'),
    planIndexes: z.array(z.number().int().min(0)).describe("each row's place in the whole plan (0-based), in the order of results"),
  })
  .describe('--shard: which part of which plan this run measured');

export const mergedShardSchema = z.strictObject({
  index: z.number().int().min(1),
  count: z.number().int().min(1),
  file: z.string().describe('the shard report as given to merge'),
  startedAt: z.string().describe('ISO 8601'),
  durationMs: ms,
  trials: z.number().int().min(0).describe('rows this shard measured'),
  planDigest: digest,
  settingsDigest: digest,
  environment: environmentSchema,
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
      configFile: z.string().nullable().describe('the config file the settings came from; null when none was used'),
      tags: z.array(z.string()).describe('--tag: only models with one of these tags were measured'),
      runtimes: z.array(z.string()),
      confidence: z.number(),
      inconclusive: z.enum(['fail', 'warn', 'pass']),
      maxLoadRuns: z.number().int(),
      checkFinite: z.boolean(),
      skipUnavailableRuntimes: z.boolean().describe('true when the runtimes were defaults: one that cannot start here is skipped, not failed'),
      loadRuns: z.number().int(),
      loadTemperature: z.enum(['cold', 'warm', 'both']).optional().describe('which loads were measured: cold (first visits), warm (repeat visits) or both. Absent in older reports: cold'),
      warmup: z.union([z.literal('auto'), z.number().int()]),
      iterations: z.number().int(),
      repeat: z.number().int().describe('inference phases, each in a fresh worker'),
      minTimeMs: ms,
      maxTimeMs: ms,
      timeoutMs: ms,
      memoryLimitBytes: bytes.nullable().optional().describe('--memory-limit: a worker or renderer above this RSS is killed (OUT_OF_MEMORY); null without a limit, absent in older reports'),
      threads: z.array(z.number().int()),
      graphOptimization: z
        .enum(GRAPH_OPTIMIZATION_LEVELS)
        .nullable()
        .optional()
        .describe("--graph-optimization: onnxruntime's graph optimisation level; null: the runtime's default (all); absent in older reports"),
      seed: z.number().int(),
      atol: z.number(),
      rtol: z.number(),
      parityLevel: z.enum(['off', 'warn', 'error']),
      regressions: z
        .array(z.strictObject({ id: z.string(), maxRatio: z.number(), level: z.enum(['off', 'warn', 'error']) }))
        .describe('largest allowed ratio now/baseline per metric; used with a baseline'),
      kpis: z.array(z.strictObject({ id: z.string(), threshold: z.number(), level: z.enum(['off', 'warn', 'error']) })),
      dims: namedDimsSchema.optional().describe('--dim (WTB_DIM, dims): the named dims set for every model that declares them; {} when none. Absent in older reports'),
    }),
    verdict: z.enum(['pass', 'fail', 'inconclusive', 'error']).describe('fail: an error-level check failed; inconclusive: one is undecided; error: a trial could not be measured'),
    exitCode: z.number().int(),
    partial: z
      .boolean()
      .optional()
      .describe(
        'true when the run did not finish: a signal (SIGINT/SIGTERM) stopped it (exitCode 130/143), or this is the report written after the last row the run finished before it crashed or was killed (exitCode 3); the rows not measured are skipped, their skipReason starting "not measured:". Absent in reports from before partial reports',
      ),
    baseline: z
      .strictObject({
        file: z.string(),
        createdAt: z.string(),
        toolVersion: z.string(),
        differences: z.array(z.string()).describe('machine and software that differ from the baseline'),
      })
      .nullable()
      .describe('what the regression checks compare with; null without one'),
    results: z.array(resultSchema),
    shard: shardSchema.optional().describe('present when the run measured one part of the plan (--shard)'),
    merged: z.literal(true).optional().describe('present in a report merged from shard reports (wasm-torch-bench merge)'),
    shards: z.array(mergedShardSchema).optional().describe("a merged report's shards, by index, each with its own machine's environment; startedAt is the earliest, durationMs the sum of theirs"),
  })
  .describe('wasm-torch-bench run report');

export type RunReport = z.infer<typeof runReportSchema>;
export type TrialResult = z.infer<typeof resultSchema>;
export type Environment = z.infer<typeof environmentSchema>;
export type ShardRecord = z.infer<typeof shardSchema>;
export type MergedShard = z.infer<typeof mergedShardSchema>;
