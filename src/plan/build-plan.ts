/**
 * models × runtimes × thread settings → Trials. A model that cannot be read or fed becomes a failed entry (an error
 * record later) so the other models are still measured.
 */
import path from 'node:path';
import { InputError, WtbError } from '../errors.js';
import type { ModelInfo, RunConfig, RuntimeName, Trial } from '../types.js';
import { resolveFeedSpecs } from './feed-specs.js';
import { loadModelInfo } from './model-info.js';

/** What is known of a model that may have failed to load. */
export interface ModelRef {
  path: string;
  name: string;
  bytes: number | null;
  sha256: string | null;
}

export type PlanEntry =
  | { kind: 'trial'; trial: Trial }
  | { kind: 'failed'; model: ModelRef; runtime: RuntimeName; threads: number; error: WtbError };

export function modelRef(info: ModelInfo): ModelRef {
  return { path: info.path, name: info.name, bytes: info.bytes, sha256: info.sha256 };
}

function checkInputNamesExist(config: RunConfig, infos: ModelInfo[]): void {
  if (infos.length === 0) return;
  const known = new Set(infos.flatMap((info) => info.inputs.map((input) => input.name)));
  for (const [flag, names] of [
    ['--input-shape', Object.keys(config.inputShapes)],
    ['--input-value', Object.keys(config.inputValues)],
  ] as const) {
    for (const name of names) {
      if (!known.has(name)) {
        throw new InputError(
          'INPUT_SPEC_INVALID',
          `${flag} names input '${name}', but no model has an input of that name (inputs: ${[...known].map((n) => `'${n}'`).join(', ') || 'none'}); fix the name`,
        );
      }
    }
  }
}

export async function buildPlan(config: RunConfig): Promise<PlanEntry[]> {
  const loaded = await Promise.all(
    config.models.map(async (modelPath) => {
      try {
        return { modelPath, info: await loadModelInfo(modelPath) };
      } catch (error) {
        if (error instanceof WtbError) return { modelPath, error };
        throw error;
      }
    }),
  );
  checkInputNamesExist(
    config,
    loaded.flatMap((entry) => (entry.info ? [entry.info] : [])),
  );
  const entries: PlanEntry[] = [];
  for (const { modelPath, info, error } of loaded) {
    for (const [runtime, threads] of config.runtimes.flatMap((name) => config.threads.map((count) => [name, count] as const))) {
      if (!info) {
        const ref = { path: modelPath, name: path.basename(modelPath), bytes: null, sha256: null };
        entries.push({ kind: 'failed', model: ref, runtime, threads, error: error as WtbError });
        continue;
      }
      try {
        const feeds = resolveFeedSpecs(info, config.inputShapes, config.inputValues);
        entries.push({ kind: 'trial', trial: { model: info, runtime, threads, feeds } });
      } catch (feedError) {
        if (!(feedError instanceof WtbError)) throw feedError;
        entries.push({ kind: 'failed', model: modelRef(info), runtime, threads, error: feedError });
      }
    }
  }
  return entries;
}
