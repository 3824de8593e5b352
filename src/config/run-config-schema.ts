/**
 * The resolved configuration's type, inferred: each setting's field from its row's value schema
 * in the settings table, the fields assembled from several settings (KPI table, regression checks,
 * metrics exports) and the plan (models, config file, tags) from their zod schemas here.
 * Measurement settings and output settings are kept apart; a RunConfig is both, flat.
 */
import { z } from 'zod';
import { REGRESSION_METRICS } from '../regression-metrics.js';
import { FEED_DTYPES, RUNTIME_NAMES } from '../types.js';
import type { SettingKind } from './setting-row.js';
import type { ResolvableKey, SettingValue, SettingsTable } from './settings-table.js';

const checkLevel = z.enum(['off', 'warn', 'error']);

export const kpiSpecSchema = z.strictObject({
  id: z.string(),
  threshold: z.number().positive(),
  level: checkLevel,
});

const inputValuesSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('uniform'), min: z.number(), max: z.number() }),
  z.strictObject({ kind: z.literal('normal'), mean: z.number(), std: z.number().min(0) }),
  z.strictObject({ kind: z.literal('constant'), value: z.number() }),
  z.strictObject({ kind: z.literal('file'), path: z.string().min(1) }),
]);

export const modelSpecSchema = z.strictObject({
  path: z.string().min(1),
  glob: z.boolean(),
  name: z.string().min(1).nullable(),
  origin: z.strictObject({ file: z.string(), keyPath: z.string() }).nullable(),
  runtimes: z.array(z.enum(RUNTIME_NAMES)).min(1),
  threads: z.array(z.number().int().min(1).max(64)).min(1),
  variants: z
    .array(
      z.strictObject({
        name: z.string().min(1).nullable(),
        inputs: z.record(
          z.string(),
          z.strictObject({
            shape: z.array(z.number().int().min(0)).nullable(),
            dtype: z.enum(FEED_DTYPES).nullable(),
            values: inputValuesSchema.nullable(),
            origin: z.string(),
            fieldOrigins: z.partialRecord(z.enum(['shape', 'dtype', 'values']), z.string()).optional(),
          }),
        ),
      }),
    )
    .min(1),
  kpis: z.array(kpiSpecSchema),
  timeoutMs: z.number().positive(),
  tags: z.array(z.string()),
});

/** Measurement fields made from several settings, or from none (what the other settings imply). */
export const assembledMeasurementSchema = z.strictObject({
  /**
   * True when the runtimes are the defaults and nothing asked for the browser: a runtime that
   * cannot start here is then skipped (with a hint) instead of failing the run.
   */
  skipUnavailableRuntimes: z.boolean(),
  /** --dim (WTB_DIM, dims): named dims' sizes, merged name by name across layers, each with where it was set. */
  dims: z.array(z.strictObject({ name: z.string().min(1), size: z.number().int().min(1), origin: z.string() })),
  /** The run-wide KPI table (a model may set its own): --kpi and --kpi-level over the defaults. */
  kpis: z.array(kpiSpecSchema),
  /** --max-regression and --regression-level over the default regression checks. */
  regressions: z.array(z.strictObject({ id: z.enum(REGRESSION_METRICS), maxRatio: z.number().min(1), level: checkLevel })),
});

/** Output fields made from several settings. */
export const assembledOutputSchema = z.strictObject({
  /** --push-gateway, --push-job, --push-label: push the metrics after the reports are written. */
  pushGateway: z.strictObject({ url: z.string(), job: z.string().min(1), groupings: z.record(z.string(), z.string()) }).nullable(),
  /** --otlp-endpoint, --otlp-header: export the metrics over OTLP/HTTP after the reports are written. */
  otlp: z.strictObject({ endpoint: z.string(), headers: z.record(z.string(), z.string()) }).nullable(),
});

/** What to measure: the models and where they came from. */
export const planSchema = z.strictObject({
  models: z.array(modelSpecSchema).min(1),
  /** The config file the settings came from, if any. */
  configFile: z.string().nullable(),
  /** --tag: only models with one of these tags (none: every model). */
  tags: z.array(z.string().min(1)),
});

type AssembledField = keyof z.output<typeof assembledMeasurementSchema> | keyof z.output<typeof assembledOutputSchema>;

/** A row's field: its value, or null when nothing set it and it has no default. */
type FieldValue<Key extends ResolvableKey> = SettingValue<Key> | (SettingsTable[Key] extends { unset: null } ? null : never);

type FieldsOf<Kind extends SettingKind> = {
  [Key in ResolvableKey as SettingsTable[Key]['kind'] extends Kind ? Exclude<SettingsTable[Key]['field'], AssembledField | null> : never]: FieldValue<Key>;
};

export type MeasurementSettings = FieldsOf<'measurement'> & z.output<typeof assembledMeasurementSchema>;
export type OutputSettings = FieldsOf<'output'> & z.output<typeof assembledOutputSchema>;
export type RunSettings = MeasurementSettings & OutputSettings;
export type RunConfig = RunSettings & z.output<typeof planSchema>;
