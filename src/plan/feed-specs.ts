/**
 * Model inputs + --input-shape / --input-value → concrete FeedSpecs. Dynamic dims must be given;
 * the error names the input, the dim and the flag to pass.
 */
import { InputError } from '../errors.js';
import { FEED_DTYPES, type FeedDtype, type FeedSpec, type ModelInfo, type TensorInfo } from '../types.js';

function describeDims(shape: readonly (number | string | null)[]): string {
  return `[${shape.map((dim) => (dim === null ? '?' : String(dim))).join(', ')}]`;
}

function exampleShape(shape: readonly (number | string | null)[]): string {
  return shape.map((dim) => (typeof dim === 'number' ? dim : 1)).join(',');
}

function resolveShape(model: ModelInfo, input: TensorInfo, given: number[] | undefined): number[] {
  const declared = input.shape;
  if (given) {
    if (declared && declared.length !== given.length) {
      throw new InputError(
        'INPUT_SPEC_INVALID',
        `${model.path}: --input-shape ${input.name}=${given.join(',')} has rank ${given.length}, but input '${input.name}' is declared ${describeDims(declared)} (rank ${declared.length}); pass --input-shape ${input.name}=${exampleShape(declared)}`,
      );
    }
    declared?.forEach((dim, axis) => {
      if (typeof dim === 'number' && dim !== given[axis]) {
        throw new InputError(
          'INPUT_SPEC_INVALID',
          `${model.path}: --input-shape ${input.name}=${given.join(',')} sets axis ${axis} to ${given[axis]}, but the model fixes it at ${dim}; pass --input-shape ${input.name}=${exampleShape(declared.map((d, i) => (i === axis ? dim : given[i] ?? d)))}`,
        );
      }
    });
    return given;
  }
  if (!declared) {
    throw new InputError(
      'INPUT_SHAPE_REQUIRED',
      `${model.path}: input '${input.name}' declares no shape; pass --input-shape ${input.name}=<dims>, e.g. --input-shape ${input.name}=1,3,224,224`,
    );
  }
  const dynamic = declared.findIndex((dim) => typeof dim !== 'number');
  if (dynamic >= 0) {
    const dim = declared[dynamic];
    const label = typeof dim === 'string' ? `'${dim}'` : '(unnamed)';
    throw new InputError(
      'INPUT_SHAPE_REQUIRED',
      `${model.path}: input '${input.name}' ${describeDims(declared)} has dynamic dim ${label} at axis ${dynamic}; pass --input-shape ${input.name}=${exampleShape(declared)}`,
    );
  }
  return declared as number[];
}

export function resolveFeedSpecs(
  model: ModelInfo,
  inputShapes: Readonly<Record<string, number[]>>,
  inputValues: Readonly<Record<string, number>>,
): FeedSpec[] {
  return model.inputs.map((input) => {
    if (!FEED_DTYPES.includes(input.dtype as FeedDtype)) {
      throw new InputError(
        'INPUT_SPEC_INVALID',
        `${model.path}: input '${input.name}' has type ${input.dtype}, which the feed generator cannot fill (supported: ${FEED_DTYPES.join(', ')})`,
      );
    }
    return {
      name: input.name,
      dtype: input.dtype as FeedDtype,
      shape: resolveShape(model, input, inputShapes[input.name]),
      fill: inputValues[input.name] ?? null,
    };
  });
}
