/**
 * The dense-wasm model file (.dwm), all little-endian:
 *   bytes  0–7   magic "WTBDENSE"
 *   bytes  8–11  u32 format version (1)
 *   bytes 12–15  u32 inDim
 *   bytes 16–19  u32 outDim
 *   then         f32 weights [inDim × outDim], row-major (row i holds input i's weights)
 *   then         f32 bias [outDim]
 * No Node or DOM imports: runs in both.
 */

export const MAGIC = 'WTBDENSE';
export const FORMAT_VERSION = 1;
export const HEADER_BYTES = 20;
export const FILE_EXTENSION = '.dwm';

const F32_BYTES = 4;

/** Bytes a model with these dims takes, header included. */
export function modelFileBytes(inDim, outDim) {
  return HEADER_BYTES + (inDim * outDim + outDim) * F32_BYTES;
}

function describeLayout(inDim, outDim) {
  return `a ${HEADER_BYTES}-byte header, ${inDim}×${outDim} f32 weights and ${outDim} f32 biases: ${modelFileBytes(inDim, outDim)} bytes`;
}

function printable(bytes) {
  return Array.from(bytes, (byte) => (byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.')).join('');
}

/**
 * Checks the header and the length against the dims. Returns the dims and the weight and bias
 * bytes (views into `bytes`, not copies). Throws an Error saying what is wrong otherwise.
 */
export function parseModel(bytes) {
  // By tag rather than instanceof: a Uint8Array (or Node Buffer) from another realm is fine too.
  if (Object.prototype.toString.call(bytes) !== '[object Uint8Array]') throw new TypeError(`a dense-wasm model must be given as a Uint8Array, got ${Object.prototype.toString.call(bytes)}`);
  const head = printable(bytes.subarray(0, MAGIC.length));
  // A file shorter than the magic is truncated, not foreign, when what it has is the magic's start.
  const magicMatches = bytes.byteLength >= MAGIC.length ? head === MAGIC : MAGIC.startsWith(head);
  if (!magicMatches) {
    throw new Error(`not a dense-wasm model: the file starts with "${head}", expected the magic "${MAGIC}" (a .dwm file written by make-model.mjs)`);
  }
  if (bytes.byteLength < HEADER_BYTES) {
    throw new Error(`dense-wasm model is truncated: ${bytes.byteLength} bytes, but its header alone takes ${HEADER_BYTES} (magic, version, inDim, outDim)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== FORMAT_VERSION) {
    throw new Error(`unsupported dense-wasm model version ${version}, expected ${FORMAT_VERSION}`);
  }
  const inDim = view.getUint32(12, true);
  const outDim = view.getUint32(16, true);
  if (inDim === 0 || outDim === 0) {
    throw new Error(`dense-wasm model has inDim ${inDim} and outDim ${outDim}; both must be at least 1`);
  }
  const expectedBytes = modelFileBytes(inDim, outDim);
  if (bytes.byteLength < expectedBytes) {
    throw new Error(`dense-wasm model is truncated: its header says inDim ${inDim}, outDim ${outDim}, so it should hold ${describeLayout(inDim, outDim)}; the file has ${bytes.byteLength}`);
  }
  if (bytes.byteLength > expectedBytes) {
    throw new Error(
      `dense-wasm model length does not match its dims: inDim ${inDim}, outDim ${outDim} means ${describeLayout(inDim, outDim)}; the file has ${bytes.byteLength} (${bytes.byteLength - expectedBytes} bytes too many)`,
    );
  }
  const weightsEnd = HEADER_BYTES + inDim * outDim * F32_BYTES;
  return {
    inDim,
    outDim,
    weightBytes: bytes.subarray(HEADER_BYTES, weightsEnd),
    biasBytes: bytes.subarray(weightsEnd, expectedBytes),
  };
}

/** A model file from its dims, weights [inDim × outDim] row-major and bias [outDim]. */
export function encodeModel({ inDim, outDim, weights, bias }) {
  if (weights.length !== inDim * outDim) throw new Error(`weights has ${weights.length} values, expected inDim × outDim = ${inDim * outDim}`);
  if (bias.length !== outDim) throw new Error(`bias has ${bias.length} values, expected outDim = ${outDim}`);
  const bytes = new Uint8Array(modelFileBytes(inDim, outDim));
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < MAGIC.length; i++) bytes[i] = MAGIC.charCodeAt(i);
  view.setUint32(8, FORMAT_VERSION, true);
  view.setUint32(12, inDim, true);
  view.setUint32(16, outDim, true);
  const biasOffset = HEADER_BYTES + weights.length * F32_BYTES;
  for (let k = 0; k < weights.length; k++) view.setFloat32(HEADER_BYTES + k * F32_BYTES, weights[k], true);
  for (let j = 0; j < outDim; j++) view.setFloat32(biasOffset + j * F32_BYTES, bias[j], true);
  return bytes;
}
