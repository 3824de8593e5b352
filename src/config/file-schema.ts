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
import { DEFAULT_KPIS, METRICS, coldLoadId, loadTemperatureOf } from '../metrics.js';
import { FEED_DTYPES } from '../types.js';
import { durationForm, kpiTableForm, runtimeListForm, threadsListForm } from './file-forms.js';
import { SETTING_ROWS, type SettingKey, type SettingsTable } from './settings-table.js';
import { choice, strictObject } from './strict-object.js';

const comment = z.string().optional().describe('free text for readers; ignored');

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
  runtimes: runtimeListForm.optional(),
  threads: threadsListForm.optional(),
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
  kpis: kpiTableForm.optional(),
  timeout: durationForm.optional(),
  tags: z.array(z.string().min(1)).optional().describe('labels to select models with --tag'),
}).describe('a model (or a glob of models) with its own inputs, runtimes and budgets');

/** The run-wide keys, from the settings table: each setting with a config-file key, once. */
const runWideKeys = Object.fromEntries(SETTING_ROWS.flatMap((row) => (row.fileKey !== null && row.fileForm !== null ? [[row.fileKey, row.fileForm.optional()]] : [])));

export const fileConfigSchema = strictObject({
  $schema: z.string().optional().describe('JSON Schema for editors'),
  $comment: comment,
  models: z
    .array(z.union([z.string().min(1), modelEntrySchema], { error: 'expected a model: a path or glob string, or an entry such as { "path": "model.onnx" }' }))
    .min(1)
    .optional()
    .describe('models to measure: paths or globs, or entries with their own settings'),
  ...(runWideKeys as RunWideKeys),
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
    // A warm-load KPI takes its cold counterpart's threshold.
    const hasThreshold = (known: Set<string>, id: string) => known.has(id) || (loadTemperatureOf(id) === 'warm' && known.has(coldLoadId(id)));
    const defaults = new Set(DEFAULT_KPIS.map((kpi) => kpi.id));
    for (const id of levelOnly(config.kpis)) if (!hasThreshold(defaults, id)) context.addIssue({ code: 'custom', path: ['kpis', id], message: missing(id) });
    config.models?.forEach((entry, index) => {
      if (typeof entry !== 'object') return;
      const known = new Set([...runWide, ...withThreshold(entry.kpis)]);
      for (const id of levelOnly(entry.kpis)) if (!hasThreshold(known, id)) context.addIssue({ code: 'custom', path: ['models', index, 'kpis', id], message: missing(id) });
    });
  })
  .describe('wasm-torch-bench configuration');

/** The run-wide keys' types, as the table declares them. */
type RunWideKeys = {
  [Key in SettingKey as SettingsTable[Key] extends { fileKey: infer FileKey extends string; fileForm: z.ZodType } ? FileKey : never]: SettingsTable[Key] extends {
    fileForm: infer Form extends z.ZodType;
  }
    ? z.ZodOptional<Form>
    : never;
};

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
