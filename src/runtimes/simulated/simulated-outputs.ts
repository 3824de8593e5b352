/**
 * The outputs a simulated run hands back for output parity: the model's declared outputs (open
 * dims as 1), float values seeded by the model's file name and the input seed, so every runtime
 * agrees unless the spec scales one of them.
 */
import path from 'node:path';
import type { SnapshotResult } from '../../harness/output-snapshot.js';
import type { TensorInfo } from '../../types.js';
import { seededRandom } from './seeded-random.js';

const ELEMENT_BYTES: Record<string, number> = { float32: 4, float64: 8, float16: 2, int8: 1, uint8: 1, bool: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, int64: 8, uint64: 8 };
/** Larger outputs get no snapshot (the real runtimes ship up to 64 MiB; parity tests need far less). */
const MAX_ELEMENTS = 1 << 16;

export function simulatedOutputs(outputs: readonly TensorInfo[], modelPath: string, inputSeed: number, scale: number): SnapshotResult {
  const snapshots = [];
  for (const output of outputs) {
    const dims = (output.shape ?? []).map((dim) => (typeof dim === 'number' && dim >= 0 ? dim : 1));
    const count = dims.reduce((product, dim) => product * dim, 1);
    const elementBytes = ELEMENT_BYTES[output.dtype];
    if (elementBytes === undefined || count > MAX_ELEMENTS) {
      return { outputs: null, note: `the simulated runtime makes no ${output.dtype}[${dims.join(',')}] output ('${output.name}')` };
    }
    const bytes = new Uint8Array(count * elementBytes);
    if (output.dtype === 'float32') {
      const random = seededRandom(`${path.basename(modelPath)}|${inputSeed}|${output.name}`);
      const values = new Float32Array(bytes.buffer);
      for (let i = 0; i < count; i++) values[i] = random.next() * scale;
    }
    snapshots.push({ name: output.name, dtype: output.dtype, dims, base64: Buffer.from(bytes).toString('base64'), strings: null });
  }
  return { outputs: snapshots, note: null };
}
