/**
 * The planner's side of --runtime-adapter: the module imported once in this process, checked, and
 * asked for each model's inputs (init → load → inputs/outputs → dispose), since a model that is
 * not ONNX cannot be read otherwise. A broken adapter is a failure the plan turns into error
 * records, naming the adapter and the function.
 */
import { createHash } from 'node:crypto';
import { access, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError, RuntimeFailure, WtbError, describeError } from '../../errors.js';
import { importAdapter } from '../../harness/adapter-module.js';
import type { RuntimeAdapter, TensorDescription } from '../../harness/runtime-adapter.js';
import type { AdapterSpec, ModelInfo, TensorInfo } from '../../types.js';

export interface LoadedAdapter {
  spec: AdapterSpec;
  adapter: RuntimeAdapter;
}

/** 'adapter "dense-wasm" (examples/dense-wasm/adapter.mjs)': how every message names it. */
export function adapterLabel(spec: Pick<AdapterSpec, 'name' | 'path'>): string {
  const relative = path.relative(process.cwd(), spec.path);
  return `adapter "${spec.name}" (${relative.startsWith('..') || path.isAbsolute(relative) ? spec.path : relative})`;
}

export async function loadAdapter(modulePath: string): Promise<LoadedAdapter | WtbError> {
  const absolute = path.resolve(modulePath);
  const fallbackName = path.basename(absolute).replace(/\.[cm]?js$/, '');
  const label = adapterLabel({ name: fallbackName, path: absolute });
  try {
    await access(absolute);
  } catch {
    return new InputError(
      'ADAPTER_INVALID',
      `${label}: no file at ${absolute}; check the path given to --runtime-adapter (relative to the working folder, or to the config file for "runtimeAdapter")`,
    );
  }
  let adapter: RuntimeAdapter;
  try {
    adapter = await importAdapter(pathToFileURL(absolute).href);
  } catch (error) {
    return new InputError(
      'ADAPTER_INVALID',
      `${label} could not be loaded: ${describeError(error)}; check that it imports on its own: node --input-type=module -e "await import('${pathToFileURL(absolute).href}')"`,
    );
  }
  const spec = { path: absolute, name: adapter.name ?? fallbackName, version: adapter.version ?? null };
  return { spec, adapter };
}

const FUNCTION_HINT = 'the adapter must return what the interface says (see examples/dense-wasm/adapter.mjs)';

function toTensorInfo(description: TensorDescription): TensorInfo {
  return { name: description.name, dtype: description.dtype, shape: [...description.shape] };
}

function describedTensors(value: unknown, fn: string, label: string): TensorInfo[] {
  const valid = Array.isArray(value) && value.every((entry) => typeof entry?.name === 'string' && typeof entry?.dtype === 'string' && Array.isArray(entry?.shape));
  if (!valid) throw new InputError('ADAPTER_INVALID', `${label}: ${fn}() returned ${JSON.stringify(value)?.slice(0, 120)}, not a list of { name, dtype, shape }; ${FUNCTION_HINT}`);
  return (value as TensorDescription[]).map(toTensorInfo);
}

/**
 * What the model declares, through the adapter. Failures: a missing or unreadable model file
 * (exit 2), init() or load() throwing (SESSION_CREATE_FAILED, exit 3), inputs() or outputs()
 * returning something else than tensor descriptions (ADAPTER_INVALID, exit 2).
 */
export async function describeWithAdapter(loaded: LoadedAdapter, modelPath: string): Promise<ModelInfo> {
  const { adapter, spec } = loaded;
  const label = adapterLabel(spec);
  let bytes: Uint8Array;
  try {
    if (!(await stat(modelPath)).isFile()) throw new Error('not a file');
    bytes = new Uint8Array(await readFile(modelPath));
  } catch {
    throw new InputError('MODEL_NOT_FOUND', `${modelPath}: no model file there; check the path`);
  }
  const call = async <T>(fn: string, work: () => Promise<T> | T): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof WtbError) throw error;
      throw new RuntimeFailure(
        'SESSION_CREATE_FAILED',
        `${label}: ${fn}() threw on ${path.basename(modelPath)}: ${describeError(error)}; check that the model file is in the format the adapter reads`,
      );
    }
  };
  await call('init', () => adapter.init?.({ threads: 1 }));
  const session = await call('load', () => adapter.load(bytes, { threads: 1 }));
  try {
    const inputs = describedTensors(await call('inputs', () => adapter.inputs(session)), 'inputs', label);
    const outputs = adapter.outputs ? describedTensors(await call('outputs', () => adapter.outputs?.(session)), 'outputs', label) : [];
    return {
      path: modelPath,
      name: path.basename(modelPath),
      bytes: bytes.byteLength,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      irVersion: 0,
      opsets: [],
      producer: `${spec.name}${spec.version ? ` ${spec.version}` : ''}`,
      inputs,
      outputs,
    };
  } finally {
    await call('dispose', () => adapter.dispose?.(session));
  }
}
