/**
 * An input's values from a file: .npy (NumPy; shape and dtype from its header) or raw
 * little-endian binary (shape and dtype from the spec, else the model's fixed shape and type).
 * The bytes travel to the worker as base64; the report keeps the path and sha256.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parse as parseNpy, type DType } from 'npyjs';
import { InputError } from '../errors.js';
import { FEED_DTYPE_BYTES, type FeedDtype, type InputSpec, type ModelInfo, type TensorInfo } from '../types.js';

const NPY_DTYPES: Partial<Record<DType, FeedDtype>> = {
  f2: 'float16',
  f4: 'float32',
  f8: 'float64',
  i1: 'int8',
  u1: 'uint8',
  i2: 'int16',
  u2: 'uint16',
  i4: 'int32',
  u4: 'uint32',
  i8: 'int64',
  u8: 'uint64',
  b1: 'bool',
};

export interface InputFileData {
  shape: number[];
  sha256: string;
  base64: string;
}

function fail(model: ModelInfo, spec: InputSpec, problem: string, fix: string): never {
  throw new InputError('INPUT_SPEC_INVALID', `${model.path}: ${spec.fieldOrigins?.values ?? spec.origin}.file ${problem}; ${fix}`);
}

function readNpy(model: ModelInfo, spec: InputSpec, bytes: Uint8Array, dtype: FeedDtype): { shape: number[]; data: Uint8Array } {
  let array: ReturnType<typeof parseNpy>;
  try {
    array = parseNpy(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, { convertFloat16: false });
  } catch (error) {
    return fail(model, spec, `is not a readable .npy file (${error instanceof Error ? error.message : String(error)})`, 'write it with numpy.save, or give a raw binary file with shape and dtype');
  }
  const fileDtype = NPY_DTYPES[array.dtype];
  if (fileDtype !== dtype) {
    return fail(model, spec, `holds ${fileDtype ?? array.dtype} values, but the input is ${dtype}`, `save it as ${dtype} (e.g. array.astype(numpy.${dtype === 'bool' ? 'bool_' : dtype}))`);
  }
  if (array.fortranOrder) return fail(model, spec, 'is in Fortran (column-major) order', 'save a C-ordered array (numpy.ascontiguousarray)');
  if (spec.shape && spec.shape.join(',') !== array.shape.join(',')) {
    return fail(
      model,
      spec,
      `has shape [${array.shape.join(', ')}], but ${spec.fieldOrigins?.shape ?? spec.origin}.shape is [${spec.shape.join(', ')}]`,
      'drop the shape (a .npy file carries its own) or make them agree',
    );
  }
  const view = array.data;
  return { shape: array.shape, data: new Uint8Array(view.buffer, view.byteOffset, view.byteLength) };
}

function readRaw(model: ModelInfo, input: TensorInfo, spec: InputSpec, bytes: Uint8Array, dtype: FeedDtype): { shape: number[]; data: Uint8Array } {
  const declared = input.shape?.every((dim) => typeof dim === 'number') ? (input.shape as number[]) : null;
  const shape = spec.shape ?? declared;
  if (!shape) return fail(model, spec, 'is raw binary and the input has dynamic dims', `give ${spec.origin}.shape (and dtype) for it, or use a .npy file`);
  const expected = shape.reduce((count, dim) => count * dim, 1) * FEED_DTYPE_BYTES[dtype];
  if (bytes.byteLength !== expected) {
    return fail(model, spec, `has ${bytes.byteLength} bytes, but shape [${shape.join(', ')}] of ${dtype} needs ${expected}`, 'check the shape and dtype, or the file');
  }
  return { shape, data: bytes };
}

export async function readInputFile(model: ModelInfo, input: TensorInfo, spec: InputSpec, dtype: FeedDtype): Promise<InputFileData> {
  if (spec.values?.kind !== 'file') throw new Error('readInputFile needs a file spec');
  let bytes: Uint8Array;
  try {
    bytes = await readFile(spec.values.path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder' : code === 'EACCES' ? 'cannot be read (permission denied)' : `cannot be read (${(error as Error).message})`;
    return fail(model, spec, `${spec.values.path} ${why}`, 'fix the path (relative to the config file)');
  }
  const { shape, data } = spec.values.path.toLowerCase().endsWith('.npy') ? readNpy(model, spec, bytes, dtype) : readRaw(model, input, spec, bytes, dtype);
  return { shape, sha256: createHash('sha256').update(bytes).digest('hex'), base64: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64') };
}
