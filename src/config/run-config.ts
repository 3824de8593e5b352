/**
 * Flags (as strings, straight from the command line) → one validated, frozen RunConfig.
 * Every bad value is a UsageError (exit 2) naming the flag and what to pass instead.
 */
import { RUN_DEFAULTS } from './run-defaults.js';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { FEED_DTYPES, REPORTER_NAMES, RUNTIME_NAMES, type CheckLevel, type InconclusivePolicy, type ModelSpec, type ReporterName, type RunConfig, type RuntimeName } from '../types.js';
import { REGRESSION_METRICS } from '../regression-metrics.js';
import { resolveKpis } from './kpi-expressions.js';
import { resolveRegressions } from './regression-expressions.js';
import { parseDurationMs, parseSizeBytes } from './units.js';
import { example, parseAssignments } from './flag-syntax.js';
import { resolveOtlp, resolvePushGateway } from './metrics-export-settings.js';
import { MAX_SHARD_COUNT, parseShard } from './shard-setting.js';

export interface RawRunOptions {
  runtime?: string;
  browserPath?: string;
  browserWsEndpoint?: string;
  loadRuns?: string;
  maxLoadRuns?: string;
  warmup?: string;
  confidence?: string;
  inconclusive?: string;
  checkFinite?: boolean;
  iterations?: string;
  repeat?: string;
  minTime?: string;
  maxTime?: string;
  timeout?: string;
  memoryLimit?: string;
  threads?: string;
  seed?: string;
  atol?: string;
  rtol?: string;
  parity?: string;
  baseline?: string;
  saveBaseline?: string;
  maxRegression?: string[];
  regressionLevel?: string[];
  strict?: boolean;
  inputShape?: string[];
  inputValue?: string[];
  kpi?: string[];
  kpiLevel?: string[];
  reporter?: string;
  out?: string;
  quiet?: boolean;
  json?: boolean;
  runtimeAdapter?: string;
  pushGateway?: string;
  pushJob?: string;
  pushLabel?: string[];
  otlpEndpoint?: string;
  otlpHeader?: string[];
  shard?: string;
}

const kpiSchema = z.strictObject({
  id: z.string(),
  threshold: z.number().positive(),
  level: z.enum(['off', 'warn', 'error']),
});

const inputValuesSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('uniform'), min: z.number(), max: z.number() }),
  z.strictObject({ kind: z.literal('normal'), mean: z.number(), std: z.number().min(0) }),
  z.strictObject({ kind: z.literal('constant'), value: z.number() }),
  z.strictObject({ kind: z.literal('file'), path: z.string().min(1) }),
]);

const modelSpecSchema = z.strictObject({
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
  kpis: z.array(kpiSchema),
  timeoutMs: z.number().positive(),
  tags: z.array(z.string()),
});

export const runConfigSchema = z
  .strictObject({
    models: z.array(modelSpecSchema).min(1),
    configFile: z.string().nullable(),
    runtimes: z.array(z.enum(RUNTIME_NAMES)).min(1),
    skipUnavailableRuntimes: z.boolean(),
    browserPath: z.string().min(1).nullable(),
    browserWsEndpoint: z.url({ protocol: /^wss?$/ }).nullable(),
    loadRuns: z.number().int().min(1),
    maxLoadRuns: z.number().int().min(1),
    warmup: z.union([z.literal('auto'), z.number().int().min(0)]),
    confidence: z.number().gt(0).lt(1),
    inconclusive: z.enum(['fail', 'warn', 'pass']),
    checkFinite: z.boolean(),
    iterations: z.number().int().min(1),
    repeat: z.number().int().min(1).max(20),
    minTimeMs: z.number().min(0),
    maxTimeMs: z.number().positive(),
    timeoutMs: z.number().positive(),
    memoryLimitBytes: z.number().int().positive().nullable(),
    threads: z.array(z.number().int().min(1).max(64)).min(1),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1),
    atol: z.number().min(0),
    rtol: z.number().min(0),
    parityLevel: z.enum(['off', 'warn', 'error']),
    baselineFile: z.string().min(1).nullable(),
    saveBaselineFile: z.string().min(1).nullable(),
    regressions: z.array(z.strictObject({ id: z.enum(REGRESSION_METRICS), maxRatio: z.number().min(1), level: z.enum(['off', 'warn', 'error']) })),
    strictBaseline: z.boolean(),
    inputShapes: z.record(z.string(), z.array(z.number().int().min(0))),
    inputValues: z.record(z.string(), z.number()),
    kpis: z.array(kpiSchema),
    tags: z.array(z.string().min(1)),
    reporters: z.array(z.enum(REPORTER_NAMES)),
    outDir: z.string().min(1),
    runtimeAdapter: z.string().min(1).nullable(),
    pushGateway: z.strictObject({ url: z.url({ protocol: /^https?$/ }), job: z.string().min(1), groupings: z.record(z.string(), z.string()) }).nullable(),
    otlp: z.strictObject({ endpoint: z.url({ protocol: /^https?$/ }), headers: z.record(z.string(), z.string()) }).nullable(),
    quiet: z.boolean(),
    jsonToStdout: z.boolean(),
    shard: z.strictObject({ index: z.number().int().min(1), count: z.number().int().min(1).max(MAX_SHARD_COUNT) }).nullable(),
  })
  .refine((config) => config.minTimeMs <= config.maxTimeMs, {
    message: '--min-time must not exceed --max-time',
  })
  .refine((config) => config.loadRuns <= config.maxLoadRuns, {
    message: '--load-runs must not exceed --max-load-runs',
  });

function parseInteger(flag: string, text: string | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (text === undefined) return fallback;
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) {
    throw new UsageError(`${flag} "${text}" is not a whole number; pass a number from ${min} up, e.g. ${example(flag, Math.max(min, fallback))}`);
  }
  const value = Number(trimmed);
  if (value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? (value < min ? `at least ${min}` : `at most ${max}`) : `from ${min} to ${max}`;
    throw new UsageError(`${flag} ${trimmed} is out of range; it must be ${range}, e.g. ${example(flag, Math.max(min, fallback))}`);
  }
  return value;
}

function parseDuration(flag: string, text: string | undefined, fallbackMs: number, allowZero: boolean): number {
  if (text === undefined) return fallbackMs;
  const parsed = parseDurationMs(text);
  if (!parsed.ok) throw new UsageError(`${flag}: ${parsed.reason}`);
  if (parsed.value < 0 || (!allowZero && parsed.value === 0)) {
    throw new UsageError(`${flag} ${text} must be ${allowZero ? 'zero or more' : 'above zero'}`);
  }
  return parsed.value;
}

/** Below this a Node worker cannot even start onnxruntime-web (~120 MB RSS idle). */
export const MIN_MEMORY_LIMIT_BYTES = 64 * 1024 ** 2;

function parseMemoryLimit(flag: string, text: string | undefined): number | null {
  if (text === undefined) return null;
  const parsed = parseSizeBytes(text);
  if (!parsed.ok) throw new UsageError(`${flag}: ${parsed.reason}`);
  if (parsed.value < MIN_MEMORY_LIMIT_BYTES) {
    throw new UsageError(`${flag} ${text} is below 64 MiB, less than a worker needs to start; pass e.g. ${example(flag, '2GiB')}`);
  }
  return parsed.value;
}

function parseList<T extends string>(flag: string, text: string, known: readonly T[], single = false): T[] {
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
  if (items.length === 0) throw new UsageError(`${flag} is empty; choose from ${known.join(', ')}`);
  for (const item of items) {
    if (!known.includes(item as T)) {
      throw new UsageError(`${flag}: unknown value "${item}"; choose from ${known.join(', ')}`);
    }
  }
  if (single && items.length > 1) throw new UsageError(`${flag} takes one value; choose one of ${known.join(', ')}`);
  return [...new Set(items)] as T[];
}

export function parseInputShapes(expressions: readonly string[]): Record<string, number[]> {
  const shapes: Record<string, number[]> = {};
  for (const [name, value] of parseAssignments('--input-shape', expressions, 'input=1,3,224,224')) {
    // "[]" or "scalar" states a 0-d tensor explicitly.
    if (value === '[]' || value === 'scalar') {
      shapes[name] = [];
      continue;
    }
    const dims = value
      .replace(/^\[|\]$/g, '')
      .split(/[,x×]/)
      .map((dim) => dim.trim());
    if (!dims.every((dim) => /^\d+$/.test(dim))) {
      throw new UsageError(`--input-shape ${name}=${value}: dims must be whole numbers separated by commas, e.g. --input-shape ${name}=1,3,224,224`);
    }
    shapes[name] = dims.map(Number);
  }
  return shapes;
}

export function parseInputValues(expressions: readonly string[]): Record<string, number> {
  const values: Record<string, number> = {};
  for (const [name, value] of parseAssignments('--input-value', expressions, 'sr=16000')) {
    const number = Number(value);
    if (!Number.isFinite(number)) throw new UsageError(`--input-value ${name}=${value}: the value must be a finite number, e.g. --input-value ${name}=16000`);
    values[name] = number;
  }
  return values;
}

/** "--runtime all" names every runtime; otherwise a list of known names. */
export function parseRuntimes(text: string | undefined, flag: string): RuntimeName[] {
  const names = parseList<RuntimeName | 'all'>(flag, text ?? RUN_DEFAULTS.runtime, [...RUNTIME_NAMES, 'all']);
  return [...new Set(names.flatMap((name) => (name === 'all' ? [...RUNTIME_NAMES] : [name])))];
}

/** "1,2,4" → [1, 2, 4]: a threads sweep, each setting its own row. */
function parseThreads(text: string | undefined, flag: string): number[] {
  const items = (text ?? RUN_DEFAULTS.threads).split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) {
    throw new UsageError(`${flag} "${text}" has an empty entry; pass whole numbers separated by commas, e.g. ${example(flag, '1,2,4')}`);
  }
  const counts = items.map((item) => parseInteger(flag, item, 1, 1, 64));
  return [...new Set(counts)];
}

/** A tolerance: a non-negative decimal such as 1e-4 or 0.001. */
function parseTolerance(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = /^\s*(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?\s*$/i.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value)) {
    throw new UsageError(`${flag} "${text}" is not a non-negative number; pass e.g. ${example(flag, fallback)}`);
  }
  return value;
}

/** "95%", "95", "0.95" → 0.95: a confidence from 50 % up to, not including, 100 %. */
function parseConfidence(text: string | undefined, flag: string): number {
  if (text === undefined) return RUN_DEFAULTS.confidence;
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(%?)\s*$/.exec(text);
  const number = match ? Number(match[1]) : Number.NaN;
  // Rounded so "99.9" is 0.999, not 0.9990000000000001.
  const value = Number((match?.[2] === '%' || number > 1 ? number / 100 : number).toPrecision(12));
  if (!(value >= 0.5 && value < 1)) {
    throw new UsageError(`${flag} "${text}" must be a level from 50 % up to (not including) 100 %, e.g. ${example(flag, '95%')} or ${example(flag, 0.99)}`);
  }
  return value;
}

function parseWarmup(text: string | undefined, flag: string): number | 'auto' {
  if (text === undefined) return RUN_DEFAULTS.warmup;
  if (text.trim() === 'auto') return 'auto';
  if (!/^\s*\d+\s*$/.test(text)) {
    throw new UsageError(`${flag} "${text}" must be auto or a whole number of runs, e.g. ${example(flag, 'auto')} or ${example(flag, 20)}`);
  }
  return Number(text);
}

function parseWsEndpoint(text: string | undefined, flag: string): string | null {
  if (text === undefined) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    url = new URL('invalid:');
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new UsageError(`${flag} "${text}" is not a ws:// or wss:// URL; pass the browser's DevTools endpoint, e.g. ${example(flag, 'ws://127.0.0.1:9222/devtools/browser/<id>')}`);
  }
  return text;
}

/** An adapter replaces onnxruntime-web; node-native is onnxruntime-node itself, which it cannot replace. */
function resolveRuntimeAdapter(raw: RawRunOptions, name: (key: keyof RawRunOptions, flag: string) => string): string | null {
  if (raw.runtimeAdapter === undefined) return null;
  if (parseRuntimes(raw.runtime, name('runtime', '--runtime')).includes('node-native')) {
    throw new UsageError(
      `${name('runtimeAdapter', '--runtime-adapter')} runs the adapter on node-wasm and chrome-wasm; node-native is onnxruntime-node and runs ONNX models only: drop node-native from ${name('runtime', '--runtime')} (e.g. ${example(name('runtime', '--runtime'), 'node-wasm,chrome-wasm')})`,
    );
  }
  return raw.runtimeAdapter;
}

/** What names a setting in messages when it did not come from its flag: "WTB_MIN_TIME", "minTime in x.json". */
export type SettingLabels = Partial<Record<keyof RawRunOptions, string>>;

export type RunSettings = Omit<RunConfig, 'models' | 'configFile'>;

/** Every run-wide setting from raw option strings (flags, or env/config values in flag form). */
export function resolveSettings(raw: RawRunOptions, labels: SettingLabels = {}): RunSettings {
  const name = (key: keyof RawRunOptions, flag: string) => labels[key] ?? flag;
  const minTimeMs = parseDuration(name('minTime', '--min-time'), raw.minTime, RUN_DEFAULTS.minTimeMs, true);
  const maxTimeMs = parseDuration(name('maxTime', '--max-time'), raw.maxTime, Math.max(RUN_DEFAULTS.maxTimeMs, minTimeMs), false);
  if (minTimeMs > maxTimeMs) {
    throw new UsageError(
      `${name('minTime', '--min-time')} (${raw.minTime ?? `${minTimeMs}ms`}) exceeds ${name('maxTime', '--max-time')} (${raw.maxTime ?? `${maxTimeMs}ms`}); raise ${name('maxTime', '--max-time')} or lower ${name('minTime', '--min-time')}`,
    );
  }
  const loadRuns = parseInteger(name('loadRuns', '--load-runs'), raw.loadRuns, RUN_DEFAULTS.loadRuns, 1);
  const maxLoadRuns = parseInteger(name('maxLoadRuns', '--max-load-runs'), raw.maxLoadRuns, Math.max(RUN_DEFAULTS.maxLoadRuns, loadRuns), 1);
  if (maxLoadRuns < loadRuns) {
    throw new UsageError(
      `${name('loadRuns', '--load-runs')} ${loadRuns} exceeds ${name('maxLoadRuns', '--max-load-runs')} ${maxLoadRuns}; raise ${name('maxLoadRuns', '--max-load-runs')} or lower ${name('loadRuns', '--load-runs')}`,
    );
  }
  return {
    runtimes: parseRuntimes(raw.runtime, name('runtime', '--runtime')),
    // Naming a runtime, or the browser to use, asks for it: then its absence is an error.
    skipUnavailableRuntimes: raw.runtime === undefined && raw.browserPath === undefined && raw.browserWsEndpoint === undefined,
    browserPath: raw.browserPath ?? null,
    browserWsEndpoint: parseWsEndpoint(raw.browserWsEndpoint, name('browserWsEndpoint', '--browser-ws-endpoint')),
    loadRuns,
    maxLoadRuns,
    warmup: parseWarmup(raw.warmup, name('warmup', '--warmup')),
    confidence: parseConfidence(raw.confidence, name('confidence', '--confidence')),
    inconclusive: parseList<InconclusivePolicy>(name('inconclusive', '--inconclusive'), raw.inconclusive ?? RUN_DEFAULTS.inconclusive, ['fail', 'warn', 'pass'], true)[0] as InconclusivePolicy,
    checkFinite: raw.checkFinite ?? false,
    iterations: parseInteger(name('iterations', '--iterations'), raw.iterations, RUN_DEFAULTS.iterations, 1),
    // A baseline gate needs the run-to-run noise, which only several inference workers show.
    repeat: parseInteger(name('repeat', '--repeat'), raw.repeat, raw.baseline !== undefined || raw.saveBaseline !== undefined ? RUN_DEFAULTS.baselineRepeat : 1, 1, 20),
    minTimeMs,
    maxTimeMs,
    timeoutMs: parseDuration(name('timeout', '--timeout'), raw.timeout, RUN_DEFAULTS.timeoutMs, false),
    memoryLimitBytes: parseMemoryLimit(name('memoryLimit', '--memory-limit'), raw.memoryLimit),
    threads: parseThreads(raw.threads, name('threads', '--threads')),
    seed: parseInteger(name('seed', '--seed'), raw.seed, RUN_DEFAULTS.seed, 0, 2 ** 32 - 1),
    atol: parseTolerance(name('atol', '--atol'), raw.atol, RUN_DEFAULTS.atol),
    rtol: parseTolerance(name('rtol', '--rtol'), raw.rtol, RUN_DEFAULTS.rtol),
    parityLevel: parseList<CheckLevel>(name('parity', '--parity'), raw.parity ?? RUN_DEFAULTS.parity, ['off', 'warn', 'error'], true)[0] as CheckLevel,
    baselineFile: raw.baseline ?? null,
    saveBaselineFile: raw.saveBaseline ?? null,
    regressions: resolveRegressions(raw.maxRegression ?? [], raw.regressionLevel ?? []),
    strictBaseline: raw.strict ?? false,
    inputShapes: parseInputShapes(raw.inputShape ?? []),
    inputValues: parseInputValues(raw.inputValue ?? []),
    kpis: resolveKpis(raw.kpi ?? [], raw.kpiLevel ?? []),
    tags: [],
    reporters: parseList<ReporterName>(name('reporter', '--reporter'), raw.reporter ?? RUN_DEFAULTS.reporter, REPORTER_NAMES),
    outDir: raw.out ?? RUN_DEFAULTS.out,
    runtimeAdapter: resolveRuntimeAdapter(raw, name),
    pushGateway: resolvePushGateway(raw, name),
    otlp: resolveOtlp(raw, name),
    quiet: raw.quiet ?? false,
    jsonToStdout: raw.json ?? false,
    shard: parseShard(raw.shard, name('shard', '--shard')),
  };
}

/** A model named on the command line: the run-wide settings, one variant with no inputs of its own. */
export function commandLineModel(modelPath: string, settings: RunSettings): ModelSpec {
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

/** The last check on an assembled config: one schema, then frozen. */
export function finishRunConfig(candidate: RunConfig): Readonly<RunConfig> {
  const checked = runConfigSchema.safeParse(candidate);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new UsageError(`invalid configuration at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'unknown problem'}`);
  }
  return Object.freeze(checked.data as RunConfig);
}

export const NO_MODEL_MESSAGE =
  'no model given; pass one or more .onnx files (e.g. wasm-torch-bench fixtures/models/tiny-mlp.onnx), or list them under "models" in wasm-torch-bench.config.json (wasm-torch-bench init writes one)';

/** Flags only (no environment, no config file): the models given, each with the run-wide settings. */
export function resolveRunConfig(models: readonly string[], raw: RawRunOptions): Readonly<RunConfig> {
  if (models.length === 0) throw new UsageError(NO_MODEL_MESSAGE);
  const settings = resolveSettings(raw);
  return finishRunConfig({ ...settings, models: models.map((modelPath) => commandLineModel(modelPath, settings)), configFile: null });
}
