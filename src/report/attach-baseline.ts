/**
 * The gate's regression judgements put into the rows and the report: each measured row's baseline
 * entry found, its samples handed to the gate, and the ratios, checks and warnings it returns
 * attached. `compare` re-judges a saved report the same way.
 */
import type { Baseline, BaselineEntry } from '../baseline/document.js';
import { environmentDifferences } from '../baseline/environment-differences.js';
import { findEntry, rowDifferences } from '../baseline/find-entry.js';
import { loadSamples } from '../baseline/sample-store.js';
import { trialVerdict } from '../gate/evaluate-checks.js';
import { judgeAgainstBaseline, type BaselineSamples, type BaselineSettings } from '../gate/regression-checks.js';
import { exitCodeFor, runVerdict } from '../gate/run-verdict.js';
import type { RunReport, TrialResult } from './schema.js';

export interface BaselineRef {
  file: string;
  document: Baseline;
}

function baselineSamples(entry: BaselineEntry): BaselineSamples {
  return {
    loadSortedMs: loadSamples(entry.load),
    inferenceSortedMs: loadSamples(entry.inference),
    inferenceWorkerMediansMs: entry.inferenceWorkerMediansMs,
    inferenceWorkerP99sMs: entry.inferenceWorkerP99sMs ?? [],
    memoryPeakBytes: entry.memoryPeakBytes,
  };
}

/** Adds `baseline` and the regression checks to each measured row that has a baseline entry. */
export function attachBaseline(results: readonly TrialResult[], baseline: Baseline, settings: BaselineSettings): TrialResult[] {
  return results.map((result) => {
    if (result.status !== 'ok') return result;
    const entry = findEntry(baseline, { model: result.model, variant: result.variant, runtime: result.runtime, threads: result.threads.requested });
    if (!entry) {
      return { ...result, warnings: [...result.warnings, `the baseline has no ${result.runtime} entry for ${result.model.name}; no regression checks`] };
    }
    const judged = judgeAgainstBaseline(result, baselineSamples(entry), settings);
    const differences = rowDifferences(entry, { sha256: result.model.sha256, runtimeVersion: result.runtimeVersion, threads: result.threads.requested });
    const checks = [...result.checks, ...judged.checks];
    return {
      ...result,
      baseline: {
        reference: { createdAt: baseline.createdAt, runtime: entry.runtime, runtimeVersion: entry.runtimeVersion, threads: entry.threads, sha256: entry.model.sha256 },
        ratios: judged.ratios,
        differences,
        runNoise: judged.runNoise,
      },
      checks,
      verdict: trialVerdict('ok', checks),
      warnings: [...result.warnings, ...differences.map((difference) => `baseline differs: ${difference}`)],
    };
  });
}

/**
 * The report compared with a baseline: any earlier comparison is replaced by this one (so
 * `compare` can re-judge a report), then the verdict and exit code follow the new checks.
 */
export function applyBaseline(report: RunReport, baseline: BaselineRef, settings: BaselineSettings): RunReport {
  const cleared = report.results.map((result) => {
    const checks = result.checks.filter((check) => !check.id.startsWith('regression.'));
    const warnings = result.warnings.filter((warning) => !warning.startsWith('baseline differs: ') && !warning.startsWith('the baseline has no '));
    return { ...result, baseline: null, checks, warnings, verdict: result.status === 'ok' ? trialVerdict('ok', checks) : result.verdict };
  });
  const results = attachBaseline(cleared, baseline.document, settings);
  return {
    ...report,
    baseline: {
      file: baseline.file,
      createdAt: baseline.document.createdAt,
      toolVersion: baseline.document.tool.version,
      differences: environmentDifferences(baseline.document.environment, report.environment),
    },
    verdict: runVerdict(results),
    exitCode: exitCodeFor(results, report.settings.inconclusive),
    results,
  };
}
