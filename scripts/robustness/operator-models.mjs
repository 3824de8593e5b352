// ONNX's operator test models (Debian's libonnx-testdata) with their reference inputs: each
// test_data_set_0/input_N.pb (a TensorProto) becomes a raw little-endian binary file, and the
// model a config entry feeding it (path, name, inputs with file, shape and dtype). Models whose
// inputs a config cannot express are still listed, to run without inputs (the tool must then
// report a clean error), with the reason.

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fromBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema, TensorProtoSchema, TensorProto_DataType as T } from 'onnx-buf';

export const TESTDATA_ROOT = '/usr/share/libonnx-testdata/data';

/** ONNX element type → the config's dtype, its element size, and the typed field holding it when raw_data is empty. */
const FEEDABLE = {
  [T.FLOAT]: { dtype: 'float32', bytes: 4, field: 'floatData', write: (view, at, v) => view.setFloat32(at, v, true) },
  [T.DOUBLE]: { dtype: 'float64', bytes: 8, field: 'doubleData', write: (view, at, v) => view.setFloat64(at, v, true) },
  [T.FLOAT16]: { dtype: 'float16', bytes: 2, field: 'int32Data', write: (view, at, v) => view.setUint16(at, v, true) },
  [T.INT8]: { dtype: 'int8', bytes: 1, field: 'int32Data', write: (view, at, v) => view.setInt8(at, v) },
  [T.UINT8]: { dtype: 'uint8', bytes: 1, field: 'int32Data', write: (view, at, v) => view.setUint8(at, v) },
  [T.INT16]: { dtype: 'int16', bytes: 2, field: 'int32Data', write: (view, at, v) => view.setInt16(at, v, true) },
  [T.UINT16]: { dtype: 'uint16', bytes: 2, field: 'int32Data', write: (view, at, v) => view.setUint16(at, v, true) },
  [T.INT32]: { dtype: 'int32', bytes: 4, field: 'int32Data', write: (view, at, v) => view.setInt32(at, v, true) },
  [T.UINT32]: { dtype: 'uint32', bytes: 4, field: 'uint64Data', write: (view, at, v) => view.setUint32(at, Number(v), true) },
  [T.INT64]: { dtype: 'int64', bytes: 8, field: 'int64Data', write: (view, at, v) => view.setBigInt64(at, BigInt(v), true) },
  [T.UINT64]: { dtype: 'uint64', bytes: 8, field: 'uint64Data', write: (view, at, v) => view.setBigUint64(at, BigInt(v), true) },
  [T.BOOL]: { dtype: 'bool', bytes: 1, field: 'int32Data', write: (view, at, v) => view.setUint8(at, v ? 1 : 0) },
};

const typeName = (value) => T[value]?.toLowerCase() ?? `type #${value}`;

/** A TensorProto's values as raw little-endian bytes, or why they cannot be. */
function tensorBytes(tensor) {
  const kind = FEEDABLE[tensor.dataType];
  if (!kind) return { reason: `input type ${typeName(tensor.dataType)} is not a feedable dtype` };
  if (tensor.dataLocation === 1) return { reason: 'input data is stored externally' };
  const count = tensor.dims.reduce((product, dim) => product * Number(dim), 1);
  if (tensor.rawData.length > 0) {
    if (tensor.rawData.length !== count * kind.bytes) return { reason: `raw data holds ${tensor.rawData.length} bytes for ${count} ${kind.dtype} values` };
    return { kind, bytes: tensor.rawData };
  }
  const values = tensor[kind.field];
  if (values.length !== count) return { reason: `${kind.field} holds ${values.length} values for ${count}` };
  const bytes = new Uint8Array(count * kind.bytes);
  const view = new DataView(bytes.buffer);
  values.forEach((value, index) => {
    kind.write(view, index * kind.bytes, value);
  });
  return { kind, bytes };
}

/** Why the model's declared input contradicts the reference tensor (the config would be refused), or null. */
function declaredMismatch(valueInfo, tensor, kind) {
  const type = valueInfo.type?.value;
  if (type?.case !== 'tensorType') return `input '${valueInfo.name}' is a ${type?.case ?? 'type-less value'}, not a tensor`;
  if (FEEDABLE[type.value.elemType]?.dtype !== kind.dtype) return `input '${valueInfo.name}' is declared ${typeName(type.value.elemType)} but its reference data is ${kind.dtype}`;
  const declared = type.value.shape?.dim;
  if (!declared) return null;
  if (declared.length !== tensor.dims.length) return `input '${valueInfo.name}' is declared with rank ${declared.length} but its reference data has rank ${tensor.dims.length}`;
  const axis = declared.findIndex((dim, i) => dim.value.case === 'dimValue' && dim.value.value !== tensor.dims[i]);
  return axis >= 0 ? `input '${valueInfo.name}' fixes axis ${axis} at ${declared[axis].value.value} but its reference data has ${tensor.dims[axis]}` : null;
}

function testDirs() {
  if (!existsSync(TESTDATA_ROOT)) return [];
  return readdirSync(TESTDATA_ROOT)
    .sort()
    .flatMap((suite) =>
      readdirSync(path.join(TESTDATA_ROOT, suite))
        .sort()
        .map((test) => ({ suite, test, dir: path.join(TESTDATA_ROOT, suite, test) }))
        .filter(({ dir }) => existsSync(path.join(dir, 'model.onnx'))),
    );
}

/**
 * Writes the reference inputs under outDir and returns one record per operator model:
 * { id, suite, modelPath, entry } for a model fed with its own inputs (entry: a config model
 * entry), or { id, suite, modelPath, entry: null, reason } for one run without them.
 */
export function convertOperatorModels(outDir) {
  return testDirs().map(({ suite, test, dir }) => {
    const id = `${suite}/${test}`;
    const modelPath = path.join(dir, 'model.onnx');
    const bare = (reason) => ({ id, suite, modelPath, entry: null, reason });
    let model;
    try {
      model = fromBinary(ModelProtoSchema, readFileSync(modelPath));
    } catch (error) {
      return bare(`model does not decode: ${error.message}`);
    }
    const initializers = new Set(model.graph?.initializer.map((tensor) => tensor.name));
    const graphInputs = (model.graph?.input ?? []).filter((input) => !initializers.has(input.name));
    const dataDir = path.join(dir, 'test_data_set_0');
    const files = existsSync(dataDir)
      ? readdirSync(dataDir)
          .filter((file) => /^input_\d+\.pb$/.test(file))
          .sort((a, b) => Number(a.match(/\d+/)[0]) - Number(b.match(/\d+/)[0]))
      : [];
    if (files.length === 0) return bare('no reference inputs (test_data_set_0/input_*.pb)');
    if (files.length !== graphInputs.length) return bare(`${files.length} reference inputs for ${graphInputs.length} graph inputs (omitted optional inputs)`);
    const inputs = {};
    const outFolder = path.join(outDir, suite, test);
    const notTensor = graphInputs.find((input) => input.type?.value.case !== 'tensorType');
    if (notTensor) return bare(`input '${notTensor.name}' has type ${notTensor.type?.value.case ?? 'none'} (a sequence, map or optional), which a config cannot feed`);
    for (const [index, file] of files.entries()) {
      let tensor;
      try {
        tensor = fromBinary(TensorProtoSchema, readFileSync(path.join(dataDir, file)));
      } catch {
        return bare(`${file} is not a TensorProto (a sequence, map or optional input)`);
      }
      const valueInfo = graphInputs.find((input) => input.name === tensor.name) ?? graphInputs[index];
      const data = tensorBytes(tensor);
      if (data.reason) return bare(`${file}: ${data.reason}`);
      const mismatch = declaredMismatch(valueInfo, tensor, data.kind);
      if (mismatch) return bare(mismatch);
      if (valueInfo.name in inputs) return bare(`two reference inputs for '${valueInfo.name}'`);
      mkdirSync(outFolder, { recursive: true });
      const binPath = path.join(outFolder, file.replace(/\.pb$/, '.bin'));
      writeFileSync(binPath, data.bytes);
      inputs[valueInfo.name] = { file: binPath, shape: tensor.dims.map(Number), dtype: data.kind.dtype };
    }
    return { id, suite, modelPath, entry: { path: modelPath, name: id, inputs } };
  });
}
