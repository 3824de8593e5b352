import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema, TensorShapeProto_DimensionSchema } from 'onnx-buf';
import { resolveFeedSpecs } from '../../src/plan/feed-specs.js';
import { parseModelInfo } from '../../src/plan/model-info.js';
import { fixture } from '../helpers/fixtures.js';

/** tiny-mlp (input 'input' [1, 64] float32) with its input's axis set to `value`. */
function tinyMlpWithDim(axis: number, value: bigint): Uint8Array {
  const model = fromBinary(ModelProtoSchema, readFileSync(fixture('tiny-mlp').absolutePath));
  const type = model.graph?.input[0]?.type?.value;
  if (type?.case !== 'tensorType' || !type.value.shape) throw new Error('tiny-mlp changed: its first input is not a shaped tensor');
  type.value.shape.dim[axis] = create(TensorShapeProto_DimensionSchema, { value: { case: 'dimValue', value } });
  return toBinary(ModelProtoSchema, model);
}

describe('declared dims a model file should not have', () => {
  it('reads a negative dim (-1 from some exporters) as dynamic, so the shape is asked for instead of a crash', async () => {
    const info = parseModelInfo('neg.onnx', tinyMlpWithDim(0, -1n));
    expect(info.inputs[0]?.shape).toEqual([null, 64]);
    await expect(resolveFeedSpecs(info, {})).rejects.toMatchObject({ code: 'INPUT_SHAPE_REQUIRED', message: expect.stringMatching(/pass --input-shape input=1,64/) });
  });

  it('refuses a fixed dim whose feed cannot fit in a WebAssembly runtime, naming the size, before any worker starts', async () => {
    const info = parseModelInfo('huge.onnx', tinyMlpWithDim(0, 1n << 40n));
    await expect(resolveFeedSpecs(info, {})).rejects.toMatchObject({
      code: 'OUT_OF_MEMORY',
      message: expect.stringMatching(
        /input 'input' is declared float32 \[1099511627776, 64\], which needs .* more than the 2\.15 GB \(2 GiB\) a feed can have .*use a model with smaller inputs, or check its export/,
      ),
    });
  });

  it('refuses a given shape whose feed is too large, saying to give a smaller one', async () => {
    const info = parseModelInfo('tiny.onnx', tinyMlpWithDim(0, -1n));
    const spec = { shape: [100_000_000, 64], dtype: null, values: null, origin: '--input-shape input' };
    await expect(resolveFeedSpecs(info, { input: spec })).rejects.toMatchObject({
      code: 'INPUT_SPEC_INVALID',
      message: expect.stringMatching(/--input-shape input=100000000,64 makes input 'input' \(float32\) a feed that needs 25\.6 GB .*; give a smaller shape/),
    });
  });

  it('still feeds a zero-sized dim (an empty batch is a valid tensor)', async () => {
    const info = parseModelInfo('zero.onnx', tinyMlpWithDim(0, 0n));
    await expect(resolveFeedSpecs(info, {})).resolves.toMatchObject([{ name: 'input', shape: [0, 64] }]);
  });
});

describe('declared input types the feed generator cannot fill', () => {
  it('names the type, the supported ones and what to do', async () => {
    const model = fromBinary(ModelProtoSchema, readFileSync(fixture('tiny-mlp').absolutePath));
    const type = model.graph?.input[0]?.type?.value;
    if (type?.case !== 'tensorType') throw new Error('tiny-mlp changed: its first input is not a tensor');
    type.value.elemType = 14; // COMPLEX64
    const info = parseModelInfo('complex.onnx', toBinary(ModelProtoSchema, model));
    await expect(resolveFeedSpecs(info, {})).rejects.toMatchObject({
      code: 'INPUT_SPEC_INVALID',
      message: expect.stringMatching(/input 'input' has type complex64, which the feed generator cannot fill \(supported: float32, .*\); export the model with inputs of one of these types/),
    });
  });
});

describe('opset versions a model file should not have', () => {
  it('refuses an opset version below 1 as not a valid model, before any worker starts', () => {
    const model = fromBinary(ModelProtoSchema, readFileSync(fixture('tiny-mlp').absolutePath));
    for (const opset of model.opsetImport) opset.version = 0n;
    expect(() => parseModelInfo('opset0.onnx', toBinary(ModelProtoSchema, model))).toThrow(
      expect.objectContaining({
        code: 'MODEL_INVALID',
        message: expect.stringMatching(/opset0\.onnx is not a valid ONNX model: it imports opset ai\.onnx version 0, and opset versions start at 1.*export or download the model again/),
      }),
    );
  });
});
