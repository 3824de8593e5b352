/**
 * What the gate decides, as the report holds it: percentile summaries with the intervals the
 * checks use, check records, and the ratios and parity of the cross-runtime and baseline
 * comparisons. report/schema.ts composes the RunReport from these, so the gate never needs report/.
 */
import { z } from 'zod';

const boundsSchema = z.strictObject({ low: z.number().nullable(), high: z.number().nullable() }).describe('confidence interval; a null side means too few samples to bound it');

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
    confidence: z.number().describe('of the intervals'),
    intervalMethod: z
      .enum(['order-statistics', 'confidence-sequence'])
      .optional()
      .describe(
        'how `intervals` were made: fixed-n order statistics for a fixed count, anytime-valid confidence sequences for samples gathered adaptively (the ones the checks use). Absent in older reports: order statistics',
      ),
    intervals: z.strictObject({ p50: boundsSchema, p90: boundsSchema, p95: boundsSchema, p99: boundsSchema }).describe('confidence intervals of the percentiles (see intervalMethod)'),
    outliers: z.strictObject({ count: z.number().int().min(0), share: z.number().min(0).max(1) }).describe('samples with a modified z-score (MAD based) above 3.5; counted, never removed'),
  })
  .describe('Nearest-rank percentiles with confidence intervals, and moments, in the unit of the samples');

export const checkSchema = z.strictObject({
  id: z.string().describe('KPI id, e.g. inference.p99, or parity for output agreement with the reference runtime'),
  metric: z.string().describe('what is measured, in words'),
  operator: z.literal('<'),
  threshold: z.number().describe('in `unit`'),
  actual: z.number().nullable().describe('in `unit`; null when the trial produced no value'),
  unit: z.enum(['ms', 'bytes', 'ratio', 'count', 'factor']).describe('factor: a ratio new/old, e.g. 1.1 for 10 % slower'),
  n: z.number().int().min(0).describe('samples behind `actual`'),
  interval: z
    .strictObject({ low: z.number().nullable(), high: z.number().nullable(), confidence: z.number() })
    .nullable()
    .describe('confidence interval of the true value (fixed-n and equal-tailed, or anytime-valid: see method); a null side: too few samples to bound it; null for single-valued metrics'),
  method: z
    .enum(['order-statistics', 'clopper-pearson', 'confidence-sequence', 'theil-sen', 'point'])
    .describe(
      "how the interval was made. order-statistics, clopper-pearson: fixed-n intervals, for samples of a count fixed in advance; confidence-sequence: an anytime-valid interval (beta-binomial confidence sequence) for samples gathered adaptively, valid however many looks the sampling took; theil-sen: a growth per cycle, the Theil–Sen slope with the rank interval from Kendall's exact distribution (memory.retained); point: judged on the value alone",
    ),
  looks: z
    .number()
    .int()
    .min(1)
    .nullable()
    .optional()
    .describe('confidence-sequence only: how many times adaptive sampling judged these samples before it stopped; the interval holds at all of them (and any more). null for a fixed-n interval'),
  samplesNeeded: z.number().int().nullable().describe('samples (or clean runs) a decision would need, when there are too few'),
  verdict: z.enum(['pass', 'fail', 'inconclusive', 'skipped', 'error']),
  level: z.enum(['off', 'warn', 'error']),
  message: z.string(),
});

export const runtimeRefSchema = z.strictObject({ runtime: z.string(), threads: z.number().int() });

export const ratioSchema = z
  .strictObject({ ratio: z.number(), low: z.number().nullable(), high: z.number().nullable() })
  .describe('this runtime / the reference; low/high: interval at `confidence` (null: too few samples to bound)');

export const comparisonSchema = z
  .strictObject({
    reference: runtimeRefSchema,
    confidence: z.number().describe('joint: each quantile interval is taken at 1 − (1 − confidence)/2 (Bonferroni)'),
    loadP95: ratioSchema.nullable(),
    inferenceP50: ratioSchema.nullable(),
    inferenceP99: ratioSchema.nullable(),
    memoryPeak: ratioSchema.nullable().describe("memory.peak over the reference's memory.peak (single values, no interval)"),
  })
  .describe('this wasm runtime against the native reference (node-native), same model');

export const outputParitySchema = z.strictObject({
  name: z.string(),
  dtype: z.string(),
  shape: z.array(z.number().int()),
  elements: z.number().int().min(0),
  comparison: z.enum(['tolerance', 'exact']).describe('tolerance for floating point, exact for integers, bools and strings'),
  maxAbsDiff: z.number().nullable().describe('largest |actual − reference| over finite elements'),
  maxRelDiff: z.number().nullable().describe('largest |actual − reference| / |reference| over finite, non-zero reference elements'),
  mismatches: z.number().int().min(0),
  nanMismatches: z.number().int().min(0).describe('elements where exactly one side is NaN (counted in mismatches)'),
  worst: z
    .strictObject({ index: z.array(z.number().int()), expected: z.string(), actual: z.string() })
    .nullable()
    .describe('the element furthest outside the tolerance, values as text'),
  problem: z.string().nullable().describe('missing output, other shape or type'),
});

export const paritySchema = z
  .strictObject({
    reference: runtimeRefSchema,
    atol: z.number(),
    rtol: z.number(),
    outputs: z.array(outputParitySchema),
  })
  .describe('outputs of one run on identical feeds against the reference runtime; |Δ| ≤ atol + rtol·|reference| agrees');

export const baselineComparisonSchema = z
  .strictObject({
    reference: z.strictObject({
      createdAt: z.string(),
      runtime: z.string(),
      runtimeVersion: z.string().nullable(),
      threads: z.number().int(),
      sha256: z.string().nullable(),
    }),
    ratios: z.strictObject({
      loadP50: ratioSchema.nullable(),
      loadP95: ratioSchema.nullable(),
      inferenceP50: ratioSchema.nullable(),
      inferenceP99: ratioSchema.nullable(),
      memoryPeak: ratioSchema.nullable(),
    }),
    differences: z.array(z.string()).describe('model sha256, runtime version or threads that differ from the baseline entry'),
    runNoise: z
      .strictObject({
        sigma: z
          .number()
          .nullable()
          .describe('relative spread (pooled SD of log medians) between inference workers, for reading; the gate uses `shift`. null: not measured (--repeat 1 on both sides)'),
        df: z.number().int().min(0),
        workersNow: z.number().int().min(0),
        workersBaseline: z.number().int().min(0),
        shift: ratioSchema
          .nullable()
          .optional()
          .describe(
            'Hodges–Lehmann ratio now/baseline of the workers’ medians, with the Mann–Whitney interval at `confidence` (null bounds: too few workers); the inference ratio intervals span at least its relative width. Absent in older reports',
          ),
        shiftP99: ratioSchema
          .nullable()
          .optional()
          .describe('the same for the workers’ own P99s (null: a side has no per-worker split); the P99 ratio interval spans at least it, else the relative width of `shift`'),
      })
      .describe('run-to-run noise between inference workers; the inference ratio intervals are widened by it'),
  })
  .describe('this row now / its baseline entry; the regression.* checks judge these ratios');

const slopeSchema = z
  .strictObject({
    bytesPerCycle: z.number().describe('Theil–Sen slope: the median of the slopes between every pair of readings'),
    low: z.number().nullable(),
    high: z.number().nullable(),
  })
  .describe("growth per cycle with its interval at the report's confidence (rank interval from Kendall's exact distribution); a null side: too few readings to bound it");

export const RETAINED_SOURCES = ['wasm-linear-memory', 'js-heap', 'rss'] as const;
export type RetainedSource = (typeof RETAINED_SOURCES)[number];

export const retainedSchema = z
  .strictObject({
    cycles: z.number().int().min(0).describe('create → run → release cycles measured after the warm-up cycle (--retained-cycles)'),
    gcForced: z.boolean().describe('a full garbage collection ran before every reading'),
    cycleMs: z.array(z.number().min(0)).describe('wall time of each cycle, the warm-up first: create, run, release, collection and reading'),
    error: z.string().nullable().describe('why the cycles stopped early; the growth is then judged on the readings before'),
    series: z.array(
      z.strictObject({
        source: z
          .enum(RETAINED_SOURCES)
          .describe(
            "wasm-linear-memory: the runtime's WebAssembly memory (a high-water mark); js-heap: JS heap in use plus ArrayBuffer backing stores; rss: resident set of the worker process or the page's renderer",
          ),
        gated: z
          .boolean()
          .describe(
            'memory.retained judges this series; rss is reported but not judged where WebAssembly memory is measured, since it also holds the engine’s compiler memory, which grows for tens of cycles',
          ),
        bytes: z.array(z.number()).describe('reading after the warm-up cycle, then after each cycle'),
        growth: slopeSchema.nullable().describe('null with fewer than two readings'),
      }),
    ),
  })
  .describe('Memory never given back: readings after each create → run → release cycle, which ran after the inference session was released, and their growth per cycle');

export type SummaryRecord = z.infer<typeof summarySchema>;
export type RetainedRecord = z.infer<typeof retainedSchema>;
export type CheckRecord = z.infer<typeof checkSchema>;
export type RatioRecord = z.infer<typeof ratioSchema>;
export type ComparisonRecord = z.infer<typeof comparisonSchema>;
export type ParityRecord = z.infer<typeof paritySchema>;
export type BaselineComparisonRecord = z.infer<typeof baselineComparisonSchema>;
