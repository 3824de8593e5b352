/** Messages between the Node launcher (parent) and its worker process (child), over IPC. */
import type { ChunkRequest, HarnessFailure, HarnessJob, InferenceFinal, InferenceOpened, LoadResult, ChunkResult } from '../../harness/job.js';
import type { AdapterRef } from '../../harness/adapter-module.js';
import type { RuntimeModuleRef } from '../../harness/runtime-flavour.js';
import type { ProfileResult } from '../../harness/job.js';
import type { ProfileJob } from '../../harness/profile-job.js';
import type { PlantedFaults } from '../planted-faults.js';

/** The runtimes a Node worker hosts: onnxruntime-web's wasm backend, or onnxruntime-node. */
export type NodeRuntimeName = 'node-wasm' | 'node-native';

/**
 * An inference session's slot in the worker: one unless an A/B run opens both sides' sessions in
 * one worker ('A' and 'B'), which then takes turns running chunks of each.
 */
export type SessionSlot = string;

/**
 * `runtimeModule`: the onnxruntime copy to import (the trial's package); null imports the package
 * by name from the tool's own folder (node-native with no onnxruntime-node found, which then fails).
 */
export type ParentMessage =
  | { kind: 'job'; job: HarnessJob; modelPath: string; runtime: NodeRuntimeName; runtimeModule: RuntimeModuleRef | null; adapter: AdapterRef | null; faults: PlantedFaults; slot?: SessionSlot }
  | { kind: 'profile'; job: ProfileJob; modelPath: string; runtime: NodeRuntimeName; runtimeModule: RuntimeModuleRef | null }
  /** Loads the model and keeps the worker for more loads ('warm-load'), each a new session in the runtime initialised by the first. */
  | { kind: 'warm-open'; job: HarnessJob; modelPath: string; runtime: NodeRuntimeName; runtimeModule: RuntimeModuleRef | null; adapter: AdapterRef | null; faults: PlantedFaults }
  | { kind: 'warm-load' }
  | ({ kind: 'continue'; slot?: SessionSlot } & ChunkRequest)
  | { kind: 'finish'; slot?: SessionSlot };

export interface WorkerInferenceFinal extends InferenceFinal {
  /** Peak resident set size of the worker process over its life. */
  rssPeakBytes: number;
  /**
   * Peak RSS growth over the idle worker with the runtime loaded and no model (node-native's
   * memory.peak); null for node-wasm, whose memory.peak is its linear memory.
   */
  rssGrowthBytes: number | null;
}

export type WorkerMessage = LoadResult | InferenceOpened | ChunkResult | WorkerInferenceFinal | ProfileResult | HarnessFailure;
