/** Assembles the A/B report from what each runtime measured and the gate's judgement of it. */
import type { InferenceBlock, LoadBlock } from '../gate/ab-judge.js';
import { judgeAbRow, type AbSettings } from '../gate/judge-ab.js';
import { exitCodeFor, runVerdict } from '../gate/run-verdict.js';
import type { InconclusivePolicy, PairedSideFacts } from '../types.js';
import type { AbReport, AbRow } from './ab-schema.js';

/** What one runtime measured of both sides (runtimes' PairedMeasurement has this shape). */
export interface AbMeasured {
  loadBlocks: LoadBlock[];
  loadStopReason: 'decided' | 'max-time';
  inferenceBlocks: InferenceBlock[];
  inferenceStopReason: 'decided' | 'max-time';
  a: PairedSideFacts;
  b: PairedSideFacts;
  warnings: string[];
}

export type AbRowOutcome = { runtime: string; threads: number; sideThreads: { A: number; B: number } } & (
  | { kind: 'measured'; measured: AbMeasured }
  | { kind: 'failed'; code: string; message: string }
);

export type AbReportContext = Omit<AbReport, 'rows' | 'verdict' | 'exitCode' | 'settings'> & { settings: AbReport['settings'] };

function factsOf(side: PairedSideFacts) {
  const { outputs: _outputs, outputsNote: _note, ...facts } = side;
  return facts;
}

export function abRow(outcome: AbRowOutcome, settings: AbSettings): AbRow {
  const base = { runtime: outcome.runtime, threads: outcome.threads, sideThreads: outcome.sideThreads };
  if (outcome.kind === 'failed') {
    return {
      ...base,
      status: 'error',
      error: { code: outcome.code, message: outcome.message },
      loadBlocks: [],
      inferenceBlocks: [],
      stopReason: null,
      sides: null,
      checks: [],
      parity: null,
      parityCheck: null,
      verdict: 'error',
      warnings: [],
    };
  }
  const { measured } = outcome;
  const outputsNote = !measured.a.outputs
    ? `side A has no outputs: ${measured.a.outputsNote ?? 'unknown reason'}`
    : !measured.b.outputs
      ? `side B has no outputs: ${measured.b.outputsNote ?? 'unknown reason'}`
      : null;
  const judged = judgeAbRow({ loadBlocks: measured.loadBlocks, inferenceBlocks: measured.inferenceBlocks, aOutputs: measured.a.outputs, bOutputs: measured.b.outputs, outputsNote }, settings);
  return {
    ...base,
    status: 'ok',
    error: null,
    loadBlocks: measured.loadBlocks,
    inferenceBlocks: measured.inferenceBlocks,
    stopReason: { load: measured.loadStopReason, inference: measured.inferenceStopReason },
    sides: { A: factsOf(measured.a), B: factsOf(measured.b) },
    checks: judged.checks,
    parity: judged.parity ? { reference: { runtime: outcome.runtime, threads: outcome.threads }, atol: settings.atol, rtol: settings.rtol, outputs: judged.parity } : null,
    parityCheck: judged.parityCheck,
    verdict: judged.verdict,
    warnings: measured.warnings,
  };
}

export function buildAbReport(outcomes: readonly AbRowOutcome[], context: AbReportContext, inconclusive: InconclusivePolicy): AbReport {
  const { settings } = context;
  const abSettings: AbSettings = {
    confidence: settings.confidence,
    regressions: settings.regressions,
    parityLevel: settings.parityLevel,
    atol: settings.atol,
    rtol: settings.rtol,
  };
  const rows = outcomes.map((outcome) => abRow(outcome, abSettings));
  const judgedRows = rows.map((row) => ({ verdict: row.verdict, error: row.error }));
  return { ...context, rows, verdict: runVerdict(judgedRows), exitCode: exitCodeFor(judgedRows, inconclusive) };
}
