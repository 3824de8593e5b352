/**
 * Model specs × variants × runtimes × thread settings → Trials.
 *
 * A model named on the command line that cannot be read or fed becomes a failed entry (an error
 * record later) so the other models are still measured. A config file's mistakes (a missing file,
 * a glob matching nothing, two rows of one name, an input spec the model contradicts) stop the run
 * before anything is measured: they are fixed in the file, and the message names the key path.
 */
import path from 'node:path';
import { glob } from 'tinyglobby';
import { InputError, WtbError } from '../errors.js';
import type { InputSpec, KpiSpec, ModelInfo, ModelSpec, RuntimeName, RuntimePackage, Trial } from '../types.js';
import type { RunConfig } from '../config/run-config-schema.js';
import { rowLabel } from '../report/row-label.js';
import { describeWithAdapter, loadAdapter, type LoadedAdapter } from '../runtimes/adapter/load-adapter.js';
import { resolveFeedSpecs } from './feed-specs.js';
import { loadModelInfo } from './model-info.js';
import { planRuntimePackages, trialPackage, type PlannedPackages } from './runtime-packages.js';
import { checkDimNamesKnown, namedDimsOf } from './named-dims.js';

/** What is known of a model that may have failed to load. */
export interface ModelRef {
  path: string;
  name: string;
  bytes: number | null;
  sha256: string | null;
}

export type PlanEntry =
  | { kind: 'trial'; trial: Trial }
  | {
      kind: 'failed';
      model: ModelRef;
      variant: string | null;
      runtime: RuntimeName;
      threads: number;
      error: WtbError;
      kpis: KpiSpec[];
      tags: string[];
      /** The onnxruntime package it would have run, when the planner got that far. */
      runtimePackage?: RuntimePackage | null;
    };

export function modelRef(info: ModelInfo): ModelRef {
  return { path: info.path, name: info.name, bytes: info.bytes, sha256: info.sha256 };
}

/** One model file to measure, with the spec it came from. */
interface ModelFile {
  file: string;
  name: string;
  spec: ModelSpec;
}

/** "/repo/wasm-torch-bench.config.json: models[1].path", for messages about a config entry. */
function entryKey(spec: ModelSpec, key: string): string {
  return spec.origin ? `${spec.origin.file}: ${spec.origin.keyPath}.${key}` : key;
}

async function expandSpec(spec: ModelSpec): Promise<ModelFile[]> {
  if (!spec.glob) return [{ file: spec.path, name: spec.name ?? path.basename(spec.path), spec }];
  const files = (await glob(spec.path, { absolute: true, onlyFiles: true, expandDirectories: false })).sort();
  if (files.length === 0) {
    throw new InputError('MODEL_NOT_FOUND', `${entryKey(spec, 'path')} "${spec.path}" matches no file; fix the pattern (it is relative to the config file), or remove the entry`);
  }
  if (spec.name && files.length > 1) {
    throw new InputError(
      'CONFIG_INVALID',
      `${entryKey(spec, 'name')} "${spec.name}" names one model, but "${spec.path}" matches ${files.length} files; drop the name (each file is named after itself) or narrow the path`,
    );
  }
  return files.map((file) => ({ file, name: spec.name ?? path.basename(file), spec }));
}

/** Two rows of one name could not be told apart in reports or matched with a baseline. */
function checkUniqueNames(files: readonly ModelFile[]): void {
  const seen = new Map<string, ModelFile>();
  for (const entry of files) {
    for (const variant of entry.spec.variants) {
      const name = rowLabel({ model: { name: entry.name }, variant: variant.name });
      const earlier = seen.get(name);
      if (earlier && (earlier.spec.origin || entry.spec.origin)) {
        const where = (file: ModelFile) => (file.spec.origin ? `${file.spec.origin.keyPath} (${file.file})` : `the command line (${file.file})`);
        throw new InputError(
          'CONFIG_INVALID',
          `${entry.spec.origin?.file ?? earlier.spec.origin?.file}: two models are named "${name}": ${where(earlier)} and ${where(entry)}; give one of them another "name"`,
        );
      }
      seen.set(name, entry);
    }
  }
}

/** --input-shape / --input-value name inputs of any model; a name no model has is a typo. */
function checkFlagInputNamesExist(config: RunConfig, infos: ModelInfo[]): void {
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

/** The flags' input settings laid over a variant's own: flags win, field by field. */
function inputSpecsFor(config: RunConfig, own: Readonly<Record<string, InputSpec>>): Record<string, InputSpec> {
  const merged: Record<string, InputSpec> = { ...own };
  for (const [name, shape] of Object.entries(config.inputShapes)) {
    merged[name] = { shape, dtype: merged[name]?.dtype ?? null, values: merged[name]?.values ?? null, origin: `--input-shape ${name}` };
  }
  for (const [name, value] of Object.entries(config.inputValues)) {
    const base = merged[name];
    merged[name] = { shape: base?.shape ?? null, dtype: base?.dtype ?? null, values: { kind: 'constant', value }, origin: base?.origin ?? `--input-value ${name}` };
  }
  return merged;
}

function selectedByTags(config: RunConfig, spec: ModelSpec): boolean {
  return config.tags.length === 0 || spec.tags.some((tag) => config.tags.includes(tag));
}

/**
 * `cwd` is the project folder the onnxruntime packages are resolved from (see
 * runtimes/packages/resolve-runtime-package.ts).
 */
export async function buildPlan(config: RunConfig, cwd: string = process.cwd()): Promise<PlanEntry[]> {
  const specs = config.models.filter((spec) => selectedByTags(config, spec));
  if (specs.length === 0) {
    const known = [...new Set(config.models.flatMap((spec) => spec.tags))];
    throw new InputError('CONFIG_INVALID', `no model has the tag${config.tags.length > 1 ? 's' : ''} ${config.tags.join(', ')}; tags in the config: ${known.join(', ') || 'none'}`);
  }
  const files = (await Promise.all(specs.map(expandSpec))).flat();
  checkUniqueNames(files);
  const adapter: LoadedAdapter | WtbError | null = config.runtimeAdapter ? await loadAdapter(config.runtimeAdapter) : null;
  // An adapter replaces onnxruntime-web (and refuses node-native), so then no package is needed.
  const packages: PlannedPackages = adapter ? new Map() : await planRuntimePackages(config, new Set(specs.flatMap((spec) => spec.runtimes)), cwd);
  const loaded = await Promise.all(
    files.map(async (entry) => {
      // A broken adapter fails every model the same way; each becomes an error record.
      if (adapter instanceof WtbError) return { entry, error: adapter };
      try {
        const info = adapter ? await describeWithAdapter(adapter, entry.file) : await loadModelInfo(entry.file);
        return { entry, info: { ...info, name: entry.name } };
      } catch (error) {
        if (!(error instanceof WtbError)) throw error;
        // The adapter refusing a model is measured as a failure, not a config mistake.
        const adapterFailure = error.code === 'ADAPTER_INVALID' || error.code === 'SESSION_CREATE_FAILED';
        if (entry.spec.origin && !adapterFailure) {
          const why = error.code === 'MODEL_NOT_FOUND' ? `${entry.file} does not exist; fix the path (paths in a config file are relative to the config file)` : error.message;
          throw new InputError(error.code, `${entryKey(entry.spec, 'path')}: ${why}`);
        }
        return { entry, error };
      }
    }),
  );
  const infos = loaded.flatMap((item) => (item.info ? [item.info] : []));
  checkFlagInputNamesExist(config, infos);
  checkDimNamesKnown(config.dims, infos);
  const entries: PlanEntry[] = [];
  for (const { entry, info, error } of loaded) {
    const { spec } = entry;
    for (const variant of spec.variants) {
      // The model's load error, or its feeds for this variant (or why they cannot be made).
      const feeds = info ? await feedsOrError(info, inputSpecsFor(config, variant.inputs), spec, config) : (error as WtbError);
      for (const [runtime, threads] of spec.runtimes.flatMap((name) => spec.threads.map((count) => [name, count] as const))) {
        if (!info || feeds instanceof WtbError) {
          const ref = info ? modelRef(info) : { path: entry.file, name: entry.name, bytes: null, sha256: null };
          entries.push({ kind: 'failed', model: ref, variant: variant.name, runtime, threads, error: feeds as WtbError, kpis: spec.kpis, tags: spec.tags });
          continue;
        }
        const adapterSpec = adapter && !(adapter instanceof WtbError) ? adapter.spec : null;
        const { runtimePackage, problem } = trialPackage(packages, runtime, threads);
        if (problem) {
          entries.push({ kind: 'failed', model: modelRef(info), variant: variant.name, runtime, threads, error: problem, kpis: spec.kpis, tags: spec.tags, runtimePackage });
          continue;
        }
        const dims = namedDimsOf(info, config.dims);
        entries.push({
          kind: 'trial',
          trial: {
            model: info,
            variant: variant.name,
            runtime,
            threads,
            adapter: adapterSpec,
            runtimePackage,
            graphOptimization: config.graphOptimization,
            feeds,
            dims,
            kpis: spec.kpis,
            timeoutMs: spec.timeoutMs,
            tags: spec.tags,
          },
        });
      }
    }
  }
  return entries;
}

/** Feeds for a variant; a command-line model's bad feed is an error record, a config entry's stops the run. */
async function feedsOrError(info: ModelInfo, inputs: Record<string, InputSpec>, spec: ModelSpec, config: RunConfig) {
  try {
    return await resolveFeedSpecs(info, inputs, spec.origin?.keyPath ?? null, config.dims);
  } catch (error) {
    if (!(error instanceof WtbError) || spec.origin) throw error;
    return error;
  }
}
