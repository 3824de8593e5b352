/** Whole RunReports for reporter tests, built from a real run (fixtures/reports/). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { evaluateChecks } from '../../src/gate/evaluate-checks.js';
import { runReportSchema, type RunReport, type TrialResult } from '../../src/report/schema.js';
import { REPO_ROOT } from './fixtures.js';

const FIXTURE = path.join(REPO_ROOT, 'fixtures/reports/three-runtimes-with-baseline.json');

/** A fresh, validated copy of the fixture report: 2 models × node-wasm, chrome-wasm, node-native. */
export function reportFixture(): RunReport {
  return runReportSchema.parse(JSON.parse(readFileSync(FIXTURE, 'utf8')));
}

export function findRow(report: RunReport, modelName: string, runtime: string): TrialResult {
  const row = report.results.find((result) => result.model.name === modelName && result.runtime === runtime);
  if (!row) throw new Error(`no ${modelName} on ${runtime} in the fixture`);
  return row;
}

/** A row as the report builder writes a trial that could not be measured. */
export function erroredRow(row: TrialResult, report: RunReport, error: { code: string; message: string }): TrialResult {
  const checks = evaluateChecks(report.settings.kpis, null, report.settings.confidence).map((check) => ({ ...check, message: `${check.message}: ${error.code}` }));
  return {
    ...row,
    runtimeVersion: null,
    threads: { requested: row.threads.requested, used: null },
    status: 'error',
    skipReason: null,
    crossOriginIsolated: null,
    wasmModule: null,
    load: null,
    firstInferenceMs: null,
    inference: null,
    memory: null,
    clockResolutionMs: null,
    comparison: null,
    baseline: null,
    parity: null,
    checks,
    verdict: 'error',
    error,
    warnings: [],
  };
}

/** A row as the report builder writes a default runtime that cannot start here. */
export function skippedRow(row: TrialResult, report: RunReport, reason: string): TrialResult {
  const failed = erroredRow(row, report, { code: 'RUNTIME_UNAVAILABLE', message: reason });
  return {
    ...failed,
    status: 'skipped',
    skipReason: reason,
    checks: failed.checks.map((check) => ({ ...check, verdict: 'skipped' as const, message: `${check.id}: skipped, ${reason}` })),
    verdict: 'skipped',
    error: null,
  };
}
