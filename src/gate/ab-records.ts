/**
 * The records an A/B judgement produces, as zod schemas: the A/B report embeds them, and
 * schema/ab-report.schema.json is generated from them with the rest of the report.
 */
import { z } from 'zod';

export const blockOrderSchema = z.enum(['ABBA', 'BAAB']);

export const loadBlockSchema = z.strictObject({
  order: blockOrderSchema,
  aLoadMs: z.tuple([z.number(), z.number()]).describe("side A's two cold loads, milliseconds, in the order measured"),
  bLoadMs: z.tuple([z.number(), z.number()]),
  aPeakBytes: z.tuple([z.number().nullable(), z.number().nullable()]).describe('memory peak of each cold-load worker, bytes (linear memory for wasm, RSS growth for native)'),
  bPeakBytes: z.tuple([z.number().nullable(), z.number().nullable()]),
  endedAtMs: z.number().describe('when the block ended, milliseconds from the start of the A/B run of this runtime'),
});

const sideChunksSchema = z.strictObject({
  runs: z.number().int().min(0),
  errors: z.number().int().min(0),
  medianMs: z.number().nullable(),
  p99Ms: z.number().nullable().describe('the P99 of the pooled chunks (the largest run when they hold fewer than 100)'),
});

export const inferenceBlockSchema = z.strictObject({
  order: blockOrderSchema,
  a: sideChunksSchema.describe("side A's two chunks of timed runs, pooled"),
  b: sideChunksSchema,
  endedAtMs: z.number(),
});

export const abCheckSchema = z.strictObject({
  id: z.enum(['ab.load.p50', 'ab.load.p95', 'ab.memory.peak', 'ab.inference.p50', 'ab.inference.p99']),
  metric: z.string().describe('what is compared, in words'),
  ratio: z.number().nullable().describe('B / A: the median of the block ratios; null without blocks'),
  interval: z
    .strictObject({ low: z.number().nullable(), high: z.number().nullable(), confidence: z.number() })
    .nullable()
    .describe('anytime-valid interval of the median block ratio (beta-binomial confidence sequence for the median); a null side: too few blocks'),
  blocks: z.number().int().min(0),
  tolerance: z.number().describe('"same" means the interval lies within [1 / (1 + tolerance), 1 + tolerance]'),
  outcome: z.enum(['slower', 'faster', 'same', 'unsure']),
  verdict: z.enum(['pass', 'fail', 'inconclusive', 'skipped']).describe('slower fails, faster and same pass, unsure is inconclusive; skipped at level off'),
  level: z.enum(['off', 'warn', 'error']),
  message: z.string(),
});

export type AbCheckRecord = z.infer<typeof abCheckSchema>;
