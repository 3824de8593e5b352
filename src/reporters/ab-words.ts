/**
 * How every A/B reporter words a check: B / A as a signed percent with its interval, the outcome,
 * the check's name, a side and a runtime row. Pure formatting of the A/B report.
 */
import { formatConfidence, formatMs } from '../format.js';
import type { AbReport, AbRow } from '../report/ab-schema.js';

export type AbCheck = AbRow['checks'][number];
export type AbSide = AbReport['sides']['A'];

/** 1.072 → "+7.2 %", 0.979 → "−2.1 %" (a true minus sign, as the checks' messages write it), 1.0001 → "±0.0 %". */
export function signedPercent(ratio: number): string {
  const percent = (ratio - 1) * 100;
  const shown = Math.abs(percent).toFixed(1);
  const sign = Number(shown) === 0 ? '±' : percent > 0 ? '+' : '−';
  return `${sign}${shown} %`;
}

/** "[+5.1 %, +9.4 %]"; "—" for a side too few blocks bound. */
export function intervalText(interval: AbCheck['interval']): string {
  if (!interval) return '[—, —]';
  const side = (ratio: number | null) => (ratio === null ? '—' : signedPercent(ratio));
  return `[${side(interval.low)}, ${side(interval.high)}]`;
}

/** "+7.2 % [+5.1 %, +9.4 %]", or "—" without paired blocks. */
export function changeText(check: AbCheck): string {
  return check.ratio === null ? '—' : `${signedPercent(check.ratio)} ${intervalText(check.interval)}`;
}

/** "±5 %" (one decimal under 1 %). */
export function toleranceText(tolerance: number): string {
  const percent = tolerance * 100;
  return `±${Number(percent.toFixed(percent < 1 ? 1 : 0))} %`;
}

export function confidenceText(report: AbReport): string {
  return formatConfidence(report.settings.confidence);
}

/** "inference P50", from the check's own words ("inference P50 of B over A"). */
export function metricWords(check: AbCheck): string {
  return check.metric.replace(/ of B over A$/, '');
}

/** "inference.p50", the id without its "ab." prefix. */
export function metricId(check: AbCheck): string {
  return check.id.replace(/^ab\./, '');
}

/** "ab inference.p50 B/A < 1.05": what the check asserts, as a test name. */
export function checkSubject(check: AbCheck): string {
  return `ab ${metricId(check)} B/A < ${Number((1 + check.tolerance).toFixed(4))}`;
}

function isMemory(check: AbCheck): boolean {
  return check.id === 'ab.memory.peak';
}

/** SLOWER / FASTER / SAME / UNSURE; memory is LARGER / SMALLER. */
export function outcomeWord(check: AbCheck): string {
  switch (check.outcome) {
    case 'slower':
      return isMemory(check) ? 'LARGER' : 'SLOWER';
    case 'faster':
      return isMemory(check) ? 'SMALLER' : 'FASTER';
    case 'same':
      return 'SAME';
    case 'unsure':
      return 'UNSURE';
  }
}

/** "slower" or "larger": how B differs when the check fails. */
export function worseWord(check: AbCheck): string {
  return isMemory(check) ? 'larger' : 'slower';
}

export function betterWord(check: AbCheck): string {
  return isMemory(check) ? 'smaller' : 'faster';
}

/** A check that holds the run's exit code: level error and not off. */
export function isGating(check: { level: string }): boolean {
  return check.level === 'error';
}

/** "node-wasm ×1". */
/** "node-wasm ×1", or "node-wasm ×1 vs ×2" when the sides run other thread counts (A's first). */
export function rowName(row: Pick<AbRow, 'runtime' | 'threads' | 'sideThreads'>): string {
  const { A, B } = row.sideThreads;
  return A === B ? `${row.runtime} ×${row.threads}` : `${row.runtime} ×${A} vs ×${B}`;
}

/** "threads=2, graph-optimization=basic": the side's own settings as typed; null when it runs with the run's. */
export function sideSettingsText(side: AbSide): string | null {
  return side.runtimeSettings.given.length > 0 ? side.runtimeSettings.given.join(', ') : null;
}

/** "main @ 1a2b3c4d5e6f" for a side read from git; null for a file. */
export function gitText(side: AbSide): string | null {
  return side.source.kind === 'git' ? `${side.source.ref} @ ${side.source.commit.slice(0, 12)}` : null;
}

/** "git:main:models/a.onnx (main @ 1a2b3c4d5e6f, sha256 0f3c…) with threads=2": the spec, what pins it and the side's own settings. */
export function sideText(side: AbSide): string {
  const pins = [gitText(side), side.model.sha256 ? `sha256 ${side.model.sha256.slice(0, 12)}` : null].filter((pin): pin is string => pin !== null);
  const settings = sideSettingsText(side);
  return `${side.spec}${pins.length > 0 ? ` (${pins.join(', ')})` : ''}${settings ? ` with ${settings}` : ''}`;
}

/** The row's facts of one side: "runtime 1.20.1, 1 thread, first inference 3.1 ms". */
export function sideFactsText(facts: NonNullable<AbRow['sides']>['A']): string {
  return [
    facts.runtimeVersion ? `runtime ${facts.runtimeVersion}` : null,
    facts.threadsUsed !== null ? `${facts.threadsUsed} thread${facts.threadsUsed === 1 ? '' : 's'}` : null,
    `first inference ${formatMs(facts.firstInferenceMs)}${facts.firstInferenceAfter ? ` (after ${facts.firstInferenceAfter}'s in the same worker)` : ''}`,
  ]
    .filter((part): part is string => part !== null)
    .join(', ');
}

/** "a, b and c". */
export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
