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

/** The shape to feed, or null when the model leaves a dim open and no --input-shape closes it. */
function resolveShape(model: ModelInfo, input: TensorInfo, given: number[] | undefined): number[] | null {
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
  if (!declared || declared.some((dim) => typeof dim !== 'number')) return null;
  return declared as number[];
}

function describeOpenInput(input: TensorInfo): string {
  if (!input.shape) return `'${input.name}' declares no shape`;
  const open = input.shape
    .map((dim, axis) => (typeof dim === 'number' ? null : `${typeof dim === 'string' ? `'${dim}'` : '(unnamed)'} at axis ${axis}`))
    .filter((text): text is string => text !== null);
  return `'${input.name}' ${describeDims(input.shape)} has dynamic dim${open.length > 1 ? 's' : ''} ${open.join(', ')}`;
}

export function resolveFeedSpecs(
  model: ModelInfo,
  inputShapes: Readonly<Record<string, number[]>>,
  inputValues: Readonly<Record<string, number>>,
): FeedSpec[] {
  const open: TensorInfo[] = [];
  const specs = model.inputs.map((input): FeedSpec => {
    if (!FEED_DTYPES.includes(input.dtype as FeedDtype)) {
      throw new InputError(
        'INPUT_SPEC_INVALID',
        `${model.path}: input '${input.name}' has type ${input.dtype}, which the feed generator cannot fill (supported: ${FEED_DTYPES.join(', ')})`,
      );
    }
    const shape = resolveShape(model, input, inputShapes[input.name]);
    if (!shape) open.push(input);
    return { name: input.name, dtype: input.dtype as FeedDtype, shape: shape ?? [], fill: inputValues[input.name] ?? null };
  });
  if (open.length > 0) {
    const flags = open.map((input) => `--input-shape ${input.name}=${input.shape ? exampleShape(input.shape) : '1'}`).join(' ');
    throw new InputError(
      'INPUT_SHAPE_REQUIRED',
      `${model.path}: input ${open.map(describeOpenInput).join('; input ')}; pass ${flags} (replace the 1s at dynamic axes with the sizes you want to measure)`,
    );
  }
  return specs;
}
