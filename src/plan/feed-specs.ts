/**
 * Model inputs + input specs (a config file's model inputs, or --input-shape / --input-value) +
 * named dims (--dim) → concrete FeedSpecs. Dynamic dims must be given; a spec that contradicts the
 * model or a named dim is an error naming where the spec was set (the flag, or the config key path)
 * and what to set instead.
 */
import { InputError, RuntimeFailure } from '../errors.js';
import { FEED_DTYPES, FEED_DTYPE_BYTES, type DimSize, type FeedDtype, type FeedSpec, type InputSpec, type ModelInfo, type TensorInfo } from '../types.js';
import { formatBytes } from '../format.js';
import { readInputFile } from './input-file.js';
import { checkShapeAgreesWithDims, describeDims, fillNamedDims, openDimNames } from './named-dims.js';

/**
 * The largest feed made: a typed array in JavaScript and its copy in a 4 GiB wasm32 memory
 * cannot both fit beyond this, so a larger one would only crash the worker.
 */
export const MAX_FEED_BYTES = 2 ** 31;

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

/** `filled`: the declared shape with the named dims' sizes in; the axes still open are listed. */
function describeOpenInput(input: TensorInfo, filled: readonly (number | string | null)[] | null): string {
  if (!input.shape || !filled) return `'${input.name}' declares no shape`;
  const open = filled.map((dim, axis) => (typeof dim === 'number' ? null : `${typeof dim === 'string' ? `'${dim}'` : '(unnamed)'} at axis ${axis}`)).filter((text): text is string => text !== null);
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

/** How to give up a shape that disagrees with a named dim: drop the flag or key, or give another file. */
function dropShapeFix(input: TensorInfo, spec: InputSpec, fromFile: boolean) {
  return (dim: DimSize, axis: number) => {
    if (fromFile) return `give a file whose axis ${axis} is ${dim.size}`;
    const drop = fromFlag(spec) ? `--input-shape ${input.name}` : `${fieldOrigin(spec, 'shape')}.shape`;
    return `drop ${drop} (the named dim shapes every input that has '${dim.name}')`;
  };
}

/** A shape given for one input: it must fit the model, and the named dims it holds. */
function checkGivenShape(model: ModelInfo, input: TensorInfo, spec: InputSpec, given: number[], dims: readonly DimSize[], fromFile = false): void {
  checkShape(model, input, spec, given, fromFile);
  checkShapeAgreesWithDims(model, input, given, dims, shapeLabel(spec, given, fromFile), dropShapeFix(input, spec, fromFile));
}

/** "; or size each named dim once for every input: --dim sequence=1" (or the config key), for the open named dims. */
function namedDimHint(filledShapes: readonly (readonly (number | string | null)[] | null)[], fromConfig: boolean): string {
  const names = [...new Set(filledShapes.flatMap((shape) => openDimNames(shape ?? [])))];
  if (names.length === 0) return '';
  return fromConfig
    ? `; or size each named dim once for every input: "dims": { ${names.map((name) => `"${name}": 1`).join(', ')} }`
    : `; or size each named dim once for every input: ${names.map((name) => `--dim ${name}=1`).join(' ')}`;
}

/** `dims`: the named dims' sizes (--dim), filled in wherever an input declares the name. */
export async function resolveFeedSpecs(model: ModelInfo, specs: Readonly<Record<string, InputSpec>>, entryKeyPath: string | null = null, dims: readonly DimSize[] = []): Promise<FeedSpec[]> {
  checkSpecNamesExist(model, specs);
  const open: { input: TensorInfo; filled: (number | string | null)[] | null }[] = [];
  const feeds: FeedSpec[] = [];
  for (const input of model.inputs) {
    const spec = specs[input.name];
    const dtype = requireFeedDtype(model, input, spec);
    if (spec?.values?.kind === 'file') {
      const file = await readInputFile(model, input, spec, dtype);
      if (input.shape) checkGivenShape(model, input, spec, file.shape, dims, true);
      feeds.push({ name: input.name, dtype, shape: file.shape, values: { kind: 'file', path: spec.values.path, sha256: file.sha256, base64: file.base64 } });
      continue;
    }
    const filled = fillNamedDims(input, dims);
    let shape: number[] | null = null;
    if (spec?.shape) {
      checkGivenShape(model, input, spec, spec.shape, dims);
      shape = spec.shape;
    } else if (filled?.every((dim) => typeof dim === 'number')) {
      shape = filled as number[];
    }
    if (!shape) open.push({ input, filled });
    else checkFeedSize(model, input, spec, shape, dtype);
    feeds.push({ name: input.name, dtype, shape: shape ?? [], values: spec?.values ?? null });
  }
  if (open.length > 0) {
    const fixes = open.map(({ input, filled }) => suggestShape(input, specs[input.name], filled ? exampleShape(filled) : [1], entryKeyPath));
    const fromConfig = entryKeyPath !== null || open.some(({ input }) => specs[input.name] && !fromFlag(specs[input.name]));
    const where = fromConfig ? '' : ' (or give the shape under "inputs" in a config file)';
    throw new InputError(
      'INPUT_SHAPE_REQUIRED',
      `${model.path}: input ${open.map(({ input, filled }) => describeOpenInput(input, filled)).join('; input ')}; ${fixes.join(', ')} (replace the 1s at dynamic axes with the sizes you want to measure)${where}${namedDimHint(
        open.map(({ filled }) => filled),
        fromConfig,
      )}`,
    );
  }
  return feeds;
}
