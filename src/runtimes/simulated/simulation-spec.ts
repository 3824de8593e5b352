/**
 * What the simulated runtime does, per model: a test says only what it is about (a slow model, a
 * failing one) and the rest follows from the model's file name, so the same spec always gives the
 * same numbers.
 */
import path from 'node:path';
import type { RuntimeName } from '../../types.js';
import { hashText } from './seeded-random.js';

export interface SimulatedModel {
  /** Median cold load (read + runtime init + session create). */
  loadMs?: number;
  /** Median warm load (default: 40 % of the cold one). */
  warmLoadMs?: number;
  /** Median latency of one run on node-wasm (chrome-wasm and node-native scale it). */
  inferenceMs?: number;
  /** Log-space standard deviation of loads and runs (0.1: about ±10 %). */
  spread?: number;
  /** Share of timed runs that fail. */
  errorRate?: number;
  /** WebAssembly linear memory peak (wasm runtimes). */
  wasmPeakBytes?: number;
  /** Resident memory growth of the inference worker (node-native's memory.peak). */
  rssGrowthBytes?: number;
  /**
   * Memory kept per create → run → release cycle (default 0): wasm linear memory on the wasm
   * runtimes, resident memory on node-native. The JS heap wanders by ±64 kB either way.
   */
  retainedBytesPerCycle?: number;
  /** Each runtime's outputs multiplied by this (default 1): an output parity mismatch. */
  outputScale?: Partial<Record<RuntimeName, number>>;
}

export interface SimulationSpec {
  /** Seeds every sample (default 1). */
  seed?: number;
  /** By a part of the model's path (the first key the path contains applies). */
  models?: Record<string, SimulatedModel>;
  /** Runtimes that cannot start here: opening one is RUNTIME_UNAVAILABLE. */
  unavailable?: readonly RuntimeName[];
}

export type ModelBehaviour = Required<Omit<SimulatedModel, 'outputScale'>> & { outputScale: Partial<Record<RuntimeName, number>> };

/** How much slower (>1) or faster each runtime runs the same model than node-wasm. */
export const RUNTIME_SPEED_FACTOR: Record<RuntimeName, number> = { 'node-wasm': 1, 'chrome-wasm': 1.2, 'node-native': 0.5 };

/** A simulated warm load's median as a share of the cold one's. */
const WARM_LOAD_SHARE = 0.4;

/** The spec's entry for the model, defaults derived from its file name (not its folder: temp folders differ per run). */
export function modelBehaviour(spec: SimulationSpec, modelPath: string, modelBytes: number): ModelBehaviour {
  const key = Object.keys(spec.models ?? {}).find((part) => modelPath.includes(part));
  const own = key === undefined ? {} : (spec.models?.[key] ?? {});
  const nameHash = hashText(path.basename(modelPath));
  const loadMs = own.loadMs ?? 50 + (nameHash % 200);
  return {
    loadMs,
    warmLoadMs: own.warmLoadMs ?? WARM_LOAD_SHARE * loadMs,
    inferenceMs: own.inferenceMs ?? 0.5 + ((nameHash >>> 8) % 40) / 10,
    spread: own.spread ?? 0.1,
    errorRate: own.errorRate ?? 0,
    wasmPeakBytes: own.wasmPeakBytes ?? 16 * 1024 ** 2 + 4 * modelBytes,
    rssGrowthBytes: own.rssGrowthBytes ?? 8 * 1024 ** 2 + 2 * modelBytes,
    retainedBytesPerCycle: own.retainedBytesPerCycle ?? 0,
    outputScale: own.outputScale ?? {},
  };
}
