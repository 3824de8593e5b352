/**
 * Reads an ONNX file's header in the parent process (no runtime needed): hash, IR version,
 * opsets, and the graph's real inputs (initializers excluded) and outputs with their shapes.
 */
import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fromBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema, TensorProto_DataType, type ModelProto, type ValueInfoProto } from 'onnx-buf';
import { InputError, describeError } from '../errors.js';
import type { DeclaredDim, ModelInfo, TensorInfo } from '../types.js';

const DTYPE_NAMES: Partial<Record<TensorProto_DataType, string>> = {
  [TensorProto_DataType.FLOAT]: 'float32',
  [TensorProto_DataType.UINT8]: 'uint8',
  [TensorProto_DataType.INT8]: 'int8',
  [TensorProto_DataType.UINT16]: 'uint16',
  [TensorProto_DataType.INT16]: 'int16',
  [TensorProto_DataType.INT32]: 'int32',
  [TensorProto_DataType.INT64]: 'int64',
  [TensorProto_DataType.STRING]: 'string',
  [TensorProto_DataType.BOOL]: 'bool',
  [TensorProto_DataType.FLOAT16]: 'float16',
  [TensorProto_DataType.DOUBLE]: 'float64',
  [TensorProto_DataType.UINT32]: 'uint32',
  [TensorProto_DataType.UINT64]: 'uint64',
};

function dtypeName(elemType: number): string {
  return DTYPE_NAMES[elemType as TensorProto_DataType] ?? TensorProto_DataType[elemType]?.toLowerCase() ?? `type#${elemType}`;
}

function tensorInfo(value: ValueInfoProto): TensorInfo {
  const type = value.type?.value;
  if (type?.case !== 'tensorType') {
    return { name: value.name, dtype: type?.case ?? 'unknown', shape: null };
  }
  const tensor = type.value;
  const shape: DeclaredDim[] | null = tensor.shape
    ? tensor.shape.dim.map((dim): DeclaredDim => {
        // Some exporters write -1 for an unknown size; onnxruntime reads any negative dim as dynamic.
        if (dim.value.case === 'dimValue') return dim.value.value < 0n ? null : Number(dim.value.value);
        if (dim.value.case === 'dimParam' && dim.value.value !== '') return dim.value.value;
        return null;
      })
    : null;
  return { name: value.name, dtype: dtypeName(tensor.elemType), shape };
}

function looksLikeText(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 200)).toString('utf8');
  if (head.startsWith('version https://git-lfs')) return 'it is a Git LFS pointer; run `git lfs pull` to fetch the real file';
  if (/^\s*</.test(head)) return 'it looks like HTML or XML (a download error page?); download the model again';
  if (/^[\x09\x0a\x0d\x20-\x7e]{16,}/.test(head)) return 'it looks like a text file; pass the binary .onnx file exported from your model';
  return null;
}

export async function readModelBytes(modelPath: string): Promise<Uint8Array> {
  let info: Stats;
  try {
    info = await stat(modelPath);
  } catch {
    // A name that is not UTF-8 reaches Node with U+FFFD in place of its bytes: it cannot be opened by that name.
    if (modelPath.includes('\uFFFD')) throw new InputError('MODEL_NOT_FOUND', `${modelPath}: the file name is not valid UTF-8 (shown with \uFFFD), so it cannot be opened by name; rename the file`);
    throw new InputError('MODEL_NOT_FOUND', `${modelPath}: no such file; check the path (relative paths start at ${process.cwd()})`);
  }
  if (info.isDirectory()) {
    throw new InputError('MODEL_NOT_FOUND', `${modelPath} is a directory; pass the .onnx files inside it, e.g. ${path.join(modelPath, '*.onnx')}`);
  }
  return new Uint8Array(await readFile(modelPath));
}

export function parseModelInfo(modelPath: string, bytes: Uint8Array): ModelInfo {
  const notOnnx = (reason: string, cause?: unknown) => new InputError('MODEL_INVALID', `${modelPath} is not a valid ONNX model: ${reason}`, { cause });
  if (bytes.length === 0) throw notOnnx('the file is empty; export the model again');
  const textHint = looksLikeText(bytes);
  if (textHint) throw notOnnx(textHint);
  let model: ModelProto;
  try {
    model = fromBinary(ModelProtoSchema, bytes);
  } catch (error) {
    throw notOnnx(`${describeError(error)} (truncated or corrupt?); export or download the model again`, error);
  }
  const graph = model.graph;
  if (!graph || model.irVersion <= 0n || model.opsetImport.length === 0 || graph.output.length === 0) {
    throw notOnnx('it has no IR version, opset or graph outputs (truncated or not a model file?); export or download the model again');
  }
  const badOpset = model.opsetImport.find((opset) => opset.version < 1n);
  if (badOpset) {
    throw notOnnx(`it imports opset ${badOpset.domain || 'ai.onnx'} version ${badOpset.version}, and opset versions start at 1 (corrupt?); export or download the model again`);
  }
  const initializerNames = new Set(graph.initializer.map((tensor) => tensor.name));
  return {
    path: modelPath,
    name: path.basename(modelPath),
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    irVersion: Number(model.irVersion),
    opsets: model.opsetImport.map((opset) => ({ domain: opset.domain || 'ai.onnx', version: Number(opset.version) })),
    producer: [model.producerName, model.producerVersion].filter(Boolean).join(' '),
    inputs: graph.input.filter((input) => !initializerNames.has(input.name)).map(tensorInfo),
    outputs: graph.output.map(tensorInfo),
  };
}

export async function loadModelInfo(modelPath: string): Promise<ModelInfo> {
  return parseModelInfo(modelPath, await readModelBytes(modelPath));
}
