/**
 * The outputs of one run, packed to cross any host boundary (IPC, CDP's JSON) unchanged: tensor
 * bytes as base64, strings as strings. The parent compares them across runtimes (output parity).
 */
import type { OutputSnapshot } from '../types.js';
import type { AdapterTensor } from './runtime-adapter.js';

export type { OutputSnapshot };

export interface SnapshotResult {
  outputs: OutputSnapshot[] | null;
  /** Why there is no snapshot, when there is none. */
  note: string | null;
}

/** Outputs larger than this are not shipped to the parent: parity is skipped with a note. */
export const MAX_SNAPSHOT_BYTES = 64 * 1024 * 1024;

const CHUNK_BYTES = 0x8000;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let offset = 0; offset < bytes.length; offset += CHUNK_BYTES) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + CHUNK_BYTES));
  }
  return btoa(binary);
}

export function snapshotOutputs(outputs: Record<string, AdapterTensor>, maxBytes = MAX_SNAPSHOT_BYTES): SnapshotResult {
  const snapshots: OutputSnapshot[] = [];
  let totalBytes = 0;
  for (const [name, tensor] of Object.entries(outputs)) {
    const data = (tensor as { data?: unknown }).data;
    const base = { name, dtype: tensor.type, dims: [...tensor.dims] };
    if (Array.isArray(data)) {
      snapshots.push({ ...base, base64: null, strings: data.map(String) });
      continue;
    }
    if (!ArrayBuffer.isView(data)) {
      return { outputs: null, note: `output '${name}' (${tensor.type}) has no data readable on the CPU` };
    }
    totalBytes += data.byteLength;
    if (totalBytes > maxBytes) {
      return { outputs: null, note: `the outputs exceed ${Math.round(maxBytes / 2 ** 20)} MiB, too large to compare` };
    }
    snapshots.push({ ...base, base64: toBase64(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)), strings: null });
  }
  return { outputs: snapshots, note: null };
}
