/**
 * The layers, merged: flags > WTB_* environment > config file > defaults. Run-wide settings take
 * the highest layer that sets them; KPI and regression tables merge metric by metric (a flag's
 * --kpi inference.p99=50ms overrides that KPI only). A model entry in the config file sets its
 * own runtimes, threads, timeout and KPIs over the file's run-wide ones, and flags or environment
 * variables override those too. Every value's origin is kept for --print-config.
 */
import path from 'node:path';
import { isDynamicPattern } from 'tinyglobby';
import { UsageError, WtbError } from '../errors.js';
import { findMetric } from '../metrics.js';
import type { InputSpec, KpiSpec, ModelSpec, ModelVariant, RunConfig } from '../types.js';
import { ENV_SETTINGS, readEnvLayer, type EnvSettingKey } from './env-layer.js';
import { formatKeyPath, type InputSpecEntry, type ModelEntry } from './file-schema.js';
import type { LoadedConfigFile } from './load-config-file.js';
import { resolveKpis } from './kpi-expressions.js';
import { resolveRegressions } from './regression-expressions.js';
import { commandLineModel, finishRunConfig, NO_MODEL_MESSAGE, parseRuntimes, resolveSettings, type RawRunOptions, type SettingLabels } from './run-config.js';
import { parseDurationMs } from './units.js';

export type Layer = 'flag' | 'env' | 'file' | 'default';

export interface Origin {
  layer: Layer;
  /** "--min-time", "WTB_MIN_TIME", "minTime in /repo/wasm-torch-bench.config.json". */
  name: string;
}

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
}

/** Config-file key → the option it sets (flag form). */
const FILE_KEYS: Record<string, keyof RawRunOptions> = {
  runtimes: 'runtime',
  browserPath: 'browserPath',
  browserWsEndpoint: 'browserWsEndpoint',
  loadRuns: 'loadRuns',
  maxLoadRuns: 'maxLoadRuns',
  warmup: 'warmup',
  iterations: 'iterations',
  repeat: 'repeat',
  minTime: 'minTime',
  maxTime: 'maxTime',
  timeout: 'timeout',
  memoryLimit: 'memoryLimit',
  confidence: 'confidence',
  inconclusive: 'inconclusive',
  checkFinite: 'checkFinite',
  seed: 'seed',
  atol: 'atol',
  rtol: 'rtol',
  parity: 'parity',
  baseline: 'baseline',
  saveBaseline: 'saveBaseline',
  strict: 'strict',
  reporters: 'reporter',
  out: 'out',
  threads: 'threads',
  runtimeAdapter: 'runtimeAdapter',
  pushGateway: 'pushGateway',
  pushJob: 'pushJob',
  pushLabels: 'pushLabel',
  otlpEndpoint: 'otlpEndpoint',
  otlpHeaders: 'otlpHeader',
};

const LIST_OPTIONS = ['kpi', 'kpiLevel', 'maxRegression', 'regressionLevel'] as const;

/** The file key an option belongs to, for origins ("kpi" and "kpiLevel" are both "kpis"). */
function fileKeyOf(option: keyof RawRunOptions): string {
  if (option === 'kpi' || option === 'kpiLevel') return 'kpis';
  if (option === 'maxRegression') return 'maxRegression';
  if (option === 'regressionLevel') return 'regressionLevels';
  if (option === 'inputShape' || option === 'inputValue') return 'inputs';
  return Object.entries(FILE_KEYS).find(([, value]) => value === option)?.[0] ?? option;
}

const durationText = (value: number | string) => (typeof value === 'number' ? `${value}ms` : value);

/** A KPI table as --kpi / --kpi-level expressions; numbers are in the metric's base unit. */
function kpiExpressions(table: Record<string, unknown> | undefined): { kpi: string[]; kpiLevel: string[] } {
  const kpi: string[] = [];
  const kpiLevel: string[] = [];
  for (const [id, entry] of Object.entries(table ?? {})) {
    const { threshold, level } = typeof entry === 'object' && entry !== null ? (entry as { threshold?: number | string; level?: string }) : { threshold: entry as number | string, level: undefined };
    if (threshold !== undefined) {
      const unit = findMetric(id)?.unit;
      kpi.push(`${id}=${typeof threshold === 'string' ? threshold : unit === 'ms' ? `${threshold}ms` : unit === 'bytes' ? `${threshold}B` : String(threshold)}`);
    }
    if (level !== undefined) kpiLevel.push(`${id}=${level}`);
  }
  return { kpi, kpiLevel };
}

const assignmentList = (table: Record<string, string> | undefined) => (table ? Object.entries(table).map(([key, value]) => `${key}=${value}`) : undefined);

/** The file's run-wide settings in flag form, paths made absolute against the file's folder. */
function fileOptions(file: LoadedConfigFile): RawRunOptions {
  const c = file.config;
  const resolvePath = (value: string | undefined) => (value === undefined ? undefined : path.resolve(file.dir, value));
  const regression = c.maxRegression;
  return {
    runtime: c.runtimes?.join(','),
    browserPath: resolvePath(c.browserPath),
    browserWsEndpoint: c.browserWsEndpoint,
    loadRuns: c.loadRuns?.toString(),
    maxLoadRuns: c.maxLoadRuns?.toString(),
    warmup: c.warmup?.toString(),
    iterations: c.iterations?.toString(),
    repeat: c.repeat?.toString(),
    minTime: c.minTime === undefined ? undefined : durationText(c.minTime),
    maxTime: c.maxTime === undefined ? undefined : durationText(c.maxTime),
    timeout: c.timeout === undefined ? undefined : durationText(c.timeout),
    memoryLimit: c.memoryLimit === undefined ? undefined : typeof c.memoryLimit === 'number' ? `${c.memoryLimit}B` : c.memoryLimit,
    confidence: c.confidence?.toString(),
    inconclusive: c.inconclusive,
    checkFinite: c.checkFinite,
    seed: c.seed?.toString(),
    atol: c.atol?.toString(),
    rtol: c.rtol?.toString(),
    parity: c.parity,
    baseline: resolvePath(c.baseline),
    saveBaseline: resolvePath(c.saveBaseline),
    strict: c.strict,
    reporter: c.reporters?.join(','),
    out: resolvePath(c.out),
    threads: c.threads?.join(','),
    ...kpiExpressions(c.kpis),
    maxRegression: regression === undefined ? undefined : typeof regression === 'string' ? [regression] : Object.entries(regression).map(([id, value]) => `${id}=${value}`),
    regressionLevel: c.regressionLevels ? Object.entries(c.regressionLevels).map(([id, level]) => `${id}=${level}`) : undefined,
    runtimeAdapter: resolvePath(c.runtimeAdapter),
    pushGateway: c.pushGateway,
    pushJob: c.pushJob,
    pushLabel: assignmentList(c.pushLabels),
    otlpEndpoint: c.otlpEndpoint,
    otlpHeader: assignmentList(c.otlpHeaders),
  };
}

function defined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0))) as Partial<T>;
}

/** A list setting's expressions checked layer by layer, so a bad one names its variable or file. */
function checkListLayer(label: string, options: RawRunOptions): void {
  try {
    resolveKpis(options.kpi ?? [], []);
    resolveRegressions(options.maxRegression ?? [], options.regressionLevel ?? []);
  } catch (error) {
    if (error instanceof WtbError) throw new UsageError(`${label}: ${error.message}`);
    throw error;
  }
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
  settings: Omit<RunConfig, 'models' | 'configFile'>;
  /** Options set above the file (flags, env): they beat a model entry's own. */
  above: RawRunOptions;
  fileRunWide: RawRunOptions;
  file: LoadedConfigFile;
}

function fileModel(entry: string | ModelEntry, index: number, context: ModelLayerContext): ModelSpec {
  const { settings, above, fileRunWide, file } = context;
  const own: ModelEntry = typeof entry === 'string' ? { path: entry } : entry;
  const keyPath = ['models', index] as (string | number)[];
  const origin = { file: file.file, keyPath: formatKeyPath(keyPath) };
  const modelPath = path.resolve(file.dir, own.path);
  const ownKpis = kpiExpressions(own.kpis);
  const modelInputs = fileInputs(own.inputs, [...keyPath, 'inputs'], file);
  const variants: ModelVariant[] = own.variants
    ? own.variants.map((variant, v) => ({ name: variant.name, inputs: layInputs(modelInputs, fileInputs(variant.inputs, [...keyPath, 'variants', v, 'inputs'], file)) }))
    : [{ name: null, inputs: modelInputs }];
  const timeoutMs = above.timeout === undefined && own.timeout !== undefined ? (parseDurationMs(durationText(own.timeout)) as { value: number }).value : settings.timeoutMs;
  return {
    path: isDynamicPattern(own.path) ? modelPath.replaceAll(path.sep, '/') : modelPath,
    glob: isDynamicPattern(own.path),
    name: own.name ?? null,
    origin,
    runtimes: above.runtime === undefined && own.runtimes ? parseRuntimes(own.runtimes.join(','), `${origin.keyPath}.runtimes`) : settings.runtimes,
    threads: above.threads === undefined && own.threads ? [...new Set(own.threads)] : settings.threads,
    variants,
    kpis: resolveKpis([...(fileRunWide.kpi ?? []), ...ownKpis.kpi, ...(above.kpi ?? [])], [...(fileRunWide.kpiLevel ?? []), ...ownKpis.kpiLevel, ...(above.kpiLevel ?? [])]),
    timeoutMs,
    tags: own.tags ?? [],
  };
}

/**
 * The run-wide KPI table alone, layered as resolveConfig layers it (defaults, the file's kpis,
 * WTB_KPI / WTB_KPI_LEVEL, then --kpi / --kpi-level) and checked the same way, for files made
 * outside a run (monitoring export). Other settings are not resolved, so they cannot fail it.
 */
export function resolveRunWideKpis(layers: Pick<ConfigLayers, 'env' | 'file'> & { kpi: readonly string[]; kpiLevel: readonly string[] }): KpiSpec[] {
  const env = readEnvLayer(layers.env).options;
  const file = layers.file ? fileOptions(layers.file) : {};
  if (layers.file && file.kpi) checkListLayer(layers.file.file, { kpi: file.kpi });
  if (env.kpi) checkListLayer('environment', { kpi: env.kpi });
  return resolveKpis([...(file.kpi ?? []), ...(env.kpi ?? []), ...layers.kpi], [...(file.kpiLevel ?? []), ...(env.kpiLevel ?? []), ...layers.kpiLevel]);
}

export function resolveConfig(layers: ConfigLayers): ResolvedConfig {
  const env = readEnvLayer(layers.env);
  const flags = defined(Object.fromEntries(Object.entries(layers.flags).filter(([key]) => layers.typedFlags.has(key))) as RawRunOptions);
  const envOptions = defined(env.options);
  const fileRunWide = layers.file ? defined(fileOptions(layers.file)) : {};
  const fileLabel = (key: keyof RawRunOptions) => `${fileKeyOf(key)} in ${layers.file?.file}`;
  for (const [label, options] of [
    [layers.file?.file ?? '', fileRunWide],
    ['environment', envOptions],
  ] as const) {
    if (Object.keys(options).some((key) => (LIST_OPTIONS as readonly string[]).includes(key))) checkListLayer(label, options);
  }

  const merged: Record<string, unknown> = {};
  const labels: SettingLabels = {};
  const origins: Record<string, Origin[]> = {};
  const note = (option: keyof RawRunOptions, origin: Origin) => {
    const key = fileKeyOf(option);
    origins[key] = [...(origins[key] ?? []), origin];
  };
  const keys = new Set([...Object.keys(flags), ...Object.keys(envOptions), ...Object.keys(fileRunWide)] as (keyof RawRunOptions)[]);
  for (const key of keys) {
    if ((LIST_OPTIONS as readonly string[]).includes(key)) {
      // Tables merge entry by entry, lowest layer first, so a higher layer's entry wins.
      const lists = [fileRunWide[key], envOptions[key], flags[key]] as (string[] | undefined)[];
      merged[key] = lists.flatMap((list) => list ?? []);
      if (lists[0]) note(key, { layer: 'file', name: fileLabel(key) });
      if (lists[1]) note(key, { layer: 'env', name: env.names[key as EnvSettingKey] ?? key });
      if (lists[2]) note(key, { layer: 'flag', name: ENV_SETTINGS[key as EnvSettingKey] ?? key });
      continue;
    }
    if (flags[key] !== undefined) {
      merged[key] = flags[key];
      note(key, { layer: 'flag', name: key in ENV_SETTINGS ? ENV_SETTINGS[key as EnvSettingKey] : key });
    } else if (envOptions[key] !== undefined) {
      merged[key] = envOptions[key];
      labels[key] = env.names[key as EnvSettingKey];
      note(key, { layer: 'env', name: env.names[key as EnvSettingKey] ?? key });
    } else {
      merged[key] = fileRunWide[key];
      labels[key] = fileLabel(key);
      note(key, { layer: 'file', name: fileLabel(key) });
    }
  }
  const settings = { ...resolveSettings(merged as RawRunOptions, labels), tags: [...(layers.tags ?? [])] };
  // A runtime named anywhere (a file's model entry too) was asked for: its absence is an error.
  const modelsNameRuntimes = layers.file?.config.models?.some((entry) => typeof entry === 'object' && entry.runtimes !== undefined) ?? false;
  settings.skipUnavailableRuntimes &&= !modelsNameRuntimes;

  let models: ModelSpec[];
  if (layers.models.length > 0) {
    models = layers.models.map((modelPath) => commandLineModel(modelPath, settings));
    origins.models = [{ layer: 'flag', name: 'command line' }];
  } else if (layers.file?.config.models) {
    const above = { ...envOptions, ...flags } as RawRunOptions;
    above.kpi = [...(envOptions.kpi ?? []), ...(flags.kpi ?? [])];
    above.kpiLevel = [...(envOptions.kpiLevel ?? []), ...(flags.kpiLevel ?? [])];
    const file = layers.file;
    models = file.config.models!.map((entry, index) => fileModel(entry, index, { settings, above, fileRunWide, file }));
    origins.models = [{ layer: 'file', name: `models in ${file.file}` }];
  } else {
    throw new UsageError(NO_MODEL_MESSAGE);
  }
  const configFile = layers.file?.file ?? null;
  return { config: finishRunConfig({ ...settings, models, configFile }), origins, configFile };
}
