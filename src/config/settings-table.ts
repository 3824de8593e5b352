/**
 * Every setting of `run`, declared once: its flag, WTB_* variable, config-file key, value schema,
 * default, help text, commands and kind. The commander options, the env layer, the config-file
 * schema (and the published JSON Schema), --print-config and the option table of
 * docs/configuration.md are generated from it. Rows are in --help order.
 */
import { z } from 'zod';
import { findMetric } from '../metrics.js';
import { REPORTER_NAMES, RUNTIME_NAMES, type RuntimeName } from '../types.js';
import { REGRESSION_METRICS } from '../regression-metrics.js';
import { parseAssignments } from './flag-syntax.js';
import { LEVEL, durationForm, factorForm, httpUrlForm, kpiTableForm, positiveIntForm, runtimeListForm, threadsListForm, unitString, type KpiTable } from './file-forms.js';
import { parseKpiLevelSetting, parseKpiThreshold, type KpiLevelSetting, type KpiThresholdSetting } from './kpi-expressions.js';
import { parseRegressionLevel, parseRegressionRatio, type RegressionLevelSetting, type RegressionRatioSetting } from './regression-expressions.js';
import { parseInputShapes, parseInputValues } from './input-expressions.js';
import { DEFAULT_PUSH_JOB, RUN_DEFAULTS } from './run-defaults.js';
import { setting, type SettingRow } from './setting-row.js';
import {
  confidenceLevel,
  durationMs,
  httpUrl,
  memoryLimitBytes,
  namesFrom,
  oneOf,
  parsedWithLabel,
  rejectThrown,
  switchValue,
  text,
  threadCounts,
  tolerance,
  warmupRuns,
  wholeNumber,
  wsEndpoint,
} from './setting-values.js';
import { keyedRecord, choice } from './strict-object.js';
import { parseQuantity, parseSizeBytes } from './units.js';
import { parseShard } from './shard-setting.js';

const expressions = z.array(z.string());
const RUN: readonly ['run'] = ['run'];
const RUN_COMPARE_MERGE: readonly ['run', 'compare', 'merge'] = ['run', 'compare', 'merge'];

/** "all" names every runtime. */
const runtimes = namesFrom([...RUNTIME_NAMES, 'all'] as const).transform((names): RuntimeName[] => [...new Set(names.flatMap((name) => (name === 'all' ? [...RUNTIME_NAMES] : [name])))]);

function kpiThresholdsOf(table: KpiTable): KpiThresholdSetting[] {
  return Object.entries(table).flatMap(([id, entry]) => {
    const threshold = typeof entry === 'object' ? entry.threshold : entry;
    if (threshold === undefined) return [];
    const parsed = typeof threshold === 'number' ? { ok: true as const, value: threshold } : parseQuantity(findMetric(id)?.unit ?? 'ms', threshold);
    return parsed.ok ? [{ id, threshold: parsed.value }] : [];
  });
}

function kpiLevelsOf(table: KpiTable): KpiLevelSetting[] {
  return Object.entries(table).flatMap(([id, entry]) => (typeof entry === 'object' && entry.level !== undefined ? [{ id, level: entry.level, expression: `${id}=${entry.level}` }] : []));
}

/** --kpi expressions, or a file's KPI table: thresholds in base units. */
export const kpiThresholds = z.union([expressions, kpiTableForm]).transform((input, context): KpiThresholdSetting[] => {
  try {
    return Array.isArray(input) ? input.map(parseKpiThreshold) : kpiThresholdsOf(input);
  } catch (error) {
    return rejectThrown(context, error);
  }
});

/** --kpi-level expressions, or the levels of a file's KPI table. */
export const kpiLevels = z.union([expressions, kpiTableForm]).transform((input, context): KpiLevelSetting[] => {
  try {
    return Array.isArray(input) ? input.map(parseKpiLevelSetting) : kpiLevelsOf(input);
  } catch (error) {
    return rejectThrown(context, error);
  }
});

const maxRegressionForm = z.union([factorForm, keyedRecord(REGRESSION_METRICS, factorForm)]).describe('largest allowed slowdown: "10%" for every metric, or { "inference.p99": "20%" }');
const regressionLevelsForm = keyedRecord(REGRESSION_METRICS, LEVEL);

const regressionRatios = z.union([expressions, maxRegressionForm]).transform((input, context): RegressionRatioSetting[] => {
  try {
    if (Array.isArray(input)) return input.map(parseRegressionRatio);
    if (typeof input === 'string') return [parseRegressionRatio(input)];
    return Object.entries(input).map(([id, factor]) => parseRegressionRatio(`${id}=${factor}`));
  } catch (error) {
    return rejectThrown(context, error);
  }
});

const regressionLevels = z.union([expressions, regressionLevelsForm]).transform((input, context): RegressionLevelSetting[] => {
  try {
    return Array.isArray(input) ? input.map(parseRegressionLevel) : Object.entries(input).map(([id, level]) => parseRegressionLevel(`${id}=${level}`));
  } catch (error) {
    return rejectThrown(context, error);
  }
});

/** "name=value" pairs: repeated flags, a comma-separated WTB_* list, or a file's { name: value } table. */
function namedValues(sample: string, what: 'label' | 'header') {
  return z.union([expressions, z.record(z.string(), z.string())]).transform((input, context): [string, string][] => {
    if (!Array.isArray(input)) return Object.entries(input);
    return parsedWithLabel((label) => [...parseAssignments(label, input, sample, what)], context);
  });
}

const inputShapes = expressions.transform((input, context) => {
  try {
    return parseInputShapes(input);
  } catch (error) {
    return rejectThrown(context, error);
  }
});

const inputValues = expressions.transform((input, context) => {
  try {
    return parseInputValues(input);
  } catch (error) {
    return rejectThrown(context, error);
  }
});

const shard = z.string().transform((input, context) => parsedWithLabel((label) => parseShard(input, label), context));

export const SETTINGS = {
  reporter: setting({
    flag: '--reporter',
    placeholder: '<list>',
    env: 'WTB_REPORTER',
    fileKey: 'reporters',
    fileForm: z.array(choice(REPORTER_NAMES)).min(1),
    value: namesFrom(REPORTER_NAMES),
    defaultText: RUN_DEFAULTS.reporter,
    help: `comma-separated: ${REPORTER_NAMES.join(', ')}`,
    docNote: 'see "Reports"',
    commands: RUN_COMPARE_MERGE,
    kind: 'output',
    field: 'reporters',
  }),
  out: setting({
    flag: '--out',
    placeholder: '<dir>',
    env: 'WTB_OUT',
    fileKey: 'out',
    fileForm: z.string().min(1).describe('folder for report files'),
    pathInFile: true,
    value: text,
    defaultText: RUN_DEFAULTS.out,
    help: 'folder for the report files',
    docNote: 'checked writable before measuring',
    commands: RUN_COMPARE_MERGE,
    kind: 'output',
    field: 'outDir',
  }),
  json: setting({
    flag: '--json',
    placeholder: null,
    env: null,
    fileKey: null,
    fileForm: null,
    value: switchValue,
    unset: false,
    help: 'print the JSON report to stdout (the table goes to stderr)',
    commands: RUN_COMPARE_MERGE,
    kind: 'output',
    field: 'jsonToStdout',
    notPrinted: true,
  }),
  quiet: setting({
    flag: '--quiet',
    short: '-q',
    placeholder: null,
    env: 'WTB_QUIET',
    fileKey: null,
    fileForm: null,
    value: switchValue,
    unset: false,
    help: 'print nothing but errors; the exit code and report files still tell the result',
    commands: RUN_COMPARE_MERGE,
    kind: 'output',
    field: 'quiet',
    notPrinted: true,
  }),
  config: setting({
    flag: '--config',
    placeholder: '<file>',
    env: null,
    fileKey: null,
    fileForm: null,
    value: null,
    help: 'config file (default: the nearest wasm-torch-bench.config.json, .wasmtorchbenchrc.json or package.json "wasm-torch-bench" key; or WTB_CONFIG)',
    docNote: 'see "Config file"',
    commands: RUN,
    kind: 'invocation',
    field: null,
  }),
  printConfig: setting({
    flag: '--print-config',
    placeholder: null,
    env: null,
    fileKey: null,
    fileForm: null,
    value: null,
    help: 'print the merged configuration and where each value came from, then exit without measuring',
    docNote: '`--json` for JSON',
    commands: RUN,
    kind: 'invocation',
    field: null,
  }),
  tag: setting({
    flag: '--tag',
    placeholder: '<list>',
    env: null,
    fileKey: null,
    fileForm: null,
    value: null,
    help: "measure only the config's models with one of these tags, e.g. --tag smoke,audio",
    commands: RUN,
    kind: 'invocation',
    field: null,
  }),
  shard: setting({
    flag: '--shard',
    placeholder: '<k/n>',
    // No config-file key: the index differs from machine to machine, so it belongs to the CI job.
    env: 'WTB_SHARD',
    fileKey: null,
    fileForm: null,
    value: shard,
    unset: null,
    help: 'measure only the k-th of n parts of the plan, e.g. 2/4 on the second of four CI machines; join the reports with merge (or WTB_SHARD)',
    docNote: 'see "Sharding"',
    commands: RUN,
    kind: 'measurement',
    field: 'shard',
  }),
  list: setting({
    flag: '--list',
    placeholder: null,
    env: null,
    fileKey: null,
    fileForm: null,
    value: null,
    help: "print the trials the plan (or --shard's part of it) holds, then exit without measuring (--json for JSON)",
    commands: RUN,
    kind: 'invocation',
    field: null,
  }),
  runtime: setting({
    flag: '--runtime',
    placeholder: '<list>',
    env: 'WTB_RUNTIME',
    fileKey: 'runtimes',
    fileForm: runtimeListForm,
    value: runtimes,
    defaultText: RUN_DEFAULTS.runtime,
    help: 'comma-separated runtimes: node-wasm, chrome-wasm, node-native, or all',
    docNote: 'a default one that cannot start is skipped, a named one is an error',
    commands: RUN,
    kind: 'measurement',
    field: 'runtimes',
  }),
  browserPath: setting({
    flag: '--browser-path',
    placeholder: '<path>',
    env: 'WTB_BROWSER_PATH',
    fileKey: 'browserPath',
    fileForm: z.string().min(1).describe('Chrome/Chromium executable for chrome-wasm'),
    pathInFile: true,
    value: text,
    unset: null,
    help: 'Chrome/Chromium executable for chrome-wasm (else WTB_CHROME_PATH, else the usual install paths)',
    commands: RUN,
    kind: 'measurement',
    field: 'browserPath',
  }),
  browserWsEndpoint: setting({
    flag: '--browser-ws-endpoint',
    placeholder: '<url>',
    env: 'WTB_BROWSER_WS_ENDPOINT',
    fileKey: 'browserWsEndpoint',
    fileForm: z
      .url({ protocol: /^wss?$/, error: 'expected the DevTools address of a running browser: ws:// or wss://, e.g. "ws://127.0.0.1:9222/devtools/browser/<id>"' })
      .describe('connect to a running browser instead of launching one'),
    value: wsEndpoint,
    unset: null,
    help: 'connect to a running browser (ws://…/devtools/browser/…) instead of launching one',
    commands: RUN,
    kind: 'measurement',
    field: 'browserWsEndpoint',
  }),
  runtimeAdapter: setting({
    flag: '--runtime-adapter',
    placeholder: '<module>',
    env: 'WTB_RUNTIME_ADAPTER',
    fileKey: 'runtimeAdapter',
    fileForm: z.string().min(1).describe('a runtime adapter module (ESM) run in place of onnxruntime-web on node-wasm and chrome-wasm, e.g. "examples/dense-wasm/adapter.mjs"'),
    pathInFile: true,
    value: text,
    unset: null,
    help: 'run the models with this runtime adapter (an ESM module exporting load, inputs, run) in place of onnxruntime-web, on node-wasm and chrome-wasm',
    docNote: 'see "Bring your own WebAssembly runtime"',
    commands: RUN,
    kind: 'measurement',
    field: 'runtimeAdapter',
  }),
  loadRuns: setting({
    flag: '--load-runs',
    placeholder: '<n>',
    env: 'WTB_LOAD_RUNS',
    fileKey: 'loadRuns',
    fileForm: positiveIntForm.describe('minimum cold loads, each in a fresh worker'),
    value: wholeNumber({ min: 1, sample: RUN_DEFAULTS.loadRuns }),
    defaultText: String(RUN_DEFAULTS.loadRuns),
    help: 'minimum cold loads, each in a fresh worker (process or browser context)',
    commands: RUN,
    kind: 'measurement',
    field: 'loadRuns',
  }),
  maxLoadRuns: setting({
    flag: '--max-load-runs',
    placeholder: '<n>',
    env: 'WTB_MAX_LOAD_RUNS',
    fileKey: 'maxLoadRuns',
    fileForm: positiveIntForm.describe('more cold loads while a load check is inconclusive, up to this many'),
    value: wholeNumber({ min: 1, sample: RUN_DEFAULTS.maxLoadRuns }),
    defaultText: String(RUN_DEFAULTS.maxLoadRuns),
    help: 'more cold loads while a load check is inconclusive, up to this many',
    commands: RUN,
    kind: 'measurement',
    field: 'maxLoadRuns',
  }),
  warmup: setting({
    flag: '--warmup',
    placeholder: '<n|auto>',
    env: 'WTB_WARMUP',
    fileKey: 'warmup',
    fileForm: z.union([z.literal('auto'), z.number().int().min(0)], { error: 'expected "auto" or a whole number of warm-up runs' }).describe('warm-up runs, or "auto"'),
    value: warmupRuns,
    defaultText: RUN_DEFAULTS.warmup,
    help: 'warm-up runs before timing (reported, excluded); auto: until the rolling median settles',
    docNote: "auto also waits (node-wasm, 1 thread) until the engine's background compilers are idle",
    commands: RUN,
    kind: 'measurement',
    field: 'warmup',
  }),
  iterations: setting({
    flag: '--iterations',
    placeholder: '<n>',
    env: 'WTB_ITERATIONS',
    fileKey: 'iterations',
    fileForm: positiveIntForm.describe('minimum timed runs'),
    value: wholeNumber({ min: 1, sample: RUN_DEFAULTS.iterations }),
    defaultText: String(RUN_DEFAULTS.iterations),
    help: 'minimum timed runs',
    commands: RUN,
    kind: 'measurement',
    field: 'iterations',
  }),
  repeat: setting({
    flag: '--repeat',
    placeholder: '<n>',
    env: 'WTB_REPEAT',
    fileKey: 'repeat',
    fileForm: z.number().int().min(1).max(20).describe('inference phases, each in a fresh worker'),
    value: wholeNumber({ min: 1, max: 20, sample: 1 }),
    defaultText: '1',
    defaultInHelp: true,
    help: `inference phases, each in a fresh worker: their spread is the run-to-run noise a baseline gate allows for (default 1; ${RUN_DEFAULTS.baselineRepeat} with --baseline or --save-baseline)`,
    docNote: 'the runs share `--iterations` and `--min-time`; at least 4 a side bound the noise',
    commands: RUN,
    kind: 'measurement',
    field: 'repeat',
  }),
  minTime: setting({
    flag: '--min-time',
    placeholder: '<duration>',
    env: 'WTB_MIN_TIME',
    fileKey: 'minTime',
    fileForm: durationForm,
    value: durationMs({ allowZero: true }),
    defaultText: '1s',
    help: 'minimum time spent on timed runs',
    commands: RUN,
    kind: 'measurement',
    field: 'minTimeMs',
  }),
  maxTime: setting({
    flag: '--max-time',
    placeholder: '<duration>',
    env: 'WTB_MAX_TIME',
    fileKey: 'maxTime',
    fileForm: durationForm,
    value: durationMs({ allowZero: false }),
    defaultText: '60s',
    help: 'timed runs continue while a check is inconclusive, up to this long',
    commands: RUN,
    kind: 'measurement',
    field: 'maxTimeMs',
  }),
  confidence: setting({
    flag: '--confidence',
    placeholder: '<level>',
    env: 'WTB_CONFIDENCE',
    fileKey: 'confidence',
    fileForm: z
      .union(
        [
          z.number().min(0.5).lt(1),
          z
            .string()
            .regex(/^\s*\d+(\.\d+)?\s*%\s*$/, 'a percentage such as "95%"')
            .refine((given) => parseFloat(given) >= 50 && parseFloat(given) < 100, 'a level from 50 % up to, not including, 100 %, e.g. "95%"'),
        ],
        { error: 'expected a confidence level: a fraction from 0.5 up to 1 (0.95) or a percentage ("95%")' },
      )
      .describe('confidence of every interval and verdict: 0.95 or "95%"'),
    value: confidenceLevel,
    defaultText: '95%',
    help: 'confidence of every interval and verdict, e.g. 95% or 0.99',
    commands: RUN,
    kind: 'measurement',
    field: 'confidence',
  }),
  inconclusive: setting({
    flag: '--inconclusive',
    placeholder: '<policy>',
    env: 'WTB_INCONCLUSIVE',
    fileKey: 'inconclusive',
    fileForm: choice(['fail', 'warn', 'pass']),
    value: oneOf(['fail', 'warn', 'pass'] as const),
    defaultText: RUN_DEFAULTS.inconclusive,
    help: 'what an undecided error-level check does to the exit code: fail | warn | pass',
    commands: RUN,
    kind: 'measurement',
    field: 'inconclusive',
  }),
  checkFinite: setting({
    flag: '--check-finite',
    placeholder: null,
    env: 'WTB_CHECK_FINITE',
    fileKey: 'checkFinite',
    fileForm: z.boolean(),
    value: switchValue,
    unset: false,
    help: 'count a run whose outputs hold NaN or Infinity as failed',
    commands: RUN,
    kind: 'measurement',
    field: 'checkFinite',
  }),
  timeout: setting({
    flag: '--timeout',
    placeholder: '<duration>',
    env: 'WTB_TIMEOUT',
    fileKey: 'timeout',
    fileForm: durationForm.describe('kill a worker that takes longer than this (plus maxTime for the inference worker)'),
    value: durationMs({ allowZero: false }),
    defaultText: '2m',
    help: 'kill a worker that takes longer than this (plus --max-time for the inference worker)',
    commands: RUN,
    kind: 'measurement',
    field: 'timeoutMs',
  }),
  memoryLimit: setting({
    flag: '--memory-limit',
    placeholder: '<size>',
    env: 'WTB_MEMORY_LIMIT',
    fileKey: 'memoryLimit',
    fileForm: z
      .union([z.number().int().positive().describe('bytes'), unitString(parseSizeBytes, 'a size with a unit: B, kB, MB, GB, KiB, MiB or GiB, e.g. "2GiB"')], {
        error: 'expected a size: a string with a unit such as "512MB" or "2GiB", or a number of bytes',
      })
      .describe('kill a worker (Node process or Chrome renderer) whose resident memory exceeds this, e.g. "2GiB"; its row is an OUT_OF_MEMORY error'),
    value: memoryLimitBytes,
    unset: null,
    help: 'kill a worker (Node process or Chrome renderer) whose resident memory exceeds this, e.g. 2GiB (its row is an OUT_OF_MEMORY error)',
    docNote: 'see "Error codes"',
    commands: RUN,
    kind: 'measurement',
    field: 'memoryLimitBytes',
  }),
  threads: setting({
    flag: '--threads',
    placeholder: '<list>',
    env: 'WTB_THREADS',
    fileKey: 'threads',
    fileForm: threadsListForm,
    value: threadCounts,
    defaultText: RUN_DEFAULTS.threads,
    help: 'threads per runtime; a list sweeps, each setting its own row, e.g. 1,2,4',
    docNote: 'wasm threads; intra-op threads for node-native',
    commands: RUN,
    kind: 'measurement',
    field: 'threads',
  }),
  atol: setting({
    flag: '--atol',
    placeholder: '<x>',
    env: 'WTB_ATOL',
    fileKey: 'atol',
    fileForm: z.number().min(0),
    value: tolerance(RUN_DEFAULTS.atol),
    defaultText: String(RUN_DEFAULTS.atol),
    help: 'output parity: absolute tolerance per element',
    commands: RUN,
    kind: 'measurement',
    field: 'atol',
  }),
  rtol: setting({
    flag: '--rtol',
    placeholder: '<x>',
    env: 'WTB_RTOL',
    fileKey: 'rtol',
    fileForm: z.number().min(0),
    value: tolerance(RUN_DEFAULTS.rtol),
    defaultText: String(RUN_DEFAULTS.rtol),
    help: 'output parity: relative tolerance per element (|Δ| ≤ atol + rtol·|reference| agrees)',
    commands: RUN,
    kind: 'measurement',
    field: 'rtol',
  }),
  parity: setting({
    flag: '--parity',
    placeholder: '<level>',
    env: 'WTB_PARITY',
    fileKey: 'parity',
    fileForm: LEVEL,
    value: oneOf(['off', 'warn', 'error'] as const),
    defaultText: RUN_DEFAULTS.parity,
    help: 'level of the output parity check: off | warn | error',
    commands: RUN,
    kind: 'measurement',
    field: 'parityLevel',
  }),
  seed: setting({
    flag: '--seed',
    placeholder: '<n>',
    env: 'WTB_SEED',
    fileKey: 'seed',
    fileForm: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1),
    value: wholeNumber({ min: 0, max: 2 ** 32 - 1, sample: RUN_DEFAULTS.seed }),
    defaultText: String(RUN_DEFAULTS.seed),
    help: 'seed of the generated input values',
    commands: RUN,
    kind: 'measurement',
    field: 'seed',
  }),
  inputShape: setting({
    flag: '--input-shape',
    placeholder: '<name=dims>',
    repeatable: true,
    // A config file sets inputs per model ("inputs" of a model entry).
    env: null,
    fileKey: null,
    fileForm: null,
    value: inputShapes,
    unset: {},
    help: 'shape of an input with dynamic dims, e.g. input=1,3,224,224 (repeatable)',
    docNote: '`name=[]` for a scalar',
    commands: RUN,
    kind: 'measurement',
    field: 'inputShapes',
    originKey: 'inputs',
    notPrinted: true,
  }),
  inputValue: setting({
    flag: '--input-value',
    placeholder: '<name=number>',
    repeatable: true,
    env: null,
    fileKey: null,
    fileForm: null,
    value: inputValues,
    unset: {},
    help: 'fill an input with a constant instead of random values, e.g. sr=16000 (repeatable)',
    commands: RUN,
    kind: 'measurement',
    field: 'inputValues',
    originKey: 'inputs',
    notPrinted: true,
  }),
  kpi: setting({
    flag: '--kpi',
    placeholder: '<metric=value>',
    repeatable: true,
    env: 'WTB_KPI',
    fileKey: 'kpis',
    fileForm: kpiTableForm,
    value: kpiThresholds,
    unset: [],
    mergesAcrossLayers: true,
    help: 'set a KPI threshold, e.g. inference.p99=50ms (repeatable)',
    docNote: '`<` works in place of `=`; tables merge metric by metric across layers',
    commands: RUN,
    kind: 'measurement',
    field: 'kpis',
  }),
  kpiLevel: setting({
    flag: '--kpi-level',
    placeholder: '<metric=level>',
    repeatable: true,
    env: 'WTB_KPI_LEVEL',
    fileKey: 'kpis',
    fileForm: null,
    value: kpiLevels,
    unset: [],
    mergesAcrossLayers: true,
    help: 'off | warn | error for a KPI, e.g. memory.peak=warn (repeatable)',
    docNote: "a level needs a threshold: a default KPI's or one set with `--kpi`",
    commands: RUN,
    kind: 'measurement',
    field: null,
    partOf: 'kpi',
  }),
  baseline: setting({
    flag: '--baseline',
    placeholder: '<file>',
    env: 'WTB_BASELINE',
    fileKey: 'baseline',
    fileForm: z.string().min(1).describe('compare with this baseline (or run report)'),
    pathInFile: true,
    value: text,
    unset: null,
    help: 'compare with a baseline (or a wasm-torch-bench.json) and add regression checks',
    commands: RUN,
    kind: 'measurement',
    field: 'baselineFile',
  }),
  saveBaseline: setting({
    flag: '--save-baseline',
    placeholder: '<file>',
    env: 'WTB_SAVE_BASELINE',
    fileKey: 'saveBaseline',
    fileForm: z.string().min(1).describe("write this run's baseline here"),
    pathInFile: true,
    value: text,
    unset: null,
    help: "write this run's baseline, to compare later runs with",
    commands: RUN,
    kind: 'output',
    field: 'saveBaselineFile',
  }),
  maxRegression: setting({
    flag: '--max-regression',
    placeholder: '<value>',
    repeatable: true,
    env: 'WTB_MAX_REGRESSION',
    fileKey: 'maxRegression',
    fileForm: maxRegressionForm,
    value: regressionRatios,
    unset: [],
    mergesAcrossLayers: true,
    help: 'largest allowed slowdown against the baseline: 10% for every metric, or inference.p99=20% for one (repeatable)',
    docNote: 'default 10% for every metric',
    commands: RUN,
    kind: 'measurement',
    field: 'regressions',
  }),
  regressionLevel: setting({
    flag: '--regression-level',
    placeholder: '<metric=level>',
    repeatable: true,
    env: 'WTB_REGRESSION_LEVEL',
    fileKey: 'regressionLevels',
    fileForm: regressionLevelsForm,
    value: regressionLevels,
    unset: [],
    mergesAcrossLayers: true,
    help: 'off | warn | error for a regression check, e.g. memory.peak=warn (repeatable)',
    docNote: 'default error (load.p95: warn)',
    commands: RUN,
    kind: 'measurement',
    field: null,
    partOf: 'maxRegression',
  }),
  strict: setting({
    flag: '--strict',
    placeholder: null,
    env: 'WTB_STRICT',
    fileKey: 'strict',
    fileForm: z.boolean().describe('a mismatched baseline is an error, not a warning'),
    value: switchValue,
    unset: false,
    help: 'refuse a baseline from another machine, runtime version, model or thread setting (exit 2) instead of warning',
    commands: RUN,
    kind: 'measurement',
    field: 'strictBaseline',
  }),
  pushGateway: setting({
    flag: '--push-gateway',
    placeholder: '<url>',
    env: 'WTB_PUSH_GATEWAY',
    fileKey: 'pushGateway',
    fileForm: httpUrlForm.describe('push the metrics to this Prometheus Pushgateway, e.g. "http://localhost:9091"'),
    value: httpUrl('http://localhost:9091'),
    unset: null,
    help: "push the metrics to a Prometheus Pushgateway, e.g. http://localhost:9091 (replaces the job's group)",
    commands: RUN,
    kind: 'output',
    field: 'pushGateway',
  }),
  pushJob: setting({
    flag: '--push-job',
    placeholder: '<name>',
    env: 'WTB_PUSH_JOB',
    fileKey: 'pushJob',
    fileForm: z.string().min(1).describe('job label of the pushed group (default "wasm-torch-bench")'),
    value: text,
    unset: null,
    help: `job label of the pushed group (default "${DEFAULT_PUSH_JOB}")`,
    commands: RUN,
    kind: 'output',
    field: null,
    partOf: 'pushGateway',
  }),
  pushLabel: setting({
    flag: '--push-label',
    placeholder: '<name=value>',
    repeatable: true,
    env: 'WTB_PUSH_LABEL',
    fileKey: 'pushLabels',
    fileForm: z.record(z.string().min(1), z.string().min(1)).describe('grouping labels of the pushed group, e.g. { "branch": "main" }'),
    value: namedValues('branch=main', 'label'),
    unset: [],
    help: 'grouping label of the pushed group, e.g. branch=main (repeatable)',
    commands: RUN,
    kind: 'output',
    field: null,
    partOf: 'pushGateway',
  }),
  otlpEndpoint: setting({
    flag: '--otlp-endpoint',
    placeholder: '<url>',
    env: 'WTB_OTLP_ENDPOINT',
    fileKey: 'otlpEndpoint',
    fileForm: httpUrlForm.describe('export the metrics over OTLP/HTTP to this collector, e.g. "http://localhost:4318"'),
    value: httpUrl('http://localhost:4318'),
    unset: null,
    help: 'export the metrics over OTLP/HTTP, e.g. http://localhost:4318 (/v1/metrics is added)',
    commands: RUN,
    kind: 'output',
    field: 'otlp',
  }),
  otlpHeader: setting({
    flag: '--otlp-header',
    placeholder: '<name=value>',
    repeatable: true,
    env: 'WTB_OTLP_HEADER',
    fileKey: 'otlpHeaders',
    fileForm: z.record(z.string().min(1), z.string().min(1)).describe('HTTP headers for the OTLP export, e.g. { "authorization": "Bearer <token>" }'),
    value: namedValues('authorization=Bearer <token>', 'header'),
    unset: [],
    help: 'HTTP header for the OTLP export, e.g. authorization=Bearer <token> (repeatable)',
    commands: RUN,
    kind: 'output',
    field: null,
    partOf: 'otlpEndpoint',
  }),
};

export type SettingsTable = typeof SETTINGS;
export type SettingKey = keyof SettingsTable;

/** Keys whose rows have a value: the settings a run resolves (invocation rows are the command's own). */
export type ResolvableKey = { [Key in SettingKey]: SettingsTable[Key]['value'] extends z.ZodType ? Key : never }[SettingKey];

/** A setting's typed value. */
export type SettingValue<Key extends ResolvableKey> = z.output<NonNullable<SettingsTable[Key]['value']>>;

/** Every row, with its key, in table order. */
export const SETTING_ROWS: readonly (SettingRow & { key: SettingKey })[] = Object.entries(SETTINGS).map(([key, row]) => ({ key: key as SettingKey, ...(row as SettingRow) }));

/** The options as commander hands them over: strings, string lists for repeatable flags, booleans for switches. */
export type RawRunOptions = {
  [Key in SettingKey]?: SettingsTable[Key] extends { repeatable: true } ? string[] : SettingsTable[Key]['placeholder'] extends null ? boolean : string;
};

/** Rows whose `unset` value is not of their value's type (none: checked when this compiles). */
type UnsetOfWrongType = {
  [Key in ResolvableKey]: SettingsTable[Key] extends { unset: infer Unset } ? (Unset extends Readonly<SettingValue<Key>> | null ? never : Key) : never;
}[ResolvableKey];
export const UNSET_VALUES_TYPED: [UnsetOfWrongType] extends [never] ? true : UnsetOfWrongType = true;
