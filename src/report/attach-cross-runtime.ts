/** The gate's cross-runtime judgements put into the rows: comparison, parity, the parity check and the verdict it moves. */
import { judgeAcrossRuntimes, type CrossRuntimeSettings } from '../gate/cross-runtime.js';
import { trialVerdict } from '../gate/evaluate-checks.js';
import type { OutputSnapshot } from '../gate/output-parity.js';
import type { TrialResult } from './schema.js';

/** A result with the outputs its runtime produced (outputs never enter the report). */
export interface ResultWithOutputs {
  result: TrialResult;
  outputs: OutputSnapshot[] | null;
  outputsNote: string | null;
}

/** Adds `comparison`, `parity` and the parity check to each measured row; rows of other models are independent. */
export function attachCrossRuntime(rows: readonly ResultWithOutputs[], settings: CrossRuntimeSettings): TrialResult[] {
  const judgements = judgeAcrossRuntimes(rows, settings);
  return rows.map(({ result }, index) => {
    const judged = judgements[index];
    if (!judged) return result;
    if (!judged.parityCheck) return { ...result, comparison: judged.comparison };
    const checks = [...result.checks, judged.parityCheck];
    return { ...result, comparison: judged.comparison, parity: judged.parity, checks, verdict: trialVerdict('ok', checks) };
  });
}
