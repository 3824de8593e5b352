/**
 * Library entry point. The CLI is a thin layer over these; nothing here prints or exits.
 */
export { run, defineConfig, type RunOptions, type WasmTorchBenchConfig } from './api.js';
export { runBenchmark, type RunHooks } from './run.js';
export { writeReports } from './write-reports.js';
export { mergeReports, mergeReportFiles, type ShardInput } from './merge/merge-reports.js';
export { resolveRunConfig, type RawRunOptions } from './config/run-config.js';
export { RUN_DEFAULTS } from './config/run-defaults.js';
export type { RunConfig, MeasurementSettings, OutputSettings } from './config/run-config-schema.js';
export { resolveConfig, type ConfigLayers, type ResolvedConfig } from './config/resolve-config.js';
export { loadConfigFile, validateConfig } from './config/load-config-file.js';
export { fileConfigSchema } from './config/file-schema.js';
export { loadModelInfo } from './plan/model-info.js';
export { renderJson } from './reporters/json.js';
export { renderJunit } from './reporters/junit.js';
export { renderTable } from './reporters/table.js';
export { renderMarkdown } from './reporters/markdown.js';
export { renderHtml } from './reporters/html/render-html.js';
export { renderPrometheus } from './reporters/prometheus.js';
export { FILE_REPORTERS } from './reporters/registry.js';
export type { RuntimeAdapter, AdapterTensor, AdapterOptions, TensorDescription } from './harness/runtime-adapter.js';
export { DEFAULT_KPIS, METRICS } from './metrics.js';
export { ERROR_CODES, WtbError, InputError, RuntimeFailure, UsageError, exitCodeForErrorCode, type ErrorCode } from './errors.js';
export { REPORT_SCHEMA_VERSION, runReportSchema, type RunReport, type TrialResult, type CheckRecord } from './report/schema.js';
export type { ModelInfo, ModelSpec, KpiSpec, RuntimeName, ReporterName, ProgressEvent } from './types.js';
