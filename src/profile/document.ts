/**
 * The profile document (wasm-torch-bench-profile.json): its own document type, versioned, with a
 * JSON Schema generated from this definition (schema/profile.schema.json).
 */
import { z } from 'zod';
import { environmentSchema, modelSchema, resultSchema } from '../report/schema.js';
import { GRAPH_OPTIMIZATION_LEVELS } from '../types.js';

export const PROFILE_KIND = 'wasm-torch-bench-profile';
export const PROFILE_SCHEMA_VERSION = 1;

const us = z.number().describe('microseconds');
const ms = z.number().describe('milliseconds');

const operatorsSchema = z.strictObject({
  runs: z.number().int().describe('runs counted, after warm-up'),
  kernelUs: us.describe('kernel time summed over the runs counted'),
  modelRunUs: us.describe('model_run time summed over the same runs (kernels plus the executor)'),
  nodes: z.array(
    z.strictObject({
      opType: z.string(),
      node: z.string(),
      provider: z.string(),
      calls: z.number().int(),
      totalUs: us.describe("self time: a control-flow node's span less its subgraph's nodes"),
      meanUs: us,
      share: z.number().describe('of kernel time, 0–1'),
    }),
  ),
  opTypes: z.array(z.strictObject({ opType: z.string(), providers: z.array(z.string()), nodes: z.number().int(), calls: z.number().int(), totalUs: us, share: z.number() })),
  session: z.array(z.strictObject({ name: z.string(), durUs: us })).describe("onnxruntime's session events outside runs (model loading, initialization)"),
});

export const profileResultSchema = z.strictObject({
  runtime: z.string(),
  status: z.enum(['ok', 'error']),
  error: z.strictObject({ code: z.string(), message: z.string() }).nullable(),
  runtimeVersion: z.string().nullable(),
  threads: z.strictObject({ requested: z.number().int(), used: z.number().int().nullable() }),
  phases: z.strictObject({ readMs: ms, runtimeInitMs: ms, sessionCreateMs: ms, firstRunMs: ms }).nullable(),
  memory: z
    .array(z.strictObject({ atMs: ms, phase: z.string(), wasmBytes: z.number().int() }))
    .describe("wasm linear memory: at each phase boundary, and each change seen while polling every millisecond between the runtime's awaits"),
  operators: operatorsSchema.nullable(),
  overhead: z
    .strictObject({ profiledMedianMs: ms, plainMedianMs: ms, ratio: z.number().describe('profiled / plain median run time') })
    .nullable()
    .describe("the profiler's own cost: the same runs on a session without it"),
  files: z.array(z.strictObject({ kind: z.enum(['ort-profile', 'chrome-trace', 'cpuprofile']), path: z.string() })),
});

export const profileReportSchema = z
  .strictObject({
    kind: z.literal(PROFILE_KIND),
    schemaVersion: z.literal(PROFILE_SCHEMA_VERSION),
    tool: z.strictObject({ name: z.literal('wasm-torch-bench'), version: z.string() }),
    startedAt: z.string(),
    environment: environmentSchema,
    model: modelSchema,
    feeds: resultSchema.shape.feeds,
    warmupRuns: z.number().int(),
    runs: z.number().int().describe('timed runs per session, with the profiler and without'),
    graphOptimization: z.enum(GRAPH_OPTIMIZATION_LEVELS).nullable().describe("onnxruntime's graphOptimizationLevel both sessions ran with (--graph-optimization); null: the runtime's default (all)"),
    results: z.array(profileResultSchema),
    exitCode: z.number().int(),
  })
  .describe('wasm-torch-bench profile: where the time and memory go, per operator and phase');

export type ProfileReport = z.infer<typeof profileReportSchema>;
export type ProfileRuntimeResult = z.infer<typeof profileResultSchema>;
