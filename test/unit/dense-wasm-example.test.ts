/**
 * The dense-wasm example adapter (examples/dense-wasm), in process: the kernel is built with
 * build.mjs, models are written by make-model.mjs into a temp folder, and the adapter reads them
 * from disk. The harness's own wasm probe watches the instantiation and the memory.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as adapter from '../../examples/dense-wasm/adapter.mjs';
import type { DenseSession, Tensor } from '../../examples/dense-wasm/adapter.mjs';
import { buildKernel, compileWat, DEFAULT_WASM_PATH, DEFAULT_WAT_PATH } from '../../examples/dense-wasm/build.mjs';
import { denseReference, readModelFloats } from '../../examples/dense-wasm/reference.mjs';
import type { WasmProbe } from '../../src/harness/contracts.js';
import { mulberry32 } from '../../src/harness/feeds.js';
import { installWasmProbe } from '../../src/harness/memory-probe.js';
import { tempDir } from '../helpers/cli.js';

const MAKE_MODEL = fileURLToPath(new URL('../../examples/dense-wasm/make-model.mjs', import.meta.url));
const HEADER_BYTES = 20;
const RELATIVE_TOLERANCE = 1e-5;

let dir: string;
let probe: WasmProbe;
const savedWasm = { Memory: WebAssembly.Memory, instantiate: WebAssembly.instantiate, instantiateStreaming: WebAssembly.instantiateStreaming };

beforeAll(async () => {
  dir = tempDir('dense-wasm-example-');
  await buildKernel();
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function makeModel(inDim: number, outDim: number, seed = 1, fileName = `dense-${inDim}x${outDim}-seed${seed}.dwm`): string {
  const file = path.join(dir, fileName);
  execFileSync(process.execPath, [MAKE_MODEL, file, '--in', String(inDim), '--out', String(outDim), '--seed', String(seed)], { stdio: 'pipe' });
  return file;
}

/** A model file written here byte by byte from the documented layout, independent of make-model.mjs. */
function writeModelFile(fileName: string, inDim: number, outDim: number, weights: number[], bias: number[]): string {
  const bytes = new Uint8Array(HEADER_BYTES + (weights.length + bias.length) * 4);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode('WTBDENSE'), 0);
  view.setUint32(8, 1, true);
  view.setUint32(12, inDim, true);
  view.setUint32(16, outDim, true);
  [...weights, ...bias].forEach((value, k) => {
    view.setFloat32(HEADER_BYTES + k * 4, value, true);
  });
  const file = path.join(dir, fileName);
  writeFileSync(file, bytes);
  return file;
}

function randomInput(length: number, seed: number): Float32Array {
  const random = mulberry32(seed);
  return Float32Array.from({ length }, () => random() * 2 - 1);
}

function feed(data: Float32Array, dims = [1, data.length]): Record<string, Tensor> {
  return { x: { type: 'float32', dims, data } };
}

async function runY(session: DenseSession, x: Float32Array): Promise<Float32Array> {
  const result = await adapter.run(session, feed(x));
  const y = result.y;
  if (!y) throw new Error(`run returned no "y": ${Object.keys(result).join(', ')}`);
  expect(y.type).toBe('float32');
  expect(y.dims).toEqual([1, session.outDim]);
  return y.data;
}

function expectClose(actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  const offIndex = expected.findIndex((value, j) => !(Math.abs((actual[j] as number) - value) <= RELATIVE_TOLERANCE * Math.abs(value)));
  expect(offIndex === -1 ? null : `y[${offIndex}] = ${actual[offIndex]}, expected ${expected[offIndex]}`).toBeNull();
}

async function expectLoadError(bytes: Uint8Array, fileName: string, message: RegExp): Promise<void> {
  const file = path.join(dir, fileName);
  writeFileSync(file, bytes);
  await expect(adapter.load(readFileSync(file))).rejects.toThrow(message);
}

describe('dense-wasm kernel build', () => {
  it('compiles the same .wat to the same bytes every time', async () => {
    const watText = readFileSync(DEFAULT_WAT_PATH, 'utf8');
    const first = await compileWat(watText);
    expect(Buffer.from(await compileWat(watText)).equals(Buffer.from(first))).toBe(true);
    expect(Buffer.from(readFileSync(DEFAULT_WASM_PATH)).equals(Buffer.from(first))).toBe(true);
  });

  it('computes every row of a batch (the adapter only runs batch 1)', () => {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(DEFAULT_WASM_PATH)));
    const memory = instance.exports.memory as WebAssembly.Memory;
    const dense = instance.exports.dense as (...args: number[]) => void;
    const model = readModelFloats(readFileSync(makeModel(11, 6, 7)));
    const batch = 3;
    const x = randomInput(batch * 11, 99);
    // x at 0, W at 256, b at 1024, y at 2048: the kernel needs no alignment.
    const floats = new Float32Array(memory.buffer);
    floats.set(x, 0);
    floats.set(model.weights, 64);
    floats.set(model.bias, 256);
    dense(0, 256, 1024, 2048, batch, 11, 6);
    expectClose(floats.slice(512, 512 + batch * 6), denseReference(model, x, batch));
  });
});

describe('dense-wasm adapter', () => {
  // Installed here, not for the build tests: wabt instantiates WebAssembly of its own.
  beforeAll(async () => {
    probe = installWasmProbe(performance);
    await adapter.init({ threads: 1 });
  });
  afterAll(() => {
    Object.assign(WebAssembly, savedWasm);
  });

  it('names itself', () => {
    expect(adapter.name).toBe('dense-wasm');
    expect(adapter.version).toBe('1.0.0');
  });

  it('instantiates once, through WebAssembly.instantiate, with one memory the harness can see', () => {
    expect(probe.instantiateSpans()).toHaveLength(1);
    expect(probe.memoryCount()).toBe(1);
  });

  it('describes x as float32 [1, inDim] and y as float32 [1, outDim]', async () => {
    const session = await adapter.load(readFileSync(makeModel(33, 17)), { threads: 1 });
    expect(adapter.inputs(session)).toEqual([{ name: 'x', dtype: 'float32', shape: [1, 33] }]);
    expect(adapter.outputs(session)).toEqual([{ name: 'y', dtype: 'float32', shape: [1, 17] }]);
    await adapter.dispose(session);
  });

  const sizes: Array<[number, number]> = [
    [256, 128],
    [64, 16],
    [33, 17],
    [7, 5],
    [13, 3],
    [1, 1],
    [5, 130],
  ];
  for (const [inDim, outDim] of sizes) {
    it(`matches the JS reference for ${inDim}×${outDim}`, async () => {
      const bytes = readFileSync(makeModel(inDim, outDim, inDim * 1000 + outDim));
      const model = readModelFloats(bytes);
      const session = await adapter.load(bytes);
      let zeros = 0;
      for (const seed of [1, 2, 3]) {
        const x = randomInput(inDim, seed);
        const expected = denseReference(model, x);
        expectClose(await runY(session, x), expected);
        zeros += expected.filter((value) => value === 0).length;
      }
      // The seeded weights give both signs, so larger layers must show the ReLU at work.
      if (outDim >= 16) expect(zeros).toBeGreaterThan(0);
      await adapter.dispose(session);
    });
  }

  it('zeroes negative pre-activations, in whole vectors and in the tail', async () => {
    // outDim 5: columns 0–3 go through the four-lane path, column 4 through the scalar tail.
    const weights = [1, -1, 2, -2, 0.5, 0, 0, 0, 0, -1];
    const bias = [0, 0, -5, 0.25, 0];
    const session = await adapter.load(readFileSync(writeModelFile('relu.dwm', 2, 5, weights, bias)));
    expect(Array.from(await runY(session, Float32Array.from([1, 3])))).toEqual([1, 0, 0, 0, 0]);
    expect(Array.from(await runY(session, Float32Array.from([1, 0])))).toEqual([1, 0, 0, 0, 0.5]);
    expect(Array.from(await runY(session, Float32Array.from([-1, -1])))).toEqual([0, 1, 0, 2.25, 0.5]);
    await adapter.dispose(session);
  });

  it('returns a new array each run, and sessions over one memory keep to their own bytes', async () => {
    const bytesA = readFileSync(makeModel(40, 24, 11));
    const bytesB = readFileSync(makeModel(24, 9, 12));
    const a = await adapter.load(bytesA);
    const b = await adapter.load(bytesB);
    const xA = randomInput(40, 5);
    const xB = randomInput(24, 6);
    const first = await runY(a, xA);
    const firstCopy = first.slice();
    expectClose(await runY(b, xB), denseReference(readModelFloats(bytesB), xB));
    const second = await runY(a, randomInput(40, 8));
    expect(second).not.toBe(first);
    expect(first).toEqual(firstCopy);
    expectClose(await runY(a, xA), denseReference(readModelFloats(bytesA), xA));
    await adapter.dispose(a);
    expectClose(await runY(b, xB), denseReference(readModelFloats(bytesB), xB));
    await adapter.dispose(b);
  });

  it('keeps the weights in wasm memory, growing it to fit the model', async () => {
    const before = probe.linearMemoryPeakBytes();
    const weightBytes = 512 * 300 * 4;
    const session = await adapter.load(readFileSync(makeModel(512, 300)));
    expect(probe.linearMemoryPeakBytes()).toBeGreaterThanOrEqual(Math.max(before, weightBytes));
    expect(probe.memoryCount()).toBe(1);
    await adapter.dispose(session);
  });

  it('does not grow memory over repeated runs', async () => {
    const session = await adapter.load(readFileSync(makeModel(256, 128)));
    const x = randomInput(256, 4);
    await runY(session, x);
    const afterFirstRunBytes = probe.linearMemoryPeakBytes();
    for (let k = 0; k < 200; k++) await runY(session, x);
    expect(probe.linearMemoryPeakBytes()).toBe(afterFirstRunBytes);
    await adapter.dispose(session);
  });

  it('dispose gives the memory back: loading and disposing in turn does not grow it', async () => {
    const bytes = readFileSync(makeModel(300, 200));
    await adapter.dispose(await adapter.load(bytes));
    const afterOneCycleBytes = probe.linearMemoryPeakBytes();
    for (let k = 0; k < 10; k++) {
      const session = await adapter.load(bytes);
      await runY(session, randomInput(300, k));
      await adapter.dispose(session);
    }
    expect(probe.linearMemoryPeakBytes()).toBe(afterOneCycleBytes);
  });

  it('a disposed session refuses to run, and disposing twice is harmless', async () => {
    const session = await adapter.load(readFileSync(makeModel(7, 5)));
    await adapter.dispose(session);
    await adapter.dispose(session);
    await expect(adapter.run(session, feed(randomInput(7, 1)))).rejects.toThrow(/cannot run: the session was disposed/);
    expect(() => adapter.inputs(session)).toThrow(/disposed/);
  });

  describe('feeds that do not fit', () => {
    let session: DenseSession;
    beforeAll(async () => {
      session = await adapter.load(readFileSync(makeModel(7, 5)));
    });
    afterAll(async () => {
      await adapter.dispose(session);
    });

    it('names the input and the expected shape for a wrong shape', async () => {
      await expect(adapter.run(session, feed(randomInput(6, 1)))).rejects.toThrow('input "x" must be float32 [1, 7], got float32 [1, 6]');
      await expect(adapter.run(session, feed(randomInput(7, 1), [7]))).rejects.toThrow('input "x" must be float32 [1, 7], got float32 [7]');
      await expect(adapter.run(session, feed(randomInput(14, 1), [2, 7]))).rejects.toThrow('input "x" must be float32 [1, 7], got float32 [2, 7]');
    });

    it('names the input for a wrong type, wrong data or missing input', async () => {
      const int32 = { x: { type: 'int32', dims: [1, 7], data: new Float32Array(7) } };
      await expect(adapter.run(session, int32)).rejects.toThrow('input "x" must be float32 [1, 7], got int32 [1, 7]');
      const float64 = { x: { type: 'float32', dims: [1, 7], data: new Float64Array(7) as unknown as Float32Array } };
      await expect(adapter.run(session, float64)).rejects.toThrow('input "x" (float32 [1, 7]) needs a Float32Array of 7 values as data, got a Float64Array of 7');
      const short = { x: { type: 'float32', dims: [1, 7], data: new Float32Array(6) } };
      await expect(adapter.run(session, short)).rejects.toThrow('needs a Float32Array of 7 values as data, got a Float32Array of 6');
      await expect(adapter.run(session, {})).rejects.toThrow('input "x" is missing; expected float32 [1, 7]');
      const renamed = { input: { type: 'float32', dims: [1, 7], data: new Float32Array(7) } };
      await expect(adapter.run(session, renamed)).rejects.toThrow('unknown input "input"; the model\'s only input is "x"');
    });
  });

  describe('model files that are not right', () => {
    // 7×5: a 20-byte header, 35 weights and 5 biases, 4 bytes each.
    const validBytes = 20 + (35 + 5) * 4;
    let valid: Uint8Array;
    beforeAll(() => {
      valid = new Uint8Array(readFileSync(makeModel(7, 5)));
      expect(valid.byteLength).toBe(validBytes);
    });

    const patched = (offset: number, value: number) => {
      const copy = valid.slice();
      new DataView(copy.buffer).setUint32(offset, value, true);
      return copy;
    };

    it('a wrong magic: says what the file starts with and what was expected', async () => {
      const onnxLike = valid.slice();
      onnxLike.set(new TextEncoder().encode('\x08\x07\x12\x07pytorch'), 0);
      await expectLoadError(onnxLike, 'onnx-like.dwm', /not a dense-wasm model: the file starts with "\.\.\.\.pyto", expected the magic "WTBDENSE"/);
    });

    it('a truncated body: gives the dims, the length they need and the length found', async () => {
      await expectLoadError(
        valid.subarray(0, validBytes - 10),
        'truncated.dwm',
        new RegExp(`truncated: its header says inDim 7, outDim 5, so it should hold .*: ${validBytes} bytes; the file has ${validBytes - 10}`),
      );
    });

    it('a truncated header or an empty file', async () => {
      await expectLoadError(valid.subarray(0, 12), 'short-header.dwm', /truncated: 12 bytes, but its header alone takes 20/);
      await expectLoadError(valid.subarray(0, 3), 'three-bytes.dwm', /truncated: 3 bytes, but its header alone takes 20/);
      await expectLoadError(new Uint8Array(0), 'empty.dwm', /truncated: 0 bytes/);
    });

    it('dims that do not match the length, either way', async () => {
      // outDim 4 needs 20 + (28 + 4) × 4 = 148 bytes; the file has 180.
      await expectLoadError(patched(16, 4), 'dims-too-small.dwm', /length does not match its dims: inDim 7, outDim 4 means .*: 148 bytes; the file has 180 \(32 bytes too many\)/);
      // outDim 6 needs 20 + (42 + 6) × 4 = 212 bytes.
      await expectLoadError(patched(16, 6), 'dims-too-large.dwm', /truncated: its header says inDim 7, outDim 6, .*: 212 bytes; the file has 180/);
      await expectLoadError(patched(12, 0), 'zero-dim.dwm', /inDim 0 and outDim 5; both must be at least 1/);
    });

    it('a version it does not know', async () => {
      await expectLoadError(patched(8, 2), 'version-2.dwm', /unsupported dense-wasm model version 2, expected 1/);
    });
  });
});

describe('make-model.mjs', () => {
  it('writes the same file for the same options, and another for another seed', () => {
    const a = readFileSync(makeModel(9, 4, 3, 'a.dwm'));
    const b = readFileSync(makeModel(9, 4, 3, 'b.dwm'));
    const c = readFileSync(makeModel(9, 4, 4, 'c.dwm'));
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
    expect(a.subarray(0, 8).toString('latin1')).toBe('WTBDENSE');
    expect(a.byteLength).toBe(20 + (36 + 4) * 4);
  });

  it('refuses dims that are not whole numbers of at least 1', () => {
    const result = spawnSync(process.execPath, [MAKE_MODEL, path.join(dir, 'bad.dwm'), '--in', '0'], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('--in must be a whole number of at least 1, got "0"');
  });
});
