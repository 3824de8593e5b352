/**
 * Named dims (--dim name=size, WTB_DIM, `dims` in a config file): parsing, filling the dim in every
 * input that declares it, agreeing with --input-shape and a config entry's shape, a name no model
 * declares, and what the report records. The planner and the CLI are real (in-process, on the
 * simulated runtime); the one run on onnxruntime-web is in test/e2e/run-models.test.ts.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema, TensorShapeProto_DimensionSchema } from 'onnx-buf';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AbReport } from '../../src/report/ab-schema.js';
import type { RunReport } from '../../src/report/schema.js';
import { resolveFeedSpecs } from '../../src/plan/feed-specs.js';
import { loadModelInfo } from '../../src/plan/model-info.js';
import type { DimSize, InputSpec } from '../../src/types.js';
import { QUICK, readJson, tempDir } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';
import { runSimulated } from '../helpers/run-main.js';
import { abReportSchemaErrors, reportSchemaErrors } from '../helpers/validate.js';

const encoder = () => fixture('text-encoder').path;
const dynamicBatch = () => fixture('dynamic-batch').path;
const dim = (name: string, size: number): DimSize => ({ name, size, origin: `--dim ${name}=${size}` });
/** The model with every input's dims fixed at `sizes`. */
function withFixedInputDims(bytes: Uint8Array, sizes: number[]): Uint8Array {
  const model = fromBinary(ModelProtoSchema, bytes);
  for (const input of model.graph?.input ?? []) {
    const type = input.type?.value;
    if (type?.case !== 'tensorType' || !type.value.shape) throw new Error(`input ${input.name} is not a shaped tensor`);
    type.value.shape.dim = sizes.map((size) => create(TensorShapeProto_DimensionSchema, { value: { case: 'dimValue', value: BigInt(size) } }));
  }
  return toBinary(ModelProtoSchema, model);
}
const shapeFlag = (name: string, shape: number[]): InputSpec => ({ shape, dtype: null, values: null, origin: `--input-shape ${name}` });

describe('--dim: what it accepts (exit 2 with the right form otherwise)', () => {
  it.each([
    ['no "="', ['--dim', 'sequence'], '--dim "sequence" is not of the form <dim>=<size>; for example --dim sequence=128'],
    ['no name', ['--dim', '=16'], '--dim "=16" is not of the form <dim>=<size>; for example --dim sequence=128'],
    ['a size of 0', ['--dim', 'sequence=0'], '--dim sequence=0: the size must be a whole number from 1 up, e.g. --dim sequence=128'],
    ['a fraction', ['--dim', 'sequence=1.5'], '--dim sequence=1.5: the size must be a whole number from 1 up, e.g. --dim sequence=128'],
    ['a name twice with two sizes', ['--dim', 'sequence=16', '--dim', 'sequence=32'], "--dim sets dim 'sequence' twice, to 16 and 32; give it once, e.g. --dim sequence=16"],
  ])('%s', async (_label, flags, message) => {
    const result = await runSimulated([encoder(), ...flags, '--out', path.join(tempDir(), 'reports')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`wasm-torch-bench: ${message}\n`);
    expect(result.stdout).toBe('');
  });

  it('WTB_DIM is a comma list, worded as the variable in its messages', async () => {
    const result = await runSimulated([encoder(), '--out', path.join(tempDir(), 'reports')], {}, { env: { WTB_DIM: 'batch=1,sequence=x' } });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('WTB_DIM sequence=x: the size must be a whole number from 1 up, e.g. WTB_DIM=sequence=128');
  });

  it('a name given twice with one size is that size; layers merge name by name (flag over variable over file)', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'wasm-torch-bench.config.json'), JSON.stringify({ models: [encoder()], dims: { batch: 2, sequence: 128 } }));
    const result = await runSimulated(['--print-config', '--dim', 'sequence=16', '--dim', 'sequence=16'], {}, { cwd: dir, env: { WTB_DIM: 'batch=4' } });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^dims +batch=4, sequence=16 +← dims in .*wasm-torch-bench\.config\.json \+ env WTB_DIM \+ flag --dim$/m);
  });
});

describe('shape resolution with named dims', () => {
  it('inspect offers one --dim per named dim', async () => {
    const result = await runSimulated(['inspect', encoder()]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('dynamic dims: to run this model pass e.g. --input-shape input_ids=1,1 --input-shape attention_mask=1,1');
    expect(result.stdout).toContain('named dims: or size each once for every input that has it, e.g. --dim batch=1 --dim sequence=1');
  });

  it('fills the named dim in every input that declares it', async () => {
    const info = await loadModelInfo(encoder());
    const feeds = await resolveFeedSpecs(info, {}, null, [dim('batch', 2), dim('sequence', 16)]);
    expect(feeds.map((feed) => [feed.name, feed.dtype, feed.shape])).toEqual([
      ['input_ids', 'int64', [2, 16]],
      ['attention_mask', 'int64', [2, 16]],
    ]);
  });

  it('a dim left open is still asked for, naming only that dim and the --dim that sizes it', async () => {
    const info = await loadModelInfo(encoder());
    await expect(resolveFeedSpecs(info, {}, null, [dim('batch', 4)])).rejects.toMatchObject({
      code: 'INPUT_SHAPE_REQUIRED',
      message: `${info.path}: input 'input_ids' [batch, sequence] has dynamic dim 'sequence' at axis 1; input 'attention_mask' [batch, sequence] has dynamic dim 'sequence' at axis 1; pass --input-shape input_ids=4,1, pass --input-shape attention_mask=4,1 (replace the 1s at dynamic axes with the sizes you want to measure) (or give the shape under "inputs" in a config file); or size each named dim once for every input: --dim sequence=1`,
    });
  });

  it('an --input-shape that agrees with the dims is taken; one input may be shaped while the dims shape the other', async () => {
    const info = await loadModelInfo(encoder());
    const feeds = await resolveFeedSpecs(info, { input_ids: shapeFlag('input_ids', [1, 16]) }, null, [dim('batch', 1), dim('sequence', 16)]);
    expect(feeds.map((feed) => feed.shape)).toEqual([
      [1, 16],
      [1, 16],
    ]);
  });

  it('an --input-shape against a --dim is exit 2 naming both and which to drop', async () => {
    const result = await runSimulated([encoder(), '--dim', 'batch=1', '--dim', 'sequence=16', '--input-shape', 'input_ids=1,32', ...QUICK, '--out', tempDir()]);
    expect(result.status).toBe(2);
    expect(result.stdout).toContain(
      "INPUT_SPEC_INVALID fixtures/models/text-encoder.onnx: --input-shape input_ids=1,32 sets 'sequence' (axis 1 of input 'input_ids') to 32, but --dim sequence=16 sets it to 16; drop --input-shape input_ids (the named dim shapes every input that has 'sequence'), or change --dim sequence=16 to 32",
    );
  });

  it('a name only some models declare shapes those, and leaves the others alone', async () => {
    const out = tempDir();
    const result = await runSimulated([encoder(), dynamicBatch(), fixture('tiny-mlp').path, '--dim', 'batch=2', '--dim', 'sequence=8', ...QUICK, '--out', out]);
    expect(result.status).toBe(0);
    const report = readJson<RunReport>(path.join(out, 'wasm-torch-bench.json'));
    expect(report.results.map((row) => [row.model.name, row.dims, row.feeds.map((feed) => feed.shape)])).toEqual([
      [
        'text-encoder.onnx',
        { batch: 2, sequence: 8 },
        [
          [2, 8],
          [2, 8],
        ],
      ],
      ['dynamic-batch.onnx', { batch: 2 }, [[2, 32]]],
      ['tiny-mlp.onnx', {}, [[1, 64]]],
    ]);
  });
});

describe('a dim name no model declares (exit 2, listing the names the models have)', () => {
  it('one model: its inputs with their dims, and the names to use', async () => {
    const result = await runSimulated([encoder(), '--dim', 'seq_len=16', '--out', path.join(tempDir(), 'reports')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      "wasm-torch-bench: --dim seq_len=16: the model does not declare a dim named 'seq_len' (inputs: input_ids[batch, sequence], attention_mask[batch, sequence]); use one of 'batch', 'sequence'\n",
    );
  });

  it("several models: each model's inputs; a near name is offered", async () => {
    const result = await runSimulated([encoder(), fixture('tiny-mlp').path, '--dim', 'bach=1', '--out', path.join(tempDir(), 'reports')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      "--dim bach=1: no model declares a dim named 'bach' (inputs: text-encoder.onnx: input_ids[batch, sequence], attention_mask[batch, sequence]; tiny-mlp.onnx: input[1, 64]); did you mean 'batch'? use one of 'batch', 'sequence'",
    );
  });

  it('a model whose dims are all fixed: drop the --dim', async () => {
    const result = await runSimulated([fixture('tiny-mlp').path, '--dim', 'batch=1', '--out', path.join(tempDir(), 'reports')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      "--dim batch=1: the model does not declare a dim named 'batch' (inputs: input[1, 64]); it names no dynamic dim, so drop it (fixed dims cannot be changed; --input-shape sizes an unnamed dynamic dim)",
    );
  });

  it("ab: each side's inputs", async () => {
    const result = await runSimulated(['ab', encoder(), encoder(), '--dim', 'seq_len=16', '--runtime', 'node-wasm', '--out', path.join(tempDir(), 'out')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      `--dim seq_len=16: no model declares a dim named 'seq_len' (inputs: side A (${encoder()}): input_ids[batch, sequence], attention_mask[batch, sequence]; side B (${encoder()}): input_ids[batch, sequence], attention_mask[batch, sequence]); use one of 'batch', 'sequence'`,
    );
  });

  it('profile takes --dim too', async () => {
    const out = path.join(tempDir(), 'p');
    const result = await runSimulated(['profile', fixture('tiny-mlp').path, '--dim', 'batch=1', '--out', out]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("--dim batch=1: the model does not declare a dim named 'batch'");
  });
});

describe('what the reports record', () => {
  it('run: the dims asked for in settings, the dims each row used, and the feeds they shaped', async () => {
    const out = tempDir();
    const result = await runSimulated([encoder(), '--dim', 'batch=1', '--dim', 'sequence=16', ...QUICK, '--out', out]);
    expect(result.status).toBe(0);
    const report = readJson<RunReport>(path.join(out, 'wasm-torch-bench.json'));
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(report.settings.dims).toEqual({ batch: 1, sequence: 16 });
    expect(report.results[0]?.dims).toEqual({ batch: 1, sequence: 16 });
    expect(report.results[0]?.feeds).toEqual([
      { name: 'input_ids', dtype: 'int64', shape: [1, 16], values: null },
      { name: 'attention_mask', dtype: 'int64', shape: [1, 16], values: null },
    ]);
  });

  it('ab: the dims in its settings; a side with the dims fixed (as make_dynamic_shape_fixed writes it) takes them too', async () => {
    const out = tempDir();
    const fixed = path.join(tempDir(), 'text-encoder-fixed.onnx');
    writeFileSync(fixed, withFixedInputDims(readFileSync(fixture('text-encoder').absolutePath), [1, 16]));
    const result = await runSimulated(['ab', encoder(), fixed, '--dim', 'batch=1', '--dim', 'sequence=16', '--runtime', 'node-wasm', '--max-time', '1m', '--out', out]);
    expect(result.stderr).not.toContain('internal error');
    const report = readJson<AbReport>(path.join(out, 'wasm-torch-bench-ab.json'));
    expect(abReportSchemaErrors(report)).toEqual([]);
    expect(report.settings.dims).toEqual({ batch: 1, sequence: 16 });
    expect(report.rows[0]?.status).toBe('ok');
  });

  it('ab: a --dim at another size than side B fixes is exit 2 before anything runs, with the size to give', async () => {
    const out = path.join(tempDir(), 'out');
    const fixed = path.join(tempDir(), 'text-encoder-fixed.onnx');
    writeFileSync(fixed, withFixedInputDims(readFileSync(fixture('text-encoder').absolutePath), [1, 16]));
    const result = await runSimulated(['ab', encoder(), fixed, '--dim', 'batch=1', '--dim', 'sequence=32', '--runtime', 'node-wasm', '--out', out]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      "side B fixes axis 1 of input 'input_ids' ('sequence' in A) at 16, but the feeds both sides get have 32 there (input_ids [1, 32]); give both that size: --dim sequence=16",
    );
    expect(existsSync(out)).toBe(false);
  });
});
