/**
 * The baseline document: what one run measured, per model × runtime × threads, kept to compare
 * later runs with (`--save-baseline`, `--baseline`, `compare`). Checked with zod when read, so a
 * corrupt or foreign file is a clear error, never a silent comparison with garbage.
 */
import { z } from 'zod';
import { environmentSchema } from '../report/schema.js';

export const BASELINE_KIND = 'wasm-torch-bench-baseline';
export const BASELINE_SCHEMA_VERSION = 1;

const storedSamplesSchema = z.discriminatedUnion('encoding', [
  z.strictObject({ encoding: z.literal('sorted'), n: z.number().int().min(0), sortedMs: z.array(z.number()) }),
  z.strictObject({ encoding: z.literal('hdr-ns'), n: z.number().int().min(1), significantDigits: z.number().int(), histogram: z.string().min(1) }),
]);

export const baselineEntrySchema = z.strictObject({
  model: z.strictObject({ path: z.string(), name: z.string(), sha256: z.string().nullable() }),
  variant: z.string().nullable().default(null).describe("the input variant's name when the model has several"),
  runtime: z.string(),
  runtimeVersion: z.string().nullable(),
  threads: z.number().int().min(1),
  load: storedSamplesSchema.describe('cold-load samples, ms'),
  inference: storedSamplesSchema.describe('timed inference samples, ms'),
  inferenceWorkerMediansMs: z.array(z.number()).describe('median of each inference worker (--repeat): the run-to-run noise'),
  inferenceWorkerP99sMs: z.array(z.number()).optional().describe('P99 of each inference worker: the run-to-run noise of the tail (absent in older baselines)'),
  memoryPeakBytes: z.number().nullable(),
  errors: z.number().int().min(0),
  attempts: z.number().int().min(0),
});

export const baselineSchema = z.strictObject({
  kind: z.literal(BASELINE_KIND),
  schemaVersion: z.literal(BASELINE_SCHEMA_VERSION),
  tool: z.strictObject({ name: z.literal('wasm-torch-bench'), version: z.string() }),
  createdAt: z.string(),
  environment: environmentSchema,
  entries: z.array(baselineEntrySchema),
});

export type Baseline = z.infer<typeof baselineSchema>;
export type BaselineEntry = z.infer<typeof baselineEntrySchema>;
