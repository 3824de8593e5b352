/** How the reporters show loads by temperature: a column per temperature measured, and the code-cache verdict of the warm ones. */
import type { RunReport, TrialResult } from '../report/schema.js';
import { measuresCold, measuresWarm, type LoadTemperature } from '../types.js';

type Percentiles = NonNullable<TrialResult['load']>['percentiles'];

export interface LoadColumn {
  title: string;
  percentiles(result: TrialResult): Percentiles | null;
}

export function reportTemperature(report: RunReport): LoadTemperature {
  return report.settings.loadTemperature ?? 'cold';
}

/** "Load P95" for cold loads alone (as before temperatures), else "Cold load P95" and "Warm load P95" as measured. */
export function loadColumns(report: RunReport, stat = 'P95'): LoadColumn[] {
  const temperature = reportTemperature(report);
  const cold: LoadColumn = { title: temperature === 'cold' ? `Load ${stat}` : `Cold load ${stat}`, percentiles: (result) => result.load?.percentiles ?? null };
  const warm: LoadColumn = { title: `Warm load ${stat}`, percentiles: (result) => result.warmLoad?.percentiles ?? null };
  return [...(measuresCold(temperature) ? [cold] : []), ...(measuresWarm(temperature) ? [warm] : [])];
}

/** "compiled wasm from V8's cache in 3 of 3; …", or the note alone where no code cache applies; null without warm loads. */
export function codeCacheVerdict(result: TrialResult): string | null {
  const warm = result.warmLoad;
  if (!warm) return null;
  const known = warm.codeCacheHits.filter((hit) => hit !== null);
  if (known.length === 0) return warm.codeCacheNote;
  const hits = known.filter((hit) => hit).length;
  return `compiled wasm from V8's cache in ${hits} of ${warm.codeCacheHits.length}; ${warm.codeCacheNote}`;
}

/** The verdict as a line of a row's details: "warm loads: …". */
export function codeCacheLine(result: TrialResult): string | null {
  const verdict = codeCacheVerdict(result);
  return verdict === null ? null : `warm loads: ${verdict}`;
}
