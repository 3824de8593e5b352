#!/usr/bin/env node
/**
 * Compiles dense.wat into dense.wasm beside it:
 *   node examples/dense-wasm/build.mjs
 * The output holds no names or debug sections, so the same source always gives the same bytes.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import wabt from 'wabt';

export const DEFAULT_WAT_PATH = fileURLToPath(new URL('./dense.wat', import.meta.url));
export const DEFAULT_WASM_PATH = fileURLToPath(new URL('./dense.wasm', import.meta.url));

/** The post-MVP features dense.wat uses; both Node 20 and current Chrome have them. */
const FEATURES = { simd: true, bulk_memory: true };

/** WebAssembly text → binary bytes (validated). */
export async function compileWat(watText, watPath = 'dense.wat') {
  const toolkit = await wabt();
  const module = toolkit.parseWat(watPath, watText, FEATURES);
  try {
    module.validate();
    const { buffer } = module.toBinary({ log: false, write_debug_names: false, canonicalize_lebs: true, relocatable: false });
    return new Uint8Array(buffer);
  } finally {
    module.destroy();
  }
}

/** Reads the .wat, writes the .wasm; returns where it went and its size. */
export async function buildKernel({ watPath = DEFAULT_WAT_PATH, wasmPath = DEFAULT_WASM_PATH } = {}) {
  const bytes = await compileWat(await readFile(watPath, 'utf8'), watPath);
  await writeFile(wasmPath, bytes);
  return { wasmPath, sizeBytes: bytes.byteLength };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { wasmPath, sizeBytes } = await buildKernel();
  console.log(`wrote ${wasmPath} (${sizeBytes} bytes)`);
}
