/**
 * What an A/B run measures, block by block, and the judge its sampling loop asks after every
 * block. A block measures both sides back to back in a seeded random order, ABBA or BAAB, so a
 * machine that speeds up or slows down during the block weighs on both sides alike.
 */
import type { RegressionMetric, RegressionSpec } from '../regression-metrics.js';
import { pairedRatio, type PairedRatio } from '../stats/paired-ratio.js';
import { percentile, sortAscending } from '../stats/percentiles.js';
import { abDecided, abVerdict, type AbVerdict } from './ab-verdict.js';

export type BlockOrder = 'ABBA' | 'BAAB';

export interface LoadBlock {
  order: BlockOrder;
  /** Each side's two cold loads, in the order measured. */
  aLoadMs: [number, number];
  bLoadMs: [number, number];
  /** Linear-memory peak (wasm) or RSS growth (native) of each cold-load worker. */
  aPeakBytes: [number | null, number | null];
  bPeakBytes: [number | null, number | null];
  /** When the block ended, from the start of the A/B run. */
  endedAtMs: number;
}

export interface SideChunks {
  runs: number;
  errors: number;
  medianMs: number | null;
  p99Ms: number | null;
}

export interface InferenceBlock {
  order: BlockOrder;
  /** Each side's two chunks of timed runs pooled. */
  a: SideChunks;
  b: SideChunks;
  endedAtMs: number;
}

/** The A/B metrics are the baseline comparison's: the same names, tolerances and levels. */
export type AbMetric = RegressionMetric;

export const LOAD_METRICS: readonly AbMetric[] = ['load.p50', 'load.p95', 'memory.peak'];
export const INFERENCE_METRICS: readonly AbMetric[] = ['inference.p50', 'inference.p99'];

function mean(values: readonly (number | null)[]): number | null {
  const present = values.filter((value): value is number => value !== null);
  return present.length > 0 ? present.reduce((sum, value) => sum + value, 0) / present.length : null;
}

function ratioOf(b: number | null, a: number | null): number {
  return a !== null && b !== null && a > 0 ? b / a : Number.NaN;
}

/**
 * One ratio per block for a metric. Loads: the mean of B's two over the mean of A's two; a block
 * of two loads a side has no P95 of its own, so load.p95 takes the larger of each side's two (the
 * block's upper tail), which moves with the tail the way the P95 does. Inference: the pooled
 * chunks' median, or P99, of B over A's.
 */
export function blockRatios(metric: AbMetric, loads: readonly LoadBlock[], inference: readonly InferenceBlock[]): number[] {
  switch (metric) {
    case 'load.p50':
      return loads.map((block) => ratioOf(mean(block.bLoadMs), mean(block.aLoadMs)));
    case 'load.p95':
      return loads.map((block) => ratioOf(Math.max(...block.bLoadMs), Math.max(...block.aLoadMs)));
    case 'memory.peak':
      return loads.map((block) => ratioOf(mean(block.bPeakBytes), mean(block.aPeakBytes)));
    case 'inference.p50':
      return inference.map((block) => ratioOf(block.b.medianMs, block.a.medianMs));
    case 'inference.p99':
      return inference.map((block) => ratioOf(block.b.p99Ms, block.a.p99Ms));
  }
}

/** A side's chunks pooled into the figures a block keeps. */
export function sideChunks(samplesMs: readonly number[], runs: number, errors: number): SideChunks {
  if (samplesMs.length === 0) return { runs, errors, medianMs: null, p99Ms: null };
  const sorted = sortAscending(samplesMs);
  return { runs, errors, medianMs: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99) };
}

export interface AbJudgement {
  metric: AbMetric;
  estimate: PairedRatio | null;
  verdict: AbVerdict;
}

export function judgeMetric(metric: AbMetric, loads: readonly LoadBlock[], inference: readonly InferenceBlock[], settings: { confidence: number; maxRegression: number }): AbJudgement {
  const estimate = pairedRatio(blockRatios(metric, loads, inference), settings.confidence);
  return { metric, estimate, verdict: abVerdict(estimate, settings.maxRegression) };
}

/** The judge the A/B loop asks after every block: is every error-level metric of this phase decided? */
export interface PairedJudge {
  loadsDecided(loads: readonly LoadBlock[]): boolean;
  inferenceDecided(inference: readonly InferenceBlock[]): boolean;
}

export function pairedJudge(settings: { confidence: number; regressions: readonly RegressionSpec[] }): PairedJudge {
  const decided = (metrics: readonly AbMetric[], loads: readonly LoadBlock[], inference: readonly InferenceBlock[]) =>
    settings.regressions
      .filter((spec) => spec.level === 'error' && metrics.includes(spec.id))
      .every((spec) => abDecided(judgeMetric(spec.id, loads, inference, { confidence: settings.confidence, maxRegression: spec.maxRatio - 1 }).verdict));
  return {
    loadsDecided: (loads) => decided(LOAD_METRICS, loads, []),
    inferenceDecided: (inference) => decided(INFERENCE_METRICS, [], inference),
  };
}
