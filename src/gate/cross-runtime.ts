/**
 * What only several rows of one model can tell: each wasm runtime against the native reference
 * (ratios with intervals) and every runtime's outputs against a reference runtime's (parity, a
 * check of its own). The native reference is node-native at the row's own thread setting, else
 * at its first; the parity reference is that too when node-native ran, else the model's first
 * measured row (so one runtime swept over threads still compares ×2 with ×1).
 */
import { sortAscending } from '../stats/percentiles.js';
import { pointRatio, quantileRatioOrNull } from '../stats/ratio-interval.js';
import { REFERENCE_RUNTIME, type CheckLevel } from '../types.js';
import { compareOutputs, type OutputParity, type OutputSnapshot, type Tolerances } from './output-parity.js';
import type { CheckRecord, ComparisonRecord, ParityRecord } from './records.js';

/** What the cross-runtime judging reads of a row (a report's TrialResult has it). */
export interface CrossRuntimeRow {
  status: string;
  model: { path: string };
  variant: string | null;
  runtime: string;
  threads: { requested: number };
  load: { samplesMs: readonly number[] } | null;
  inference: { samplesMs: readonly number[] } | null;
  memory: { peakBytes: number | null } | null;
}

/** A row with the outputs its runtime produced (outputs never enter the report). */
export interface RowWithOutputs<Row extends CrossRuntimeRow = CrossRuntimeRow> {
  result: Row;
  outputs: OutputSnapshot[] | null;
  outputsNote: string | null;
}

/** What several rows of one model decide about one of them; parity and its check are null when it has no parity reference. */
export interface CrossRuntimeJudgement {
  comparison: ComparisonRecord | null;
  parity: ParityRecord | null;
  parityCheck: CheckRecord | null;
}

export interface CrossRuntimeSettings extends Tolerances {
  confidence: number;
  parityLevel: CheckLevel;
}

function preferSameThreads<T extends { result: CrossRuntimeRow }>(candidates: readonly T[], threads: number): T | null {
  return candidates.find((candidate) => candidate.result.threads.requested === threads) ?? candidates[0] ?? null;
}

function label(result: CrossRuntimeRow): string {
  return `${result.runtime} ×${result.threads.requested}`;
}

export function comparisonOf(result: CrossRuntimeRow, reference: CrossRuntimeRow, confidence: number): ComparisonRecord {
  const load = sortAscending(result.load?.samplesMs ?? []);
  const referenceLoad = sortAscending(reference.load?.samplesMs ?? []);
  const inference = sortAscending(result.inference?.samplesMs ?? []);
  const referenceInference = sortAscending(reference.inference?.samplesMs ?? []);
  return {
    reference: { runtime: reference.runtime, threads: reference.threads.requested },
    confidence,
    loadP95: quantileRatioOrNull(load, referenceLoad, 0.95, confidence),
    inferenceP50: quantileRatioOrNull(inference, referenceInference, 0.5, confidence),
    inferenceP99: quantileRatioOrNull(inference, referenceInference, 0.99, confidence),
    memoryPeak: pointRatio(result.memory?.peakBytes, reference.memory?.peakBytes),
  };
}

function formatValue(value: number | null): string {
  return value === null ? '—' : value.toPrecision(2);
}

function describeMismatch(output: OutputParity, tolerances: Tolerances): string {
  if (output.problem) return `output '${output.name}': ${output.problem}`;
  const where = output.worst ? `; worst ${output.name}[${output.worst.index.join(',')}]: ${output.worst.actual} vs ${output.worst.expected}` : '';
  const rule = output.comparison === 'exact' ? 'must be equal' : `beyond atol ${tolerances.atol} + rtol ${tolerances.rtol}·|ref|`;
  const nans = output.nanMismatches > 0 ? `, ${output.nanMismatches} with NaN on one side only` : '';
  return `${output.mismatches} of ${output.elements} elements of '${output.name}' disagree (${rule}${nans})${where}`;
}

function parityCheck(reference: CrossRuntimeRow, parity: OutputParity[] | null, note: string | null, settings: CrossRuntimeSettings): CheckRecord {
  return parityCheckAgainst(label(reference), parity, note, settings);
}

/** The parity check of outputs compared with those of `referenceName` (a runtime, or an A/B side). */
export function parityCheckAgainst(referenceName: string, parity: OutputParity[] | null, note: string | null, settings: Pick<CrossRuntimeSettings, 'atol' | 'rtol' | 'parityLevel'>): CheckRecord {
  const elements = parity?.reduce((sum, output) => sum + output.elements, 0) ?? 0;
  const mismatches = parity?.reduce((sum, output) => sum + output.mismatches, 0) ?? null;
  const base = {
    id: 'parity',
    metric: `output elements disagreeing with ${referenceName} on identical feeds`,
    operator: '<' as const,
    threshold: 1,
    actual: mismatches,
    unit: 'count' as const,
    n: elements,
    interval: null,
    method: 'point' as const,
    samplesNeeded: null,
    level: settings.parityLevel,
  };
  const name = `parity with ${referenceName}`;
  if (settings.parityLevel === 'off') return { ...base, verdict: 'skipped', message: `${name}: skipped (level off)` };
  if (!parity) return { ...base, verdict: 'skipped', message: `${name}: not compared, ${note ?? 'no outputs'}` };
  const disagreeing = parity.filter((output) => output.mismatches > 0);
  if (disagreeing.length === 0) {
    const maxAbs = Math.max(0, ...parity.map((output) => output.maxAbsDiff ?? 0));
    const maxRel = Math.max(0, ...parity.map((output) => output.maxRelDiff ?? 0));
    return {
      ...base,
      verdict: 'pass',
      message: `${name}: ${parity.length} output${parity.length === 1 ? '' : 's'}, ${elements} elements agree (max |Δ| ${formatValue(maxAbs)}, max rel ${formatValue(maxRel)}; atol ${settings.atol}, rtol ${settings.rtol})`,
    };
  }
  return { ...base, verdict: 'fail', message: `${name}: ${disagreeing.map((output) => describeMismatch(output, settings)).join('; ')}` };
}

function parityOf(row: RowWithOutputs, reference: RowWithOutputs, settings: CrossRuntimeSettings): { record: ParityRecord | null; check: CheckRecord } {
  const note = !reference.outputs ? `the reference ${label(reference.result)} has no outputs: ${reference.outputsNote ?? 'unknown reason'}` : !row.outputs ? (row.outputsNote ?? 'no outputs') : null;
  const outputs = reference.outputs && row.outputs ? compareOutputs(reference.outputs, row.outputs, settings) : null;
  return {
    record: outputs ? { reference: { runtime: reference.result.runtime, threads: reference.result.threads.requested }, atol: settings.atol, rtol: settings.rtol, outputs } : null,
    check: parityCheck(reference.result, outputs, note, settings),
  };
}

/**
 * Each row's comparison with the native reference and parity with its parity reference; null for
 * a row not measured. Rows of other models are independent.
 */
export function judgeAcrossRuntimes(rows: readonly RowWithOutputs[], settings: CrossRuntimeSettings): (CrossRuntimeJudgement | null)[] {
  return rows.map((row) => {
    const { result } = row;
    if (result.status !== 'ok') return null;
    const siblings = rows.filter((other) => other.result.status === 'ok' && other.result.model.path === result.model.path && other.result.variant === result.variant);
    const natives = siblings.filter((other) => other.result.runtime === REFERENCE_RUNTIME);
    const nativeReference = result.runtime === REFERENCE_RUNTIME ? null : preferSameThreads(natives, result.threads.requested);
    const comparison = nativeReference ? comparisonOf(result, nativeReference.result, settings.confidence) : null;

    const parityReference = natives.length > 0 ? preferSameThreads(natives, result.threads.requested) : (siblings[0] ?? null);
    if (siblings.length < 2 || !parityReference || parityReference === row) return { comparison, parity: null, parityCheck: null };
    const { record, check } = parityOf(row, parityReference, settings);
    return { comparison, parity: record, parityCheck: check };
  });
}
