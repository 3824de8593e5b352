/**
 * The layers, merged: flags > WTB_* environment > config file > defaults. Run-wide settings take
 * the highest layer that sets them; KPI and regression tables merge metric by metric (a flag's
 * --kpi inference.p99=50ms overrides that KPI only). A model entry in the config file sets its
 * own runtimes, threads, timeout and KPIs over the file's run-wide ones, and flags or environment
 * variables override those too. Every value's origin is kept for --print-config.
 */
import path from 'node:path';
import { isDynamicPattern } from 'tinyglobby';
import { UsageError } from '../errors.js';
import type { InputSpec, KpiSpec, LoadTemperature, ModelSpec, ModelVariant } from '../types.js';
import { assembleSettings } from './assemble-settings.js';
import { readEnvLayer } from './env-layer.js';
import { formatKeyPath, type InputSpecEntry, type ModelEntry } from './file-schema.js';
import { applyKpiSettings, refuseUnmeasuredWarmKpis, type KpiLevelSetting, type KpiThresholdSetting } from './kpi-expressions.js';
import { MergedSettings } from './merged-settings.js';
import { layeredValues, originsOf, type LayeredValues, type Origin } from './layered-values.js';
import type { LoadedConfigFile } from './load-config-file.js';
import { assembledMeasurementSchema, assembledOutputSchema, planSchema, type RunConfig, type RunSettings } from './run-config-schema.js';
import { usageErrorOf } from './setting-values.js';
import { kpiLevels, kpiThresholds } from './expression-values.js';
import { SETTINGS, type RawRunOptions, type ResolvableKey, type SettingKey, type SettingValue } from './settings-table.js';

export type { Layer } from './setting-values.js';
export type { Origin } from './layered-values.js';

export interface ResolvedConfig {
  config: Readonly<RunConfig>;
  /** Where each set value came from, by config-file key ("minTime", "kpis", "models"). */
  origins: Record<string, Origin[]>;
  configFile: string | null;
}

export interface ConfigLayers {
  /** Models named on the command line: they replace the config file's list. */
  models: readonly string[];
  flags: RawRunOptions;
  /** Which flags the user typed (commander fills defaults in; only typed ones override). */
  typedFlags: ReadonlySet<string>;
  env: Readonly<Record<string, string | undefined>>;
  file: LoadedConfigFile | null;
  /** --tag: only models with one of these tags. */
  tags?: readonly string[];
  /** The command's own defaults where they differ from run's, as typed on its command line. */
  commandDefaults?: Partial<Record<SettingKey, unknown>>;
}

function fileInputSpec(entry: InputSpecEntry, origin: string, dir: string): InputSpec {
  const values: InputSpec['values'] =
    entry.value !== undefined
      ? { kind: 'constant', value: entry.value }
      : entry.range
        ? { kind: 'uniform', min: entry.range[0], max: entry.range[1] }
        : entry.normal
          ? { kind: 'normal', mean: entry.normal.mean, std: entry.normal.std }
          : entry.file
            ? { kind: 'file', path: path.resolve(dir, entry.file) }
            : null;
  return { shape: entry.shape ?? null, dtype: entry.dtype ?? null, values, origin };
}

function fileInputs(inputs: Record<string, InputSpecEntry> | undefined, keyPath: (string | number)[], file: LoadedConfigFile): Record<string, InputSpec> {
  return Object.fromEntries(Object.entries(inputs ?? {}).map(([name, entry]) => [name, fileInputSpec(entry, formatKeyPath([...keyPath, name]), file.dir)]));
}

/** A variant's input specs laid over the model's own, field by field (a variant giving only a shape keeps the values). */
function layInputs(base: Record<string, InputSpec>, over: Record<string, InputSpec>): Record<string, InputSpec> {
  const merged = { ...base };
  for (const [name, spec] of Object.entries(over)) {
    const under = base[name];
    if (!under) {
      merged[name] = spec;
      continue;
    }
    const fieldOrigins: InputSpec['fieldOrigins'] = {};
    if (!spec.shape && under.shape) fieldOrigins.shape = under.origin;
    if (!spec.dtype && under.dtype) fieldOrigins.dtype = under.origin;
    if (!spec.values && under.values) fieldOrigins.values = under.origin;
    merged[name] = { shape: spec.shape ?? under.shape, dtype: spec.dtype ?? under.dtype, values: spec.values ?? under.values, origin: spec.origin, fieldOrigins };
  }
  return merged;
}

interface ModelLayerContext {
  settings: RunSettings;
  values: LayeredValues;
  file: LoadedConfigFile;
}

/** Set by a flag or a WTB_* variable: above the config file, so it beats a model entry's own. */
function setAboveFile(values: LayeredValues, key: ResolvableKey): boolean {
  return (values[key] ?? []).some((layer) => layer.where.layer !== 'file');
}

function entriesFrom<Entry>(values: LayeredValues, key: 'kpi' | 'kpiLevel', layers: readonly string[]): Entry[] {
  return (values[key] ?? []).filter((layer) => layers.includes(layer.where.layer)).flatMap((layer) => layer.value as Entry[]);
}

/** A model entry's KPIs: the file's run-wide table, the entry's own, then flags and WTB_* variables. */
function modelKpis(own: ModelEntry, values: LayeredValues, keyPath: string, temperature: LoadTemperature): KpiSpec[] {
  refuseUnmeasuredWarmKpis(Object.keys(own.kpis ?? {}), `${keyPath}.kpis`, temperature, new MergedSettings(values).label('loadTemperature'));
  const ownThresholds = own.kpis ? kpiThresholds.parse(own.kpis) : [];
  const ownLevels = own.kpis ? kpiLevels.parse(own.kpis) : [];
  return applyKpiSettings(
    [...entriesFrom<KpiThresholdSetting>(values, 'kpi', ['file']), ...ownThresholds, ...entriesFrom<KpiThresholdSetting>(values, 'kpi', ['env', 'flag'])],
    [...entriesFrom<KpiLevelSetting>(values, 'kpiLevel', ['file']), ...ownLevels, ...entriesFrom<KpiLevelSetting>(values, 'kpiLevel', ['env', 'flag'])],
  );
}

/** A model entry's own value of a setting, parsed by the setting's schema; messages name its key path. */
function ownValue<Key extends 'runtime' | 'timeout'>(key: Key, given: unknown, keyPath: string): SettingValue<Key> {
  const parsed = SETTINGS[key].value.safeParse(given);
  if (!parsed.success) throw usageErrorOf(parsed.error.issues, { layer: 'file', label: keyPath, file: null });
  return parsed.data as SettingValue<Key>;
}

function fileModel(entry: string | ModelEntry, index: number, context: ModelLayerContext): ModelSpec {
  const { settings, values, file } = context;
  const own: ModelEntry = typeof entry === 'string' ? { path: entry } : entry;
  const keyPath = ['models', index] as (string | number)[];
  const origin = { file: file.file, keyPath: formatKeyPath(keyPath) };
  const modelPath = path.resolve(file.dir, own.path);
  const modelInputs = fileInputs(own.inputs, [...keyPath, 'inputs'], file);
  const variants: ModelVariant[] = own.variants
    ? own.variants.map((variant, v) => ({ name: variant.name, inputs: layInputs(modelInputs, fileInputs(variant.inputs, [...keyPath, 'variants', v, 'inputs'], file)) }))
    : [{ name: null, inputs: modelInputs }];
  return {
    path: isDynamicPattern(own.path) ? modelPath.replaceAll(path.sep, '/') : modelPath,
    glob: isDynamicPattern(own.path),
    name: own.name ?? null,
    origin,
    runtimes: !setAboveFile(values, 'runtime') && own.runtimes ? ownValue('runtime', own.runtimes, `${origin.keyPath}.runtimes`) : settings.runtimes,
    threads: !setAboveFile(values, 'threads') && own.threads ? [...new Set(own.threads)] : settings.threads,
    variants,
    kpis: modelKpis(own, values, origin.keyPath, settings.loadTemperature),
    timeoutMs: !setAboveFile(values, 'timeout') && own.timeout !== undefined ? ownValue('timeout', own.timeout, `${origin.keyPath}.timeout`) : settings.timeoutMs,
    tags: own.tags ?? [],
  };
}

export const NO_MODEL_MESSAGE =
  'no model given; pass one or more .onnx files (e.g. wasm-torch-bench fixtures/models/tiny-mlp.onnx), or list them under "models" in wasm-torch-bench.config.json (wasm-torch-bench init writes one)';

/** A model named on the command line: the run-wide settings, one variant with no inputs of its own. */
function commandLineModel(modelPath: string, settings: RunSettings): ModelSpec {
  return {
    path: modelPath,
    glob: false,
    name: null,
    origin: null,
    runtimes: settings.runtimes,
    threads: settings.threads,
    variants: [{ name: null, inputs: {} }],
    kpis: settings.kpis,
    timeoutMs: settings.timeoutMs,
    tags: [],
  };
}

/** The last check on an assembled config (what is not one setting's own value), then frozen. */
function finishRunConfig(candidate: RunConfig): Readonly<RunConfig> {
  for (const schema of [planSchema, assembledMeasurementSchema, assembledOutputSchema]) {
    const checked = schema.strip().safeParse(candidate);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new UsageError(`invalid configuration at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'unknown problem'}`);
    }
  }
  return Object.freeze({ ...candidate, models: structuredClone(candidate.models) });
}

/** The flags the user typed, by setting. */
function typedFlagValues(layers: Pick<ConfigLayers, 'flags' | 'typedFlags'>): Partial<Record<SettingKey, unknown>> {
  return Object.fromEntries(Object.entries(layers.flags).filter(([key]) => layers.typedFlags.has(key)));
}

/**
 * The run-wide KPI table alone, layered as resolveConfig layers it (defaults, the file's kpis,
 * WTB_KPI / WTB_KPI_LEVEL, then --kpi / --kpi-level) and checked the same way, for files made
 * outside a run (monitoring export). Other settings are not resolved, so they cannot fail it.
 */
export function resolveRunWideKpis(layers: Pick<ConfigLayers, 'env' | 'file'> & { kpi: readonly string[]; kpiLevel: readonly string[] }): KpiSpec[] {
  const values = layeredValues({ flags: { kpi: [...layers.kpi], kpiLevel: [...layers.kpiLevel] }, env: readEnvLayer(layers.env), file: layers.file }, ['kpi', 'kpiLevel']);
  return assembleKpis(values);
}

function assembleKpis(values: LayeredValues): KpiSpec[] {
  return applyKpiSettings(entriesFrom(values, 'kpi', ['file', 'env', 'flag']), entriesFrom(values, 'kpiLevel', ['file', 'env', 'flag']));
}

export function resolveConfig(layers: ConfigLayers): ResolvedConfig {
  const env = readEnvLayer(layers.env);
  const values = layeredValues({ flags: typedFlagValues(layers), env, file: layers.file, commandDefaults: layers.commandDefaults });
  const settings = assembleSettings(values);
  const origins = originsOf(values);
  // A runtime named anywhere (a file's model entry too) was asked for: its absence is an error.
  const modelsNameRuntimes = layers.file?.config.models?.some((entry) => typeof entry === 'object' && entry.runtimes !== undefined) ?? false;
  settings.skipUnavailableRuntimes &&= !modelsNameRuntimes;

  let models: ModelSpec[];
  if (layers.models.length > 0) {
    models = layers.models.map((modelPath) => commandLineModel(modelPath, settings));
    origins.models = [{ layer: 'flag', name: 'command line' }];
  } else if (layers.file?.config.models) {
    const file = layers.file;
    models = file.config.models!.map((entry, index) => fileModel(entry, index, { settings, values, file }));
    origins.models = [{ layer: 'file', name: `models in ${file.file}` }];
  } else {
    throw new UsageError(NO_MODEL_MESSAGE);
  }
  const configFile = layers.file?.file ?? null;
  return { config: finishRunConfig({ ...settings, models, configFile, tags: [...(layers.tags ?? [])] }), origins, configFile };
}
