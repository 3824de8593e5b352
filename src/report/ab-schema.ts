/**
 * The A/B report document (wasm-torch-bench ab): both sides, and per runtime the paired blocks,
 * the checks on their ratios and the parity of B's outputs with A's. schema/ab-report.schema.json
 * is generated from this definition (scripts/write-schemas.mjs).
 */
import { z } from 'zod';
import { abCheckSchema, inferenceBlockSchema, loadBlockSchema } from '../gate/ab-records.js';
import { checkSchema, paritySchema } from '../gate/records.js';
import { REGRESSION_METRICS } from '../regression-metrics.js';
import { GRAPH_OPTIMIZATION_LEVELS } from '../types.js';
import { environmentSchema, modelSchema, namedDimsSchema, runtimePackageSchema } from './schema.js';

export const AB_REPORT_SCHEMA_VERSION = 1;

const sideSchema = z.strictObject({
  spec: z.string().describe('the side as given: a model file, or git:<ref>:<path>'),
  source: z
    .discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('file') }),
      z.strictObject({ kind: z.literal('git'), ref: z.string(), commit: z.string().regex(/^[0-9a-f]{40,64}$/), pathInRepo: z.string() }),
    ])
    .describe('git: read with git show from that commit'),
  model: modelSchema,
  runtimeSettings: z
    .strictObject({
      threads: z.array(z.number().int()),
      runtimeAdapter: z.string().nullable(),
      graphOptimization: z.enum(GRAPH_OPTIMIZATION_LEVELS).nullable().describe("null: onnxruntime's default (all)"),
      onnxruntimeWeb: runtimePackageSchema.nullable().describe('the onnxruntime-web this side ran on node-wasm and chrome-wasm; null when it ran none (an adapter, node-native alone)'),
      onnxruntimeNode: runtimePackageSchema.nullable().describe('the onnxruntime-node this side ran on node-native; null when it ran none'),
      given: z.array(z.string()).describe("the side's own settings as typed (--a / --b setting=value); empty: the run's"),
    })
    .describe('what this side runs with: the run-wide settings, with its own --a / --b settings over them'),
});

const sideFactsSchema = z.strictObject({
  runtimeVersion: z.string().nullable(),
  threadsUsed: z.number().int().nullable(),
  clockResolutionMs: z.number(),
  firstInferenceMs: z.number(),
  firstInferenceAfter: z
    .enum(['A', 'B'])
    .nullable()
    .describe(
      "the other side, when its session had already run in the same worker (sides with one thread count share one), so the process's one-time costs fell on it: the two first inferences are then not comparable; null: this side ran first in its worker",
    ),
});

export const abRowSchema = z.strictObject({
  runtime: z.string(),
  threads: z.number().int().describe("side A's thread count"),
  sideThreads: z.strictObject({ A: z.number().int(), B: z.number().int() }).describe("each side's thread count (they differ when a side sets its own threads)"),
  status: z.enum(['ok', 'error']),
  error: z.strictObject({ code: z.string(), message: z.string() }).nullable(),
  loadBlocks: z.array(loadBlockSchema),
  inferenceBlocks: z.array(inferenceBlockSchema),
  stopReason: z
    .strictObject({ load: z.enum(['decided', 'max-time']), inference: z.enum(['decided', 'max-time']) })
    .nullable()
    .describe('why each phase stopped adding blocks: its error-level checks decided, or its share of --max-time ran out (loads get half)'),
  sides: z.strictObject({ A: sideFactsSchema, B: sideFactsSchema }).nullable(),
  checks: z.array(abCheckSchema),
  parity: paritySchema.nullable().describe("B's outputs against A's on identical feeds"),
  parityCheck: checkSchema.nullable(),
  verdict: z.enum(['pass', 'fail', 'inconclusive', 'error']),
  warnings: z.array(z.string()),
});

export const abReportSchema = z
  .strictObject({
    schemaVersion: z.literal(AB_REPORT_SCHEMA_VERSION),
    kind: z.literal('ab'),
    tool: z.strictObject({ name: z.literal('wasm-torch-bench'), version: z.string() }),
    startedAt: z.string().describe('ISO 8601'),
    durationMs: z.number(),
    environment: environmentSchema,
    sides: z.strictObject({ A: sideSchema, B: sideSchema }),
    skippedRuntimes: z
      .array(z.strictObject({ runtime: z.string(), reason: z.string() }))
      .describe('default runtimes that cannot run here (no browser, say), left out with the reason; a runtime asked for by name is an error row instead'),
    settings: z.strictObject({
      confidence: z.number(),
      maxTimeMs: z.number().describe('per runtime: cold loads get up to half, inference the rest'),
      chunkMs: z.number().describe('length of one inference chunk; a block is four'),
      seed: z.number().int(),
      inconclusive: z.enum(['fail', 'warn', 'pass']).describe('what an unsure error-level check does to the exit code'),
      regressions: z.array(z.strictObject({ id: z.enum(REGRESSION_METRICS), maxRatio: z.number(), level: z.enum(['off', 'warn', 'error']) })),
      parityLevel: z.enum(['off', 'warn', 'error']),
      atol: z.number(),
      rtol: z.number(),
      dims: namedDimsSchema.optional().describe("--dim (WTB_DIM, dims): the named dims that shaped both sides' feeds; {} when none. Absent in older reports"),
    }),
    rows: z.array(abRowSchema),
    verdict: z.enum(['pass', 'fail', 'inconclusive', 'error']),
    exitCode: z.number().int(),
  })
  .describe('wasm-torch-bench A/B report');

export type AbReport = z.infer<typeof abReportSchema>;
export type AbRow = z.infer<typeof abRowSchema>;
