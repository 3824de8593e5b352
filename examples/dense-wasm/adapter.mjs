/**
 * Runtime adapter for dense-wasm models (.dwm): one dense layer, y = relu(x · W + b), computed by
 * dense.wasm. The same file runs in Node and in a browser page.
 *
 * One kernel instance (and so one wasm memory) serves every session. Each session's weights,
 * bias, input and output live in one block of that memory, taken at load and given back at
 * dispose; run allocates nothing.
 */
import { createHeap } from './heap.mjs';
import { instantiateKernel } from './kernel.mjs';
import { parseModel } from './model-format.mjs';

export const name = 'dense-wasm';
export const version = '1.0.0';

const INPUT_NAME = 'x';
const OUTPUT_NAME = 'y';
const DTYPE = 'float32';
const BATCH = 1;
const F32_BYTES = 4;
/** Each part of a session's block starts on a 16-byte boundary, as the heap's blocks do. */
const alignUp = (bytes) => Math.ceil(bytes / 16) * 16;

/** The kernel and the heap over its memory, made once for all sessions. */
let runtimePromise = null;

function runtime() {
  if (!runtimePromise) {
    runtimePromise = instantiateKernel().then((kernel) => ({ kernel, heap: createHeap(kernel.memory) }));
    // A failed start (say, dense.wasm not built yet) is not kept, so a later call can try again.
    runtimePromise.catch(() => {
      runtimePromise = null;
    });
  }
  return runtimePromise;
}

/** What the adapter knows about each live session; the session object itself is opaque. */
const sessionState = new WeakMap();

function stateOf(session, action) {
  const state = sessionState.get(session);
  if (!state) throw new Error(`dense-wasm: cannot ${action}: not a session returned by this adapter's load()`);
  if (state.disposed) throw new Error(`dense-wasm: cannot ${action}: the session was disposed`);
  return state;
}

const shapeText = (type, dims) => `${type} [${dims.join(', ')}]`;

/** The kernel is single-threaded: `threads` is accepted and has no effect. */
export async function init(_options) {
  await runtime();
}

export async function load(modelBytes, _options) {
  const bytes = modelBytes instanceof ArrayBuffer ? new Uint8Array(modelBytes) : modelBytes;
  const { inDim, outDim, weightBytes, biasBytes } = parseModel(bytes);
  const { kernel, heap } = await runtime();

  const weightsOffset = 0;
  const biasOffset = weightsOffset + alignUp(weightBytes.byteLength);
  const inputOffset = biasOffset + alignUp(biasBytes.byteLength);
  const outputOffset = inputOffset + alignUp(BATCH * inDim * F32_BYTES);
  const blockBytes = outputOffset + BATCH * outDim * F32_BYTES;
  const blockAddress = heap.alloc(blockBytes);

  // The file and wasm memory are both little-endian, so the f32 values copy over byte for byte.
  const memoryBytes = new Uint8Array(kernel.memory.buffer);
  memoryBytes.set(weightBytes, blockAddress + weightsOffset);
  memoryBytes.set(biasBytes, blockAddress + biasOffset);

  const session = Object.freeze({ model: name, inDim, outDim });
  sessionState.set(session, {
    kernel,
    heap,
    inDim,
    outDim,
    blockAddress,
    weightsPtr: blockAddress + weightsOffset,
    biasPtr: blockAddress + biasOffset,
    inputPtr: blockAddress + inputOffset,
    outputPtr: blockAddress + outputOffset,
    disposed: false,
  });
  return session;
}

export function inputs(session) {
  const { inDim } = stateOf(session, 'list inputs');
  return [{ name: INPUT_NAME, dtype: DTYPE, shape: [BATCH, inDim] }];
}

export function outputs(session) {
  const { outDim } = stateOf(session, 'list outputs');
  return [{ name: OUTPUT_NAME, dtype: DTYPE, shape: [BATCH, outDim] }];
}

function checkedInput(feeds, inDim) {
  const expected = shapeText(DTYPE, [BATCH, inDim]);
  if (feeds === null || typeof feeds !== 'object') throw new Error(`dense-wasm: feeds must be an object with input "${INPUT_NAME}" (${expected})`);
  for (const feedName of Object.keys(feeds)) {
    if (feedName !== INPUT_NAME) throw new Error(`dense-wasm: unknown input "${feedName}"; the model's only input is "${INPUT_NAME}" (${expected})`);
  }
  const feed = feeds[INPUT_NAME];
  if (!feed) throw new Error(`dense-wasm: input "${INPUT_NAME}" is missing; expected ${expected}`);
  const dims = Array.isArray(feed.dims) ? feed.dims : [];
  if (feed.type !== DTYPE || dims.length !== 2 || dims[0] !== BATCH || dims[1] !== inDim) {
    throw new Error(`dense-wasm: input "${INPUT_NAME}" must be ${expected}, got ${shapeText(String(feed.type), dims)}`);
  }
  if (Object.prototype.toString.call(feed.data) !== '[object Float32Array]' || feed.data.length !== BATCH * inDim) {
    const got = ArrayBuffer.isView(feed.data) ? `a ${feed.data.constructor.name} of ${feed.data.length}` : String(feed.data);
    throw new Error(`dense-wasm: input "${INPUT_NAME}" (${expected}) needs a Float32Array of ${BATCH * inDim} values as data, got ${got}`);
  }
  return feed.data;
}

export async function run(session, feeds) {
  const state = stateOf(session, 'run');
  const data = checkedInput(feeds, state.inDim);
  const { kernel } = state;
  // Views are made after any growth: growing the memory detaches its previous buffer.
  new Float32Array(kernel.memory.buffer, state.inputPtr, BATCH * state.inDim).set(data);
  kernel.dense(state.inputPtr, state.weightsPtr, state.biasPtr, state.outputPtr, BATCH, state.inDim, state.outDim);
  const y = new Float32Array(kernel.memory.buffer, state.outputPtr, BATCH * state.outDim).slice();
  return { [OUTPUT_NAME]: { type: DTYPE, dims: [BATCH, state.outDim], data: y } };
}

/** Gives the session's block back to the heap; disposing twice is harmless. */
export async function dispose(session) {
  const state = sessionState.get(session);
  if (!state || state.disposed) return;
  state.disposed = true;
  state.heap.free(state.blockAddress);
}
