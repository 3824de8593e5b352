/**
 * The config file (wasm-torch-bench.config.json, .wasmtorchbenchrc.json, or "wasm-torch-bench" in
 * package.json) and the library API's config object: one zod definition, from which the published
 * JSON Schema (schema/config.schema.json) is generated. Strict: an unknown key is an error naming
 * its path and the nearest valid key.
 *
 * Quantities are strings with a unit ("2s", "64MiB", "0.1%") or numbers in base units
 * (milliseconds, bytes, fractions). Paths are relative to the file that holds them.
 */
import { z } from 'zod';
import { REGRESSION_METRICS } from '../regression-metrics.js';
import { DEFAULT_KPIS, METRICS } from '../metrics.js';
import { FEED_DTYPES, REPORTER_NAMES, RUNTIME_NAMES } from '../types.js';
import { choice, keyedRecord, strictObject } from './strict-object.js';
import { parseDurationMs, parseQuantity, parseSizeBytes, type ParseResult } from './units.js';

const METRIC_IDS = METRICS.map((metric) => metric.id) as [string, ...string[]];
const LEVEL = choice(['off', 'warn', 'error']);
const comment = z.string().optional().describe('free text for readers; ignored');

function unitString(parse: (text: string) => ParseResult, description: string) {
  return z
    .string()
    .superRefine((text, context) => {
      const parsed = parse(text);
      if (!parsed.ok) context.addIssue({ code: 'custom', message: parsed.reason });
    })
    .describe(description);
}

const duration = z
  .union([z.number().nonnegative().describe('milliseconds'), unitString(parseDurationMs, 'a duration with a unit: us, ms, s or m, e.g. "2s"')], {
    error: 'expected a duration: a string with a unit such as "500ms" or "2s", or a number of milliseconds',
  })
  .describe('a duration: "500ms", "2s", "1.5m", or a number of milliseconds');

const positiveInt = z.number().int().min(1);

const runtimeList = z
  .array(choice([...RUNTIME_NAMES, 'all']))
  .min(1)
  .describe('runtimes to measure on; "all" is node-wasm, chrome-wasm and node-native');

const threadsList = z.array(z.number().int().min(1).max(64)).min(1).describe('thread settings; several make a sweep, each its own row');

const thresholdValue = z
  .union([z.number().positive(), z.string().min(1)], { error: 'expected a threshold: a string with a unit such as "2s", "100MB" or "0.1%", or a number in base units' })
  .describe('a threshold with a unit ("2s", "100MB", "0.1%") or a number in base units (ms, bytes, fraction)');

const kpiEntry = z.union(
  [
    thresholdValue,
    strictObject({
      threshold: thresholdValue.optional(),
      level: LEVEL.optional(),
    }),
  ],
  { error: 'expected a threshold ("50ms") or { "threshold": "50ms", "level": "warn" }' },
);

/** Thresholds are checked against their metric's unit here, so the error names the metric's path. */
const kpiTable = keyedRecord(METRIC_IDS, kpiEntry)
  .superRefine((table, context) => {
    for (const [id, entry] of Object.entries(table)) {
      const threshold = typeof entry === 'object' ? entry.threshold : entry;
      if (typeof threshold !== 'string') continue;
      const unit = METRICS.find((metric) => metric.id === id)?.unit ?? 'ms';
      const parsed = parseQuantity(unit, threshold);
      if (!parsed.ok) context.addIssue({ code: 'custom', path: typeof entry === 'object' ? [id, 'threshold'] : [id], message: parsed.reason });
      else if (!(parsed.value > 0)) context.addIssue({ code: 'custom', path: [id], message: 'the threshold must be above zero' });
    }
  })
  .describe('KPIs by metric: a threshold ("inference.p99": "50ms") or { threshold, level }; every KPI is an upper bound');

const factor = unitString((text) => parseQuantity('factor', text), 'an allowed regression: "10%" or "1.1x"');

export const inputSpecSchema = strictObject({
  $comment: comment,
  shape: z.array(z.number().int().min(0)).optional().describe('the shape to feed; required where the model leaves a dim open'),
  dtype: choice(FEED_DTYPES).optional().describe("element type; must match the model's, and gives a raw binary file's element type"),
  value: z.number().optional().describe('fill every element with this constant'),
  range: z
    .tuple([z.number(), z.number()])
    .refine(([min, max]) => min <= max, { message: 'range is [min, max] with min ≤ max' })
    .optional()
    .describe('uniform random values in [min, max) (integers: min to max, inclusive)'),
  normal: strictObject({ mean: z.number(), std: z.number().nonnegative() }).optional().describe('normally distributed random values'),
  file: z.string().min(1).optional().describe('values from a .npy file, or a raw little-endian binary file (then shape and dtype are required)'),
})
  .refine((spec) => [spec.value, spec.range, spec.normal, spec.file].filter((given) => given !== undefined).length <= 1, {
    message: 'give at most one of value, range, normal and file',
  })
  .describe("one input's feed: shape, dtype, and where its values come from (default: seeded uniform random)");

const inputTable = z.record(z.string().min(1), inputSpecSchema).describe('input specs by input name');

export const modelEntrySchema = strictObject({
  $comment: comment,
  path: z.string().min(1).describe('an .onnx file or a glob (e.g. "models/*.onnx"), relative to this file'),
  name: z.string().min(1).optional().describe('the row name in reports (default: the file name); only for a path naming one file'),
  runtimes: runtimeList.optional(),
  threads: threadsList.optional(),
  inputs: inputTable.optional(),
  variants: z
    .array(strictObject({ $comment: comment, name: z.string().min(1), inputs: inputTable }))
    .min(1)
    .superRefine((variants, context) => {
      variants.forEach((variant, index) => {
        if (variants.findIndex((other) => other.name === variant.name) < index) {
          context.addIssue({ code: 'custom', path: [index, 'name'], message: `another variant of this model is named "${variant.name}"; give each variant its own name (each is its own row)` });
        }
      });
    })
    .optional()
    .describe('several input settings for this model, each its own row, e.g. [{ "name": "batch 1", ... }, { "name": "batch 8", ... }]'),
  kpis: kpiTable.optional(),
  timeout: duration.optional(),
  tags: z.array(z.string().min(1)).optional().describe('labels to select models with --tag'),
}).describe('a model (or a glob of models) with its own inputs, runtimes and budgets');

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });

export const fileConfigSchema = strictObject({
  $schema: z.string().optional().describe('JSON Schema for editors'),
  $comment: comment,
  models: z
    .array(z.union([z.string().min(1), modelEntrySchema], { error: 'expected a model: a path or glob string, or an entry such as { "path": "model.onnx" }' }))
    .min(1)
    .optional()
    .describe('models to measure: paths or globs, or entries with their own settings'),
  runtimes: runtimeList.optional(),
  threads: threadsList.optional(),
  browserPath: z.string().min(1).optional().describe('Chrome/Chromium executable for chrome-wasm'),
  browserWsEndpoint: z
    .url({ protocol: /^wss?$/, error: 'expected the DevTools address of a running browser: ws:// or wss://, e.g. "ws://127.0.0.1:9222/devtools/browser/<id>"' })
    .optional()
    .describe('connect to a running browser instead of launching one'),
  loadRuns: positiveInt.optional().describe('minimum cold loads, each in a fresh worker'),
  maxLoadRuns: positiveInt.optional().describe('more cold loads while a load check is inconclusive, up to this many'),
  warmup: z
    .union([z.literal('auto'), z.number().int().min(0)], { error: 'expected "auto" or a whole number of warm-up runs' })
    .optional()
    .describe('warm-up runs, or "auto"'),
  iterations: positiveInt.optional().describe('minimum timed runs'),
  repeat: z.number().int().min(1).max(20).optional().describe('inference phases, each in a fresh worker'),
  minTime: duration.optional(),
  maxTime: duration.optional(),
  timeout: duration.optional().describe('kill a worker that takes longer than this (plus maxTime for the inference worker)'),
  memoryLimit: z
    .union([z.number().int().positive().describe('bytes'), unitString(parseSizeBytes, 'a size with a unit: B, kB, MB, GB, KiB, MiB or GiB, e.g. "2GiB"')], {
      error: 'expected a size: a string with a unit such as "512MB" or "2GiB", or a number of bytes',
    })
    .optional()
    .describe('kill a worker (Node process or Chrome renderer) whose resident memory exceeds this, e.g. "2GiB"; its row is an OUT_OF_MEMORY error'),
  confidence: z
    .union(
      [
        z.number().min(0.5).lt(1),
        z
          .string()
          .regex(/^\s*\d+(\.\d+)?\s*%\s*$/, 'a percentage such as "95%"')
          .refine((text) => parseFloat(text) >= 50 && parseFloat(text) < 100, 'a level from 50 % up to, not including, 100 %, e.g. "95%"'),
      ],
      { error: 'expected a confidence level: a fraction from 0.5 up to 1 (0.95) or a percentage ("95%")' },
    )
    .optional()
    .describe('confidence of every interval and verdict: 0.95 or "95%"'),
  inconclusive: choice(['fail', 'warn', 'pass']).optional(),
  checkFinite: z.boolean().optional(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .optional(),
  atol: z.number().min(0).optional(),
  rtol: z.number().min(0).optional(),
  parity: LEVEL.optional(),
  kpis: kpiTable.optional(),
  baseline: z.string().min(1).optional().describe('compare with this baseline (or run report)'),
  saveBaseline: z.string().min(1).optional().describe("write this run's baseline here"),
  maxRegression: z
    .union([factor, keyedRecord(REGRESSION_METRICS, factor)])
    .optional()
    .describe('largest allowed slowdown: "10%" for every metric, or { "inference.p99": "20%" }'),
  regressionLevels: keyedRecord(REGRESSION_METRICS, LEVEL).optional(),
  strict: z.boolean().optional().describe('a mismatched baseline is an error, not a warning'),
  reporters: z.array(choice(REPORTER_NAMES)).min(1).optional(),
  out: z.string().min(1).optional().describe('folder for report files'),
  runtimeAdapter: z.string().min(1).optional().describe('a runtime adapter module (ESM) run in place of onnxruntime-web on node-wasm and chrome-wasm, e.g. "examples/dense-wasm/adapter.mjs"'),
  pushGateway: httpUrl.optional().describe('push the metrics to this Prometheus Pushgateway, e.g. "http://localhost:9091"'),
  pushJob: z.string().min(1).optional().describe('job label of the pushed group (default "wasm-torch-bench")'),
  pushLabels: z.record(z.string().min(1), z.string().min(1)).optional().describe('grouping labels of the pushed group, e.g. { "branch": "main" }'),
  otlpEndpoint: httpUrl.optional().describe('export the metrics over OTLP/HTTP to this collector, e.g. "http://localhost:4318"'),
  otlpHeaders: z.record(z.string().min(1), z.string().min(1)).optional().describe('HTTP headers for the OTLP export, e.g. { "authorization": "Bearer <token>" }'),
})
  .superRefine((config, context) => {
    // A level alone needs a threshold: a default KPI's, or (for a model) the file's run-wide one.
    const levelOnly = (table: Record<string, unknown> | undefined) =>
      Object.entries(table ?? {})
        .filter(([, entry]) => typeof entry === 'object' && entry !== null && (entry as { threshold?: unknown }).threshold === undefined)
        .map(([id]) => id);
    const withThreshold = (table: Record<string, unknown> | undefined) => Object.keys(table ?? {}).filter((id) => !levelOnly(table).includes(id));
    const runWide = new Set([...DEFAULT_KPIS.map((kpi) => kpi.id), ...withThreshold(config.kpis)]);
    const missing = (id: string) =>
      `no threshold for ${id}: it has no default KPI; give one, e.g. { "threshold": "${METRICS.find((metric) => metric.id === id)?.unit === 'bytes' ? '64MB' : '50ms'}", "level": "warn" }`;
    for (const id of levelOnly(config.kpis)) if (!DEFAULT_KPIS.some((kpi) => kpi.id === id)) context.addIssue({ code: 'custom', path: ['kpis', id], message: missing(id) });
    config.models?.forEach((entry, index) => {
      if (typeof entry !== 'object') return;
      for (const id of levelOnly(entry.kpis)) if (!runWide.has(id)) context.addIssue({ code: 'custom', path: ['models', index, 'kpis', id], message: missing(id) });
    });
  })
  .describe('wasm-torch-bench configuration');

export type FileConfig = z.input<typeof fileConfigSchema>;
export type ModelEntry = z.output<typeof modelEntrySchema>;
export type InputSpecEntry = z.output<typeof inputSpecSchema>;

/** `models[0].inputs.x`, `kpis["load.p95"]`: a key path as a user would write it. */
export function formatKeyPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(String(key))) text += text ? `.${String(key)}` : String(key);
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text || '(top level)';
}
