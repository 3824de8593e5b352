/**
 * Model inputs + input specs (a config file's model inputs, or --input-shape / --input-value)
 * → concrete FeedSpecs. Dynamic dims must be given; a spec that contradicts the model is an error
 * naming where the spec was set (the flag, or the config key path) and what to set instead.
 */
import { InputError, RuntimeFailure } from '../errors.js';
import { FEED_DTYPES, FEED_DTYPE_BYTES, type FeedDtype, type FeedSpec, type InputSpec, type ModelInfo, type TensorInfo } from '../types.js';
import { formatBytes } from '../format.js';
import { readInputFile } from './input-file.js';

/**
 * The largest feed made: a typed array in JavaScript and its copy in a 4 GiB wasm32 memory
 * cannot both fit beyond this, so a larger one would only crash the worker.
 */
export const MAX_FEED_BYTES = 2 ** 31;

function describeDims(shape: readonly (number | string | null)[]): string {
  return `[${shape.map((dim) => (dim === null ? '?' : String(dim))).join(', ')}]`;
}

function exampleShape(shape: readonly (number | string | null)[]): number[] {
  return shape.map((dim) => (typeof dim === 'number' ? dim : 1));
}

/** Where a field of an input spec was set: a variant may have taken it from the model's own spec. */
function fieldOrigin(spec: InputSpec, field: 'shape' | 'dtype' | 'values'): string {
  return spec.fieldOrigins?.[field] ?? spec.origin;
}

const fromFlag = (spec: InputSpec | undefined) => spec?.origin.startsWith('--') ?? false;

/**
 * "pass --input-shape x=1,64" for a flag or a command-line model; "set models[0].inputs.x.shape
 * to [1, 64]" for a config entry (entryKeyPath: the entry's key path, when there is no spec yet).
 */
function suggestShape(input: TensorInfo, spec: InputSpec | undefined, shape: readonly number[], entryKeyPath: string | null): string {
  if (spec && !fromFlag(spec)) return `set ${fieldOrigin(spec, 'shape')}.shape to [${shape.join(', ')}]`;
  if (!spec && entryKeyPath) return `set ${entryKeyPath}.inputs.${input.name}.shape to [${shape.join(', ')}]`;
  return `pass --input-shape ${input.name}=${shape.join(',')}`;
}

/** What set the shape being checked: a flag, a config key, or an input file. */
function shapeLabel(spec: InputSpec, given: readonly number[], fromFile: boolean): string {
  if (fromFile) return `${spec.origin}.file (shape [${given.join(', ')}])`;
  return fromFlag(spec) ? `${spec.origin}=${given.join(',')}` : `${fieldOrigin(spec, 'shape')}.shape [${given.join(', ')}]`;
}

function checkShape(model: ModelInfo, input: TensorInfo, spec: InputSpec, given: number[], fromFile = false): void {
  const declared = input.shape;
  if (!declared) return;
  const label = shapeLabel(spec, given, fromFile);
  const suggest = (shape: number[]) => (fromFile ? `give a file of shape [${shape.join(', ')}]` : suggestShape(input, spec, shape, null));
  if (declared.length !== given.length) {
    throw new InputError(
      'INPUT_SPEC_INVALID',
      `${model.path}: ${label} has rank ${given.length}, but input '${input.name}' is declared ${describeDims(declared)} (rank ${declared.length}); ${suggest(exampleShape(declared))}`,
    );
  }
  declared.forEach((dim, axis) => {
    if (typeof dim === 'number' && dim !== given[axis]) {
      const fixed = declared.map((d, i) => (i === axis ? dim : (given[i] ?? (typeof d === 'number' ? d : 1))));
      throw new InputError('INPUT_SPEC_INVALID', `${model.path}: ${label} sets axis ${axis} to ${given[axis]}, but the model fixes it at ${dim}; ${suggest(fixed)}`);
    }
  });
}

function describeOpenInput(input: TensorInfo): string {
  if (!input.shape) return `'${input.name}' declares no shape`;
  const open = input.shape
    .map((dim, axis) => (typeof dim === 'number' ? null : `${typeof dim === 'string' ? `'${dim}'` : '(unnamed)'} at axis ${axis}`))
    .filter((text): text is string => text !== null);
  return `'${input.name}' ${describeDims(input.shape)} has dynamic dim${open.length > 1 ? 's' : ''} ${open.join(', ')}`;
}

function requireFeedDtype(model: ModelInfo, input: TensorInfo, spec: InputSpec | undefined): FeedDtype {
  if (!FEED_DTYPES.includes(input.dtype as FeedDtype)) {
    throw new InputError(
      'INPUT_SPEC_INVALID',
      `${model.path}: input '${input.name}' has type ${input.dtype}, which the feed generator cannot fill (supported: ${FEED_DTYPES.join(', ')}); export the model with inputs of one of these types (e.g. cast inside the graph)`,
    );
  }
  if (spec?.dtype && spec.dtype !== input.dtype) {
    throw new InputError(
      'INPUT_SPEC_INVALID',
      `${model.path}: ${fieldOrigin(spec, 'dtype')}.dtype is ${spec.dtype}, but input '${input.name}' is ${input.dtype}; set it to "${input.dtype}" or leave it out`,
    );
  }
  return input.dtype as FeedDtype;
}

/** Specs for inputs the model does not have are mistakes in a config entry (flags apply to any model that has the input). */
function checkSpecNamesExist(model: ModelInfo, specs: Readonly<Record<string, InputSpec>>): void {
  const names = new Set(model.inputs.map((input) => input.name));
  for (const [name, spec] of Object.entries(specs)) {
    if (!names.has(name) && !spec.origin.startsWith('--')) {
      throw new InputError(
        'INPUT_SPEC_INVALID',
        `${model.path}: ${spec.origin} names input '${name}', but the model has no input of that name (inputs: ${[...names].map((n) => `'${n}'`).join(', ') || 'none'}); fix the name`,
      );
    }
  }
}

function checkFeedSize(model: ModelInfo, input: TensorInfo, spec: InputSpec | undefined, shape: readonly number[], dtype: FeedDtype): void {
  const bytes = shape.reduce((product, dim) => product * dim, FEED_DTYPE_BYTES[dtype]);
  if (bytes <= MAX_FEED_BYTES) return;
  const needs = `needs ${formatBytes(bytes)}, more than the ${formatBytes(MAX_FEED_BYTES)} a feed can have in a WebAssembly runtime`;
  if (spec?.shape) {
    throw new InputError('INPUT_SPEC_INVALID', `${model.path}: ${shapeLabel(spec, spec.shape, false)} makes input '${input.name}' (${dtype}) a feed that ${needs}; give a smaller shape`);
  }
  // The model may be well formed; what it asks for is beyond what the runtimes can hold.
  throw new RuntimeFailure(
    'OUT_OF_MEMORY',
    `${model.path}: input '${input.name}' is declared ${dtype} ${describeDims(input.shape ?? shape)}, which ${needs}; use a model with smaller inputs, or check its export (a fixed dim this large is often corrupt)`,
  );
}

export async function resolveFeedSpecs(model: ModelInfo, specs: Readonly<Record<string, InputSpec>>, entryKeyPath: string | null = null): Promise<FeedSpec[]> {
  checkSpecNamesExist(model, specs);
  const open: TensorInfo[] = [];
  const feeds: FeedSpec[] = [];
  for (const input of model.inputs) {
    const spec = specs[input.name];
    const dtype = requireFeedDtype(model, input, spec);
    if (spec?.values?.kind === 'file') {
      const file = await readInputFile(model, input, spec, dtype);
      if (input.shape) checkShape(model, input, spec, file.shape, true);
      feeds.push({ name: input.name, dtype, shape: file.shape, values: { kind: 'file', path: spec.values.path, sha256: file.sha256, base64: file.base64 } });
      continue;
    }
    let shape: number[] | null = null;
    if (spec?.shape) {
      checkShape(model, input, spec, spec.shape);
      shape = spec.shape;
    } else if (input.shape?.every((dim) => typeof dim === 'number')) {
      shape = input.shape as number[];
    }
    if (!shape) open.push(input);
    else checkFeedSize(model, input, spec, shape, dtype);
    feeds.push({ name: input.name, dtype, shape: shape ?? [], values: spec?.values ?? null });
  }
  if (open.length > 0) {
    const fixes = open.map((input) => suggestShape(input, specs[input.name], input.shape ? exampleShape(input.shape) : [1], entryKeyPath));
    const fromConfig = entryKeyPath !== null || open.some((input) => specs[input.name] && !fromFlag(specs[input.name]));
    const where = fromConfig ? '' : ' (or give the shape under "inputs" in a config file)';
    throw new InputError(
      'INPUT_SHAPE_REQUIRED',
      `${model.path}: input ${open.map(describeOpenInput).join('; input ')}; ${fixes.join(', ')} (replace the 1s at dynamic axes with the sizes you want to measure)${where}`,
    );
  }
  return feeds;
}
