/**
 * The dense layer in plain JS, to check the kernel against. It reads the model file on its own
 * (no validation) rather than through model-format.mjs, so a layout mistake there shows up.
 *
 * Sums run in float32, in the kernel's order (bias first, then input 0, 1, ...), with every
 * product and sum rounded to float32 as the kernel's f32 operations do; the two agree to the bit.
 */

export function readModelFloats(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const inDim = view.getUint32(12, true);
  const outDim = view.getUint32(16, true);
  const weights = new Float32Array(inDim * outDim);
  const bias = new Float32Array(outDim);
  let offset = 20;
  for (let k = 0; k < weights.length; k++, offset += 4) weights[k] = view.getFloat32(offset, true);
  for (let j = 0; j < outDim; j++, offset += 4) bias[j] = view.getFloat32(offset, true);
  return { inDim, outDim, weights, bias };
}

/** y [batch × outDim] = relu(x [batch × inDim] · weights [inDim × outDim] + bias [outDim]). */
export function denseReference({ inDim, outDim, weights, bias }, x, batch = 1) {
  const y = new Float32Array(batch * outDim);
  for (let row = 0; row < batch; row++) {
    for (let j = 0; j < outDim; j++) {
      let sum = bias[j];
      for (let i = 0; i < inDim; i++) {
        sum = Math.fround(sum + Math.fround(x[row * inDim + i] * weights[i * outDim + j]));
      }
      y[row * outDim + j] = Math.max(sum, 0);
    }
  }
  return y;
}
