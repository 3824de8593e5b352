// Mutations that turn a valid ONNX model into a hostile one. Each takes the model's bytes and a
// seeded PRNG and returns the mutated bytes plus a note saying what was changed (kept in the
// manifest, so a failing model can be understood without diffing binaries).

import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema, TensorProto_DataType, TensorShapeProtoSchema } from 'onnx-buf';

const pick = (rng, items) => items[Math.floor(rng() * items.length)];
const intBelow = (rng, n) => Math.floor(rng() * n);

/** Sizes no feed or tensor can have: just past int32, past what wasm32 can address, near int64's end. */
const HUGE_DIMS = [2_147_483_647n, 4_294_967_296n, 1n << 40n, 9_223_372_036_854_775_807n];
const NEGATIVE_DIMS = [-1n, -2n, -2_147_483_648n, -9_223_372_036_854_775_808n];
const DTYPE_COUNT = 27; // TensorProto_DataType members, UNDEFINED included

function decode(bytes) {
  return fromBinary(ModelProtoSchema, bytes);
}

function encode(model) {
  return toBinary(ModelProtoSchema, model);
}

function graphInputs(model) {
  const initializers = new Set(model.graph.initializer.map((tensor) => tensor.name));
  return model.graph.input.filter((input) => !initializers.has(input.name));
}

function truncate(bytes, rng) {
  const offset = intBelow(rng, bytes.length);
  return { bytes: bytes.slice(0, offset), note: `truncated to ${offset} of ${bytes.length} bytes` };
}

function bitflip(bytes, rng) {
  const out = bytes.slice();
  const flips = 1 + intBelow(rng, 8);
  const at = [];
  for (let i = 0; i < flips; i++) {
    const bit = intBelow(rng, out.length * 8);
    out[bit >> 3] ^= 1 << (bit & 7);
    at.push(bit);
  }
  return { bytes: out, note: `flipped bits ${at.join(', ')}` };
}

function overwrite(bytes, rng) {
  const out = bytes.slice();
  const length = 1 + intBelow(rng, 64);
  const start = intBelow(rng, Math.max(1, out.length - length));
  for (let i = start; i < Math.min(out.length, start + length); i++) out[i] = intBelow(rng, 256);
  return { bytes: out, note: `overwrote ${length} bytes at ${start} with random bytes` };
}

/** Sets one dim of one graph input (a fixed size, a named one, or a new rank-1 shape) to `value`. */
function setInputDim(bytes, rng, values, label) {
  const model = decode(bytes);
  const inputs = graphInputs(model).filter((input) => input.type?.value.case === 'tensorType');
  if (inputs.length === 0) return null;
  const input = pick(rng, inputs);
  const tensor = input.type.value.value;
  const value = pick(rng, values);
  if (!tensor.shape || tensor.shape.dim.length === 0) {
    tensor.shape = create(TensorShapeProtoSchema, { dim: [{ value: { case: 'dimValue', value } }] });
    return { bytes: encode(model), note: `input '${input.name}': shape set to [${value}] (${label})` };
  }
  const axis = intBelow(rng, tensor.shape.dim.length);
  tensor.shape.dim[axis].value = { case: 'dimValue', value };
  return { bytes: encode(model), note: `input '${input.name}': axis ${axis} set to ${value} (${label})` };
}

function initializerDims(bytes, rng) {
  const model = decode(bytes);
  const tensors = model.graph.initializer;
  if (tensors.length === 0) return null;
  const tensor = pick(rng, tensors);
  const value = pick(rng, [0n, ...HUGE_DIMS, ...NEGATIVE_DIMS]);
  if (tensor.dims.length === 0) tensor.dims.push(value);
  else tensor.dims[intBelow(rng, tensor.dims.length)] = value;
  return { bytes: encode(model), note: `initializer '${tensor.name}': dims set to [${tensor.dims.join(', ')}]` };
}

function otherDtype(rng, current) {
  let next = current;
  while (next === current) next = intBelow(rng, DTYPE_COUNT);
  return next;
}

const dtypeName = (value) => TensorProto_DataType[value] ?? `#${value}`;

function inputDtype(bytes, rng) {
  const model = decode(bytes);
  const inputs = graphInputs(model).filter((input) => input.type?.value.case === 'tensorType');
  if (inputs.length === 0) return null;
  const input = pick(rng, inputs);
  const tensor = input.type.value.value;
  const before = tensor.elemType;
  tensor.elemType = otherDtype(rng, before);
  return { bytes: encode(model), note: `input '${input.name}': ${dtypeName(before)} → ${dtypeName(tensor.elemType)}` };
}

function initializerDtype(bytes, rng) {
  const model = decode(bytes);
  const tensors = model.graph.initializer;
  if (tensors.length === 0) return null;
  const tensor = pick(rng, tensors);
  const before = tensor.dataType;
  tensor.dataType = otherDtype(rng, before);
  return { bytes: encode(model), note: `initializer '${tensor.name}': ${dtypeName(before)} → ${dtypeName(tensor.dataType)} (data unchanged)` };
}

/** Structural damage a broken exporter or a hand edit could leave behind. */
const SURGERIES = [
  [
    'drop a node',
    (model, rng) => {
      if (model.graph.node.length === 0) return null;
      const [node] = model.graph.node.splice(intBelow(rng, model.graph.node.length), 1);
      return `removed node '${node.name || node.opType}'`;
    },
  ],
  [
    'dangling node input',
    (model, rng) => {
      const nodes = model.graph.node.filter((node) => node.input.length > 0);
      if (nodes.length === 0) return null;
      const node = pick(rng, nodes);
      node.input[intBelow(rng, node.input.length)] = 'no_such_tensor';
      return `node '${node.name || node.opType}' reads 'no_such_tensor'`;
    },
  ],
  [
    'unknown ir version',
    (model, rng) => {
      model.irVersion = pick(rng, [999n, -1n, 1n]);
      return `ir_version set to ${model.irVersion}`;
    },
  ],
  [
    'unknown opset',
    (model, rng) => {
      const version = pick(rng, [0n, 999n, -5n]);
      for (const opset of model.opsetImport) opset.version = version;
      return `every opset version set to ${version}`;
    },
  ],
  [
    'duplicate input',
    (model) => {
      const inputs = graphInputs(model);
      if (inputs.length === 0) return null;
      model.graph.input.push(structuredClone(inputs[0]));
      return `input '${inputs[0].name}' declared twice`;
    },
  ],
  [
    'no outputs',
    (model) => {
      model.graph.output.splice(0);
      return 'graph outputs removed';
    },
  ],
  [
    'empty input name',
    (model) => {
      const inputs = graphInputs(model);
      if (inputs.length === 0) return null;
      const old = inputs[0].name;
      inputs[0].name = '';
      return `input '${old}' renamed to ''`;
    },
  ],
  [
    'node cycle',
    (model) => {
      const nodes = model.graph.node.filter((node) => node.input.length > 0 && node.output.length > 0);
      if (nodes.length === 0) return null;
      const node = nodes[0];
      node.input[0] = node.output[0];
      return `node '${node.name || node.opType}' reads its own output '${node.output[0]}'`;
    },
  ],
];

function graphSurgery(bytes, rng) {
  const model = decode(bytes);
  const start = intBelow(rng, SURGERIES.length);
  for (let i = 0; i < SURGERIES.length; i++) {
    const [, surgery] = SURGERIES[(start + i) % SURGERIES.length];
    const note = surgery(model, rng);
    if (note) return { bytes: encode(model), note };
  }
  return null;
}

/** name → mutation; a mutation returns null when the model has nothing it could change. */
export const MUTATIONS = {
  truncate,
  bitflip,
  overwrite,
  'dim-zero': (bytes, rng) => setInputDim(bytes, rng, [0n], 'zero'),
  'dim-huge': (bytes, rng) => setInputDim(bytes, rng, HUGE_DIMS, 'huge'),
  'dim-negative': (bytes, rng) => setInputDim(bytes, rng, NEGATIVE_DIMS, 'negative'),
  'initializer-dims': initializerDims,
  'input-dtype': inputDtype,
  'initializer-dtype': initializerDtype,
  'graph-surgery': graphSurgery,
};

export const MUTATION_KINDS = Object.keys(MUTATIONS);
