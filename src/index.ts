/**
 * Library entry point. The CLI is a thin layer over these; nothing here prints or exits.
 */
export { runBenchmark, type RunHooks } from './run.js';
export { writeReports } from './write-reports.js';
export { resolveRunConfig, RUN_DEFAULTS, type RawRunOptions } from './config/run-config.js';
export { loadModelInfo } from './plan/model-info.js';
export { renderJson } from './reporters/json.js';
export { renderJunit } from './reporters/junit.js';
export { renderTable } from './reporters/table.js';
export { DEFAULT_KPIS, METRICS } from './metrics.js';
export { WtbError, InputError, RuntimeFailure, UsageError, type ErrorCode } from './errors.js';
export { REPORT_SCHEMA_VERSION, runReportSchema, type RunReport, type TrialResult, type CheckRecord } from './report/schema.js';
export type { RunConfig, ModelInfo, KpiSpec, RuntimeName, ReporterName, ProgressEvent } from './types.js';
