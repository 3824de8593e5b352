/**
 * Named dims (--dim sequence=128, `dims` in a config file) → the inputs' shapes: a named dim's size
 * fills that dim in every input of every model that declares it. A shape given for one input
 * (--input-shape, a config entry's shape, an input file) must agree with it; a name no model
 * declares is a typo.
 */
import { InputError } from '../errors.js';
import { nearestKey } from '../config/strict-object.js';
import type { DimSize, ModelInfo, TensorInfo } from '../types.js';

type DeclaredDim = number | string | null;

export function describeDims(shape: readonly DeclaredDim[]): string {
  return `[${shape.map((dim) => (dim === null ? '?' : String(dim))).join(', ')}]`;
}

/** The input's declared shape with the named dims that `dims` sizes filled in; null when it declares none. */
export function fillNamedDims(input: TensorInfo, dims: readonly DimSize[]): DeclaredDim[] | null {
  if (!input.shape) return null;
  return input.shape.map((dim) => (typeof dim === 'string' ? (dims.find((named) => named.name === dim)?.size ?? dim) : dim));
}

/** The names of the dims an input leaves open (unnamed ones left out). */
export function openDimNames(shape: readonly DeclaredDim[]): string[] {
  return shape.filter((dim): dim is string => typeof dim === 'string');
}

/** The named dims of `dims` that the model declares. */
export function dimsDeclaredBy(model: ModelInfo, dims: readonly DimSize[]): DimSize[] {
  const declared = new Set(model.inputs.flatMap((input) => openDimNames(input.shape ?? [])));
  return dims.filter((dim) => declared.has(dim.name));
}

/** The named dims a model declares that `dims` sizes: what shaped its row, for the report. */
export function namedDimsOf(model: ModelInfo, dims: readonly DimSize[]): Record<string, number> {
  return Object.fromEntries(dimsDeclaredBy(model, dims).map((dim) => [dim.name, dim.size]));
}

/**
 * A shape given for one input against the named dims: each axis the model names with a sized dim
 * must have that size. `shapeLabel` says what set the shape, `giveUpShape` how to take it away.
 */
export function checkShapeAgreesWithDims(
  model: ModelInfo,
  input: TensorInfo,
  given: readonly number[],
  dims: readonly DimSize[],
  shapeLabel: string,
  giveUpShape: (dim: DimSize, axis: number) => string,
): void {
  input.shape?.forEach((declared, axis) => {
    const dim = typeof declared === 'string' ? dims.find((named) => named.name === declared) : undefined;
    const size = given[axis];
    if (!dim || size === undefined || size === dim.size) return;
    throw new InputError(
      'INPUT_SPEC_INVALID',
      `${model.path}: ${shapeLabel} sets '${dim.name}' (axis ${axis} of input '${input.name}') to ${size}, but ${dim.origin} sets it to ${dim.size}; ${giveUpShape(dim, axis)}, or change ${dim.origin} to ${size}`,
    );
  });
}

/** "input_ids[batch, sequence], attention_mask[batch, sequence]", prefixed with the model's name when there are several. */
function inputListing(infos: readonly ModelInfo[]): string {
  return infos
    .map((info) => {
      const inputs = info.inputs.map((input) => `${input.name}${input.shape ? describeDims(input.shape) : '(no shape declared)'}`).join(', ') || '(no inputs)';
      return infos.length > 1 ? `${info.name}: ${inputs}` : inputs;
    })
    .join('; ');
}

/** A --dim name no model declares is a typo (a name only some models declare is fine: it shapes those). */
export function checkDimNamesKnown(dims: readonly DimSize[], infos: readonly ModelInfo[]): void {
  if (infos.length === 0 || dims.length === 0) return;
  const known = [...new Set(infos.flatMap((info) => info.inputs.flatMap((input) => openDimNames(input.shape ?? []))))];
  const unknown = dims.find((dim) => !known.includes(dim.name));
  if (!unknown) return;
  const models = infos.length > 1 ? 'no model declares' : 'the model does not declare';
  const near = nearestKey(unknown.name, known);
  const fix =
    known.length > 0
      ? `${near ? `did you mean '${near}'? ` : ''}use one of ${known.map((name) => `'${name}'`).join(', ')}`
      : `${infos.length > 1 ? 'they name' : 'it names'} no dynamic dim, so drop it (fixed dims cannot be changed; --input-shape sizes an unnamed dynamic dim)`;
  throw new InputError('INPUT_SPEC_INVALID', `${unknown.origin}: ${models} a dim named '${unknown.name}' (inputs: ${inputListing(infos)}); ${fix}`);
}
