#!/usr/bin/env node
// Generates small, fully deterministic ONNX fixture models for tests/benchmarks.
//
//   node scripts/generate-fixtures.mjs [outDir]
//
// outDir defaults to <repo root>/fixtures/models (a given outDir is resolved
// against the current working directory). Each builder is exported and returns
// the serialized model as a Uint8Array; weights come from a seeded PRNG, so the
// output bytes are identical on every run and platform.

import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { create, toBinary } from '@bufbuild/protobuf';
import {
  AttributeProtoSchema,
  AttributeProto_AttributeType,
  GraphProtoSchema,
  ModelProtoSchema,
  NodeProtoSchema,
  OperatorSetIdProtoSchema,
  StringStringEntryProtoSchema,
  TensorProtoSchema,
  TensorProto_DataLocation,
  TensorProto_DataType,
  TensorShapeProtoSchema,
  TensorShapeProto_DimensionSchema,
  TypeProtoSchema,
  TypeProto_TensorSchema,
  ValueInfoProtoSchema,
} from 'onnx-buf';

export const IR_VERSION = 8n;
export const OPSET_VERSION = 17n;
export const PRODUCER_NAME = 'wasm-torch-bench fixtures';

// ---------------------------------------------------------------------------
// Deterministic PRNG (mulberry32) and weight helpers
// ---------------------------------------------------------------------------

/** mulberry32: returns a function yielding floats in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Float32 values uniform in [-limit, limit), encoded little-endian. */
function uniformFloat32Bytes(rng, count, limit) {
  const bytes = new Uint8Array(count * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < count; i++) {
    view.setFloat32(i * 4, (rng() * 2 - 1) * limit, true);
  }
  return bytes;
}

/** He-uniform limit for a layer with the given fan-in (keeps ReLU stacks stable). */
function heLimit(fanIn) {
  return Math.sqrt(6 / fanIn);
}

// ---------------------------------------------------------------------------
// Small proto builders
// ---------------------------------------------------------------------------

function dim(d) {
  return create(TensorShapeProto_DimensionSchema, {
    value: typeof d === 'string' ? { case: 'dimParam', value: d } : { case: 'dimValue', value: BigInt(d) },
  });
}

/** ValueInfo for a tensor; dims may be numbers or strings (named dynamic dims). */
function tensorValueInfo(name, elemType, dims) {
  return create(ValueInfoProtoSchema, {
    name,
    type: create(TypeProtoSchema, {
      value: {
        case: 'tensorType',
        value: create(TypeProto_TensorSchema, {
          elemType,
          shape: create(TensorShapeProtoSchema, { dim: dims.map(dim) }),
        }),
      },
    }),
  });
}

function floatInitializer(name, dims, rawData) {
  const expected = dims.reduce((a, b) => a * b, 1) * 4;
  if (rawData.byteLength !== expected) {
    throw new Error(`initializer ${name}: expected ${expected} bytes, got ${rawData.byteLength}`);
  }
  return create(TensorProtoSchema, {
    name,
    dataType: TensorProto_DataType.FLOAT,
    dims: dims.map((d) => BigInt(d)),
    rawData,
  });
}

function intsAttr(name, values) {
  return create(AttributeProtoSchema, {
    name,
    type: AttributeProto_AttributeType.INTS,
    ints: values.map((v) => BigInt(v)),
  });
}

function intAttr(name, value) {
  return create(AttributeProtoSchema, {
    name,
    type: AttributeProto_AttributeType.INT,
    i: BigInt(value),
  });
}

function floatAttr(name, value) {
  return create(AttributeProtoSchema, {
    name,
    type: AttributeProto_AttributeType.FLOAT,
    f: value,
  });
}

function node(opType, inputs, outputs, name, attribute = []) {
  return create(NodeProtoSchema, { opType, input: inputs, output: outputs, name, attribute });
}

function model({ name, nodes, initializers, inputs, outputs, docString, opsetVersion = OPSET_VERSION }) {
  const graph = create(GraphProtoSchema, {
    name,
    node: nodes,
    initializer: initializers,
    input: inputs,
    output: outputs,
  });
  const m = create(ModelProtoSchema, {
    irVersion: IR_VERSION,
    producerName: PRODUCER_NAME,
    docString,
    opsetImport: [create(OperatorSetIdProtoSchema, { domain: '', version: opsetVersion })],
    graph,
  });
  return toBinary(ModelProtoSchema, m);
}

// ---------------------------------------------------------------------------
// Fixture models
// ---------------------------------------------------------------------------

/** input float32 [1,64] -> MatMul 64x128 + b -> Relu -> MatMul 128x10 + b -> logits [1,10] */
export function buildTinyMlp() {
  const rng = mulberry32(0x5eed0001);
  const w1 = uniformFloat32Bytes(rng, 64 * 128, heLimit(64));
  const b1 = uniformFloat32Bytes(rng, 128, 0.1);
  const w2 = uniformFloat32Bytes(rng, 128 * 10, heLimit(128));
  const b2 = uniformFloat32Bytes(rng, 10, 0.1);
  return model({
    name: 'tiny_mlp',
    docString: 'Tiny 2-layer MLP: [1,64] -> [1,10]',
    nodes: [
      node('MatMul', ['input', 'fc1.weight'], ['fc1.matmul'], 'fc1_matmul'),
      node('Add', ['fc1.matmul', 'fc1.bias'], ['fc1.out'], 'fc1_add'),
      node('Relu', ['fc1.out'], ['relu1.out'], 'relu1'),
      node('MatMul', ['relu1.out', 'fc2.weight'], ['fc2.matmul'], 'fc2_matmul'),
      node('Add', ['fc2.matmul', 'fc2.bias'], ['logits'], 'fc2_add'),
    ],
    initializers: [floatInitializer('fc1.weight', [64, 128], w1), floatInitializer('fc1.bias', [128], b1), floatInitializer('fc2.weight', [128, 10], w2), floatInitializer('fc2.bias', [10], b2)],
    inputs: [tensorValueInfo('input', TensorProto_DataType.FLOAT, [1, 64])],
    outputs: [tensorValueInfo('logits', TensorProto_DataType.FLOAT, [1, 10])],
  });
}

export const LARGE_LAYERS = 5;
export const LARGE_WIDTH = 1024;

/** input float32 [1,1024] -> 5 x (MatMul 1024x1024 -> Relu) -> output [1,1024]; ~20 MiB of weights. */
export function buildLarge20mb() {
  const rng = mulberry32(0x5eed0002);
  const n = LARGE_WIDTH;
  const nodes = [];
  const initializers = [];
  let prev = 'input';
  for (let i = 0; i < LARGE_LAYERS; i++) {
    const w = `layer${i}.weight`;
    const mm = `layer${i}.matmul`;
    const out = i === LARGE_LAYERS - 1 ? 'output' : `layer${i}.out`;
    initializers.push(floatInitializer(w, [n, n], uniformFloat32Bytes(rng, n * n, heLimit(n))));
    nodes.push(node('MatMul', [prev, w], [mm], `layer${i}_matmul`));
    nodes.push(node('Relu', [mm], [out], `layer${i}_relu`));
    prev = out;
  }
  return model({
    name: 'large_20mb',
    docString: `${LARGE_LAYERS} x (MatMul ${n}x${n} -> Relu), ~20 MiB of float32 weights`,
    nodes,
    initializers,
    inputs: [tensorValueInfo('input', TensorProto_DataType.FLOAT, [1, n])],
    outputs: [tensorValueInfo('output', TensorProto_DataType.FLOAT, [1, n])],
  });
}

export const EMBEDDING_VOCAB = 100;
export const EMBEDDING_DIM = 32;
export const SEQ_LEN = 16;

/** ids int64 [1,16] -> Gather(embedding [100,32], axis 0) -> ReduceMean(axes=[1]) -> pooled [1,32] */
export function buildInt64Input() {
  const rng = mulberry32(0x5eed0003);
  return model({
    name: 'int64_input',
    docString: 'Embedding lookup + mean pooling over int64 token ids in [0,100)',
    nodes: [
      node('Gather', ['embedding.weight', 'ids'], ['embedded'], 'embedding_gather', [intAttr('axis', 0)]),
      node('ReduceMean', ['embedded'], ['pooled'], 'mean_pool', [intsAttr('axes', [1]), intAttr('keepdims', 0)]),
    ],
    initializers: [floatInitializer('embedding.weight', [EMBEDDING_VOCAB, EMBEDDING_DIM], uniformFloat32Bytes(rng, EMBEDDING_VOCAB * EMBEDDING_DIM, 1))],
    inputs: [tensorValueInfo('ids', TensorProto_DataType.INT64, [1, SEQ_LEN])],
    outputs: [tensorValueInfo('pooled', TensorProto_DataType.FLOAT, [1, EMBEDDING_DIM])],
  });
}

/** input float32 ["batch",32] -> MatMul 32x8 -> output ["batch",8] */
export function buildDynamicBatch() {
  const rng = mulberry32(0x5eed0004);
  return model({
    name: 'dynamic_batch',
    docString: 'Single MatMul with a named dynamic batch dimension',
    nodes: [node('MatMul', ['input', 'proj.weight'], ['output'], 'proj_matmul')],
    initializers: [floatInitializer('proj.weight', [32, 8], uniformFloat32Bytes(rng, 32 * 8, heLimit(32)))],
    inputs: [tensorValueInfo('input', TensorProto_DataType.FLOAT, ['batch', 32])],
    outputs: [tensorValueInfo('output', TensorProto_DataType.FLOAT, ['batch', 8])],
  });
}

export const TEXT_VOCAB = 100;
export const TEXT_HIDDEN = 32;

function int64Initializer(name, values) {
  const rawData = new Uint8Array(values.length * 8);
  const view = new DataView(rawData.buffer);
  for (const [i, value] of values.entries()) view.setBigInt64(i * 8, BigInt(value), true);
  return create(TensorProtoSchema, { name, dataType: TensorProto_DataType.INT64, dims: [BigInt(values.length)], rawData });
}

function floatScalars(name, values) {
  const rawData = new Uint8Array(values.length * 4);
  const view = new DataView(rawData.buffer);
  for (const [i, value] of values.entries()) view.setFloat32(i * 4, value, true);
  return floatInitializer(name, [values.length], rawData);
}

/**
 * A transformer-encoder export in miniature: input_ids and attention_mask, both int64
 * ["batch", "sequence"] (as torch.onnx.export names them with dynamic_axes) -> token embedding ->
 * one masked self-attention layer with a residual -> last_hidden_state ["batch", "sequence", 32]
 * and its mean over the sequence, pooled ["batch", 32].
 */
export function buildTextEncoder() {
  const rng = mulberry32(0x5eed0005);
  const h = TEXT_HIDDEN;
  const projection = (name) => floatInitializer(name, [h, h], uniformFloat32Bytes(rng, h * h, heLimit(h)));
  return model({
    name: 'text_encoder',
    docString: 'Embedding + one masked self-attention layer over int64 input_ids/attention_mask [batch, sequence]',
    nodes: [
      node('Gather', ['embedding.weight', 'input_ids'], ['embedded'], 'embedding_gather', [intAttr('axis', 0)]),
      node('MatMul', ['embedded', 'attention.query'], ['query'], 'query_matmul'),
      node('MatMul', ['embedded', 'attention.key'], ['key'], 'key_matmul'),
      node('MatMul', ['embedded', 'attention.value'], ['value'], 'value_matmul'),
      node('Transpose', ['key'], ['key_t'], 'key_transpose', [intsAttr('perm', [0, 2, 1])]),
      node('MatMul', ['query', 'key_t'], ['scores'], 'scores_matmul'),
      node('Mul', ['scores', 'attention.scale'], ['scaled'], 'scores_scale'),
      // (mask - 1) * 10000: 0 where attended, -10000 where masked out.
      node('Cast', ['attention_mask'], ['mask_float'], 'mask_cast', [intAttr('to', TensorProto_DataType.FLOAT)]),
      node('Unsqueeze', ['mask_float', 'mask.axes'], ['mask_rows'], 'mask_unsqueeze'),
      node('Sub', ['mask_rows', 'mask.one'], ['mask_shifted'], 'mask_shift'),
      node('Mul', ['mask_shifted', 'mask.penalty'], ['mask_bias'], 'mask_penalty'),
      node('Add', ['scaled', 'mask_bias'], ['masked'], 'scores_mask'),
      node('Softmax', ['masked'], ['weights'], 'attention_softmax', [intAttr('axis', -1)]),
      node('MatMul', ['weights', 'value'], ['context'], 'context_matmul'),
      node('Add', ['embedded', 'context'], ['last_hidden_state'], 'residual_add'),
      node('ReduceMean', ['last_hidden_state'], ['pooled'], 'mean_pool', [intsAttr('axes', [1]), intAttr('keepdims', 0)]),
    ],
    initializers: [
      floatInitializer('embedding.weight', [TEXT_VOCAB, h], uniformFloat32Bytes(rng, TEXT_VOCAB * h, 1)),
      projection('attention.query'),
      projection('attention.key'),
      projection('attention.value'),
      floatScalars('attention.scale', [1 / Math.sqrt(h)]),
      floatScalars('mask.one', [1]),
      floatScalars('mask.penalty', [10000]),
      int64Initializer('mask.axes', [1]),
    ],
    inputs: [tensorValueInfo('input_ids', TensorProto_DataType.INT64, ['batch', 'sequence']), tensorValueInfo('attention_mask', TensorProto_DataType.INT64, ['batch', 'sequence'])],
    outputs: [tensorValueInfo('last_hidden_state', TensorProto_DataType.FLOAT, ['batch', 'sequence', h]), tensorValueInfo('pooled', TensorProto_DataType.FLOAT, ['batch', h])],
  });
}

/** A well-formed model whose only node is an operator no runtime implements: session create must fail. */
export function buildUnsupportedOperator() {
  return model({
    name: 'unsupported_operator',
    docString: 'One node of an operator type that does not exist',
    nodes: [node('NoSuchOperator', ['input'], ['output'], 'mystery')],
    initializers: [],
    inputs: [tensorValueInfo('input', TensorProto_DataType.FLOAT, [1, 4])],
    outputs: [tensorValueInfo('output', TensorProto_DataType.FLOAT, [1, 4])],
  });
}

/** Every output element is NaN: sqrt(−(|x| + 1)). For --check-finite. */
export function buildNanOutput() {
  const one = new Uint8Array(4);
  new DataView(one.buffer).setFloat32(0, 1, true);
  return model({
    name: 'nan_output',
    docString: 'sqrt of a negative number: every output is NaN',
    nodes: [
      node('Abs', ['input'], ['abs'], 'abs'),
      node('Add', ['abs', 'one'], ['shifted'], 'add_one'),
      node('Neg', ['shifted'], ['negative'], 'negate'),
      node('Sqrt', ['negative'], ['output'], 'sqrt'),
    ],
    initializers: [floatInitializer('one', [1], one)],
    inputs: [tensorValueInfo('input', TensorProto_DataType.FLOAT, [1, 4])],
    outputs: [tensorValueInfo('output', TensorProto_DataType.FLOAT, [1, 4])],
  });
}

/**
 * Outputs that no two sessions agree on: `noisy` = input + RandomUniformLike(input) with no seed,
 * so every session draws its own values (a planted parity failure), beside `argmax`, an int64
 * output that every runtime must reproduce exactly.
 */
export function buildRandomOutput() {
  return model({
    name: 'random_output',
    docString: 'input plus unseeded uniform noise (differs per session), and the argmax of the input',
    nodes: [
      node('RandomUniformLike', ['input'], ['noise'], 'noise', [floatAttr('low', 0), floatAttr('high', 1)]),
      node('Add', ['input', 'noise'], ['noisy'], 'add_noise'),
      node('ArgMax', ['input'], ['argmax'], 'argmax', [intAttr('axis', 1), intAttr('keepdims', 0)]),
    ],
    initializers: [],
    inputs: [tensorValueInfo('input', TensorProto_DataType.FLOAT, [1, 8])],
    outputs: [tensorValueInfo('noisy', TensorProto_DataType.FLOAT, [1, 8]), tensorValueInfo('argmax', TensorProto_DataType.INT64, [1])],
  });
}

/** A well-formed model stamped with an opset no runtime implements (99): session create must refuse it. */
export function buildOpsetTooNew() {
  return model({
    name: 'opset_too_new',
    docString: 'Relu under ai.onnx opset 99',
    nodes: [node('Relu', ['input'], ['output'], 'relu')],
    initializers: [],
    inputs: [tensorValueInfo('input', TensorProto_DataType.FLOAT, [1, 4])],
    outputs: [tensorValueInfo('output', TensorProto_DataType.FLOAT, [1, 4])],
    opsetVersion: 99n,
  });
}

/** The file external-data-missing.onnx names for its weights; never generated. */
export const MISSING_EXTERNAL_DATA_FILE = 'external-data-missing.weights';

/** A model whose only initializer lives in an external data file that does not exist. */
export function buildExternalDataMissing() {
  const weight = create(TensorProtoSchema, {
    name: 'bias',
    dataType: TensorProto_DataType.FLOAT,
    dims: [1n, 4n],
    dataLocation: TensorProto_DataLocation.EXTERNAL,
    externalData: [
      create(StringStringEntryProtoSchema, { key: 'location', value: MISSING_EXTERNAL_DATA_FILE }),
      create(StringStringEntryProtoSchema, { key: 'offset', value: '0' }),
      create(StringStringEntryProtoSchema, { key: 'length', value: '16' }),
    ],
  });
  return model({
    name: 'external_data_missing',
    docString: `input + bias, the bias stored in ${MISSING_EXTERNAL_DATA_FILE} (absent)`,
    nodes: [node('Add', ['input', 'bias'], ['output'], 'add_bias')],
    initializers: [weight],
    inputs: [tensorValueInfo('input', TensorProto_DataType.FLOAT, [1, 4])],
    outputs: [tensorValueInfo('output', TensorProto_DataType.FLOAT, [1, 4])],
  });
}

/** Elements of huge-input.onnx's input: 4.8 GB of float32, beyond the 4 GiB a wasm32 runtime addresses. */
export const HUGE_INPUT_ELEMENTS = 1_200_000_000;

/** Elements of huge-intermediate.onnx's intermediate: 4 TiB of float32, which no runtime can allocate (none tries). */
export const HUGE_INTERMEDIATE_ELEMENTS = 2 ** 40;

/** Identity over a fixed input shape whose feed alone exceeds wasm32's 4 GiB. */
export function buildHugeInput() {
  return model({
    name: 'huge_input',
    docString: `Identity of float32 [1, ${HUGE_INPUT_ELEMENTS}] (4.8 GB)`,
    nodes: [node('Identity', ['input'], ['output'], 'identity')],
    initializers: [],
    inputs: [tensorValueInfo('input', TensorProto_DataType.FLOAT, [1, HUGE_INPUT_ELEMENTS])],
    outputs: [tensorValueInfo('output', TensorProto_DataType.FLOAT, [1, HUGE_INPUT_ELEMENTS])],
  });
}

/** [1,1] input expanded to a float32 [1, elements] intermediate, then summed back to [1,1]. */
function expandAndSum(name, elements, docString) {
  const shape = new Uint8Array(16);
  const view = new DataView(shape.buffer);
  view.setBigInt64(0, 1n, true);
  view.setBigInt64(8, BigInt(elements), true);
  return model({
    name,
    docString,
    nodes: [node('Expand', ['input', 'shape'], ['expanded'], 'expand'), node('ReduceSum', ['expanded'], ['output'], 'sum', [intAttr('keepdims', 1)])],
    initializers: [create(TensorProtoSchema, { name: 'shape', dataType: TensorProto_DataType.INT64, dims: [2n], rawData: shape })],
    inputs: [tensorValueInfo('input', TensorProto_DataType.FLOAT, [1, 1])],
    outputs: [tensorValueInfo('output', TensorProto_DataType.FLOAT, [1, 1])],
  });
}

/**
 * Small inputs and outputs, but an intermediate tensor of 4 TiB: the wasm runtime cannot even size
 * it (its 32-bit arithmetic overflows) and the native one cannot allocate it; both fail inside
 * run() without allocating anything.
 */
export function buildHugeIntermediate() {
  return expandAndSum('huge_intermediate', HUGE_INTERMEDIATE_ELEMENTS, `Expand [1,1] to [1, 2^40] float32 (4 TiB), then ReduceSum`);
}

/** Elements of memory-hungry.onnx's intermediate: 1 GiB of float32, which the runtime really allocates and fills. */
export const MEMORY_HUNGRY_ELEMENTS = 256 * 1024 ** 2;

/** A model that needs 1 GiB of memory inside run(), for --memory-limit. */
export function buildMemoryHungry() {
  return expandAndSum('memory_hungry', MEMORY_HUNGRY_ELEMENTS, `Expand [1,1] to [1, ${MEMORY_HUNGRY_ELEMENTS}] float32 (1 GiB), then ReduceSum`);
}

/** File name -> builder, in generation order. */
export const FIXTURES = Object.freeze({
  'tiny-mlp.onnx': buildTinyMlp,
  'large-20mb.onnx': buildLarge20mb,
  'int64-input.onnx': buildInt64Input,
  'dynamic-batch.onnx': buildDynamicBatch,
  'text-encoder.onnx': buildTextEncoder,
  'unsupported-operator.onnx': buildUnsupportedOperator,
  'nan-output.onnx': buildNanOutput,
  'random-output.onnx': buildRandomOutput,
  'opset-too-new.onnx': buildOpsetTooNew,
  'external-data-missing.onnx': buildExternalDataMissing,
  'huge-input.onnx': buildHugeInput,
  'huge-intermediate.onnx': buildHugeIntermediate,
  'memory-hungry.onnx': buildMemoryHungry,
});

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_OUT_DIR = join(REPO_ROOT, 'fixtures', 'models');

/**
 * Writes every fixture into outDir (created if missing; existing files are
 * overwritten with identical bytes). Returns [{ name, path, bytes, sha256 }].
 */
export function generateFixtures(outDir = DEFAULT_OUT_DIR) {
  mkdirSync(outDir, { recursive: true });
  const results = [];
  for (const [name, build] of Object.entries(FIXTURES)) {
    const data = build();
    const path = join(outDir, name);
    writeFileSync(path, data);
    const sha256 = createHash('sha256').update(data).digest('hex');
    results.push({ name, path, bytes: data.byteLength, sha256 });
  }
  return results;
}

function isEntryPoint() {
  if (!process.argv[1]) return false;
  try {
    return import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  const outDir = process.argv[2] ? resolve(process.cwd(), process.argv[2]) : DEFAULT_OUT_DIR;
  for (const { name, bytes, sha256 } of generateFixtures(outDir)) {
    console.log(`${name}\t${bytes}\t${sha256}`);
  }
}
