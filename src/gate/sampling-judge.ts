/**
 * What the adaptive sampling loop asks the gate after each look: are the error-level checks on
 * this phase decided, and if not, how many runs could decide them. It judges with the very
 * function the report's verdict uses (evaluateCheck), on anytime-valid intervals that hold over
 * every look, so stopping as soon as a check is decided cannot stop on luck.
 */
import { loadTemperatureOf } from '../metrics.js';
import type { KpiSpec, LoadTemperature } from '../types.js';
import { kpisForTemperature } from './load-temperature-kpis.js';
import { checksDecided, sampleSetOf, samplingAfter, samplingNeed, type GateInputs, type Sampling, type SamplingNeed } from './evaluate-checks.js';

export interface SamplingJudge {
  /** Whether every error-level load check is decided on these cold-load samples (ms), at this look (1-based). */
  loadsDecided(samplesMs: readonly number[], look: number): boolean;
  /** The same for the warm-load checks on warm-load samples. */
  warmLoadsDecided(samplesMs: readonly number[], look: number): boolean;
  /** What the error-level inference and error-rate checks still need, at this look (1-based). */
  inferenceNeed(samplesMs: readonly number[], errors: number, attempts: number, runsPerSample: number, look: number): SamplingNeed;
}

const NOTHING_MEASURED: GateInputs = {
  load: null,
  warmLoad: null,
  inference: null,
  firstInferenceMs: null,
  memoryPeakBytes: null,
  memoryRssBytes: null,
  retained: null,
  errors: 0,
  attempts: 0,
  loadSampling: samplingAfter(0),
  warmLoadSampling: samplingAfter(0),
  inferenceSampling: samplingAfter(0),
};

/** The gate's inputs when only cold loads are known. */
export function loadInputs(samplesMs: readonly number[], sampling: Sampling): GateInputs {
  return { ...NOTHING_MEASURED, load: sampleSetOf(samplesMs), loadSampling: sampling };
}

/** The gate's inputs when only warm loads are known. */
export function warmLoadInputs(samplesMs: readonly number[], sampling: Sampling): GateInputs {
  return { ...NOTHING_MEASURED, warmLoad: sampleSetOf(samplesMs), warmLoadSampling: sampling };
}

/** The gate's inputs when only the timed runs are known. */
export function inferenceInputs(samplesMs: readonly number[], errors: number, attempts: number, sampling: Sampling): GateInputs {
  return { ...NOTHING_MEASURED, inference: sampleSetOf(samplesMs), errors, attempts, inferenceSampling: sampling };
}

/** Each extra chunk adds a quarter of the runs so far: few round trips, little overshoot. */
const CHUNK_GROWTH = 0.25;

/**
 * Runs in the next inference chunk: straight to the runs a decision needs when the gate can say
 * (fewer could decide nothing), else a quarter more. Never less than one batch.
 */
export function nextChunkRuns(attempts: number, minimumRuns: number | null, batchSize: number): number {
  const shortfall = minimumRuns === null ? 0 : minimumRuns - attempts;
  return Math.max(batchSize, shortfall > 0 ? shortfall : Math.ceil(attempts * CHUNK_GROWTH));
}

export const isLoadCheck = (id: string): boolean => loadTemperatureOf(id) === 'cold';
export const isWarmLoadCheck = (id: string): boolean => loadTemperatureOf(id) === 'warm';
export const isInferenceCheck = (id: string): boolean => id.startsWith('inference.') || id === 'error.rate';

export function samplingJudge(config: { kpis: readonly KpiSpec[]; confidence: number; loadTemperature?: LoadTemperature }): SamplingJudge {
  const kpis = kpisForTemperature(config.kpis, config.loadTemperature ?? 'cold');
  return {
    loadsDecided: (samplesMs, look) => checksDecided(kpis, loadInputs(samplesMs, samplingAfter(look)), config.confidence, isLoadCheck),
    warmLoadsDecided: (samplesMs, look) => checksDecided(kpis, warmLoadInputs(samplesMs, samplingAfter(look)), config.confidence, isWarmLoadCheck),
    inferenceNeed: (samplesMs, errors, attempts, runsPerSample, look) =>
      samplingNeed(kpis, inferenceInputs(samplesMs, errors, attempts, samplingAfter(look)), config.confidence, isInferenceCheck, runsPerSample),
  };
}
