/** Types shared across the pipeline. Imports nothing from the project. */

export const RUNTIME_NAMES = ['node-wasm', 'chrome-wasm', 'node-native'] as const;
export type RuntimeName = (typeof RUNTIME_NAMES)[number];
/** The WebAssembly runtimes; node-native (onnxruntime-node, CPU) is the reference they are compared with. */
export const WASM_RUNTIMES = ['node-wasm', 'chrome-wasm'] as const satisfies readonly RuntimeName[];
export const REFERENCE_RUNTIME = 'node-native' satisfies RuntimeName;

/**
 * table prints; the others write a file into --out: json, junit, markdown (PR summary), html (plots),
 * prometheus (text exposition), csv (one row per sample), bmf (Bencher Metric Format) and
 * benchmark-action (github-action-benchmark's customSmallerIsBetter).
 */
/** onnxruntime's graphOptimizationLevel session option, as both onnxruntime-web and onnxruntime-node spell it. */
export const GRAPH_OPTIMIZATION_LEVELS = ['disabled', 'basic', 'extended', 'all'] as const;
export type GraphOptimizationLevel = (typeof GRAPH_OPTIMIZATION_LEVELS)[number];

export const REPORTER_NAMES = ['table', 'json', 'junit', 'markdown', 'html', 'prometheus', 'csv', 'bmf', 'benchmark-action'] as const;
export type ReporterName = (typeof REPORTER_NAMES)[number];

export type CheckLevel = 'off' | 'warn' | 'error';

/**
 * Which loads to measure: cold (a first visit: a fresh worker or browser context, nothing cached),
 * warm (a repeat visit: the runtime already initialised, the browser's caches filled), or both.
 */
export const LOAD_TEMPERATURES = ['cold', 'warm', 'both'] as const;
export type LoadTemperature = (typeof LOAD_TEMPERATURES)[number];

export function measuresCold(temperature: LoadTemperature): boolean {
  return temperature !== 'warm';
}

export function measuresWarm(temperature: LoadTemperature): boolean {
  return temperature === 'warm' || temperature === 'both';
}

/** What an inconclusive error-level check does to the exit code. */
export type InconclusivePolicy = 'fail' | 'warn' | 'pass';
export type CheckUnit = 'ms' | 'bytes' | 'ratio' | 'count' | 'factor';

/** ONNX tensor element types the feed generator can fill. */
export const FEED_DTYPES = ['float32', 'float64', 'float16', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'bool'] as const;
export type FeedDtype = (typeof FEED_DTYPES)[number];

/** Bytes one element of each input dtype takes. */
export const FEED_DTYPE_BYTES: Readonly<Record<FeedDtype, number>> = {
  float32: 4,
  float64: 8,
  float16: 2,
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  int64: 8,
  uint64: 8,
  bool: 1,
};

/** A dimension as declared by the model: a fixed size, a named symbol, or unnamed. */
export type DeclaredDim = number | string | null;

export interface TensorInfo {
  name: string;
  /** ONNX element type name (e.g. 'float32', 'int64', or 'string'). */
  dtype: string;
  /** Declared shape; null when the model declares no shape at all. */
  shape: DeclaredDim[] | null;
}

export interface ModelInfo {
  path: string;
  name: string;
  bytes: number;
  sha256: string;
  irVersion: number;
  opsets: { domain: string; version: number }[];
  producer: string;
  inputs: TensorInfo[];
  outputs: TensorInfo[];
}

/** Where an input's values come from, as configured. Default (null): seeded uniform, floats in [0, 1), integers 0–9. */
export type InputValues = { kind: 'uniform'; min: number; max: number } | { kind: 'normal'; mean: number; std: number } | { kind: 'constant'; value: number } | { kind: 'file'; path: string };

/** Values of a concrete feed: as configured, a file's bytes read (little-endian, the feed's dtype). */
export type FeedValues = Exclude<InputValues, { kind: 'file' }> | { kind: 'file'; path: string; sha256: string; base64: string };

/** A concrete feed to generate inside the worker (seeded, deterministic). */
export interface FeedSpec {
  name: string;
  dtype: FeedDtype;
  shape: number[];
  values: FeedValues | null;
}

/** One input's settings for a model (from a config file or the --input-* flags). */
export interface InputSpec {
  shape: number[] | null;
  dtype: FeedDtype | null;
  values: InputValues | null;
  /** Where it was set, for messages: "models[0].inputs.x" or "--input-shape x". */
  origin: string;
  /** Where a field laid over from the model's own spec was set, when a variant did not set it. */
  fieldOrigins?: Partial<Record<'shape' | 'dtype' | 'values', string>>;
}

/** A named dynamic dim's size (--dim sequence=128), set in every input that declares the dim. */
export interface DimSize {
  name: string;
  size: number;
  /** Where it was set, for messages: "--dim sequence=128", "WTB_DIM sequence=128", "dims.sequence in x.json". */
  origin: string;
}

/** A named set of input settings: each variant of a model is its own row ("batch 1", "batch 8"). */
export interface ModelVariant {
  name: string | null;
  inputs: Record<string, InputSpec>;
}

/** A model (or a glob of models) to measure, with its own runtimes, inputs and budgets. */
export interface ModelSpec {
  /** A file path, or a glob when `glob` is set; absolute when it came from a config file. */
  path: string;
  glob: boolean;
  /** Row name in reports; null: the file name. */
  name: string | null;
  /** The config entry it came from (file and key path "models[1]"); null from the command line. */
  origin: { file: string; keyPath: string } | null;
  runtimes: RuntimeName[];
  threads: number[];
  variants: ModelVariant[];
  kpis: KpiSpec[];
  timeoutMs: number;
  tags: string[];
}

/** A KPI threshold: `actual < threshold` passes. Thresholds are in base units (ms, bytes, ratio). */
export interface KpiSpec {
  id: string;
  threshold: number;
  level: CheckLevel;
}

/** The resolved run configuration (RunConfig) is inferred from the settings table: src/config/run-config-schema.ts. */

export interface PushGatewaySettings {
  url: string;
  job: string;
  /** Grouping labels: the group a push replaces (with the job). */
  groupings: Record<string, string>;
}

export interface OtlpSettings {
  /** Base URL (…:4318) or the full …/v1/metrics URL. */
  endpoint: string;
  headers: Record<string, string>;
}

/** A --runtime-adapter module, imported once by the planner: where it is and what it calls itself. */
export interface AdapterSpec {
  /** Absolute path of the module. */
  path: string;
  name: string;
  version: string | null;
}

/** The onnxruntime packages the built-in runtimes run: onnxruntime-web (node-wasm, chrome-wasm) and onnxruntime-node (node-native). */
export type RuntimePackageName = 'onnxruntime-web' | 'onnxruntime-node';

/**
 * Which copy of a runtime package is measured: the one installed in the project (found from the
 * working folder), one a setting chose (--ort-web <dir|version>), or the tool's own.
 */
export type RuntimePackageSource = 'project' | 'setting' | 'bundled';

/** A runtime package as measured: its version and folder, and how it was chosen. */
export interface RuntimePackage {
  name: RuntimePackageName;
  version: string;
  /** Absolute folder holding its package.json (symlinks resolved). */
  dir: string;
  source: RuntimePackageSource;
}

/** --ort-web / --ort-node as given: the tool's own copy, the project's copy at a version, or a package folder. */
export interface RuntimePackageChoice {
  kind: 'bundled' | 'version' | 'dir';
  /** The version ("1.20.1") or the folder as written; '' for bundled. */
  value: string;
  /** Where it was set, for messages ("--ort-web", "WTB_ORT_WEB", "ortWeb in x.json"); null until known. */
  setBy: string | null;
}

/** One unit of work: a model on a runtime at a thread setting. */
export interface Trial {
  model: ModelInfo;
  /** The input variant's name, when the model has several ("batch 8"). */
  variant: string | null;
  runtime: RuntimeName;
  threads: number;
  /** The runtime adapter that runs the model in place of onnxruntime; null for the built-in runtime. */
  adapter: AdapterSpec | null;
  /** onnxruntime's graph optimisation level; null: the runtime's default (and always for an adapter). */
  graphOptimization: GraphOptimizationLevel | null;
  /**
   * The onnxruntime package the built-in runtime imports; null (or absent) with an adapter, or for
   * node-native when no onnxruntime-node is installed (its import then fails as RUNTIME_UNAVAILABLE).
   */
  runtimePackage?: RuntimePackage | null;
  feeds: FeedSpec[];
  /** The named dims (--dim) this model declares, with the sizes that shaped its feeds. */
  dims: Record<string, number>;
  kpis: KpiSpec[];
  timeoutMs: number;
  tags: string[];
}

/** What the console shows while measuring. */
export type ProgressEvent =
  | { kind: 'trial-start'; trial: Trial; index: number; total: number }
  | { kind: 'load-sample'; trial: Trial; temperature: 'cold' | 'warm'; done: number; minimum: number; maximum: number }
  | { kind: 'inference-start'; trial: Trial; minTimeMs: number; maxTimeMs: number }
  | { kind: 'trial-end'; trial: Trial; status: 'ok' | 'error' | 'skipped' };

/** One output of one run, packed to cross any host boundary (IPC, CDP's JSON) unchanged; output parity compares them across runtimes. */
export interface OutputSnapshot {
  name: string;
  /** ORT element type: 'float32', 'int64', 'bool', 'string', … */
  dtype: string;
  dims: number[];
  /** The tensor's bytes (little-endian, as in memory), base64; null for string tensors. */
  base64: string | null;
  strings: string[] | null;
}

/** What an A/B run learns of one side on one runtime besides its blocks. */
export interface PairedSideFacts {
  runtimeVersion: string | null;
  threadsUsed: number | null;
  clockResolutionMs: number;
  firstInferenceMs: number;
  /**
   * The other side, when its session had already run in the same (shared) worker before this
   * side's first inference, so the process's one-time costs (the engine compiling the runtime's
   * code on first use) fell on the other side's; null when this side ran first in a fresh worker.
   */
  firstInferenceAfter: 'A' | 'B' | null;
  outputs: OutputSnapshot[] | null;
  outputsNote: string | null;
}
