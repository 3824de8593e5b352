/**
 * Loads dense.wasm from beside this file and instantiates it. In Node the module's URL is a
 * file: URL, which fetch cannot read, so the bytes come from fs; in a page the folder is served
 * over HTTP and fetch reads it.
 */

export const KERNEL_URL = new URL('./dense.wasm', import.meta.url);

const BUILD_HINT = 'build it with "node examples/dense-wasm/build.mjs"';

async function readKernelBytes() {
  if (KERNEL_URL.protocol === 'file:') {
    const { readFile } = await import('node:fs/promises');
    const { fileURLToPath } = await import('node:url');
    const filePath = fileURLToPath(KERNEL_URL);
    try {
      return await readFile(filePath);
    } catch (error) {
      if (error?.code === 'ENOENT') throw new Error(`the dense-wasm kernel ${filePath} does not exist; ${BUILD_HINT}`);
      throw error;
    }
  }
  const response = await fetch(KERNEL_URL);
  if (!response.ok) throw new Error(`fetching the dense-wasm kernel ${KERNEL_URL.href} failed with HTTP ${response.status}; ${BUILD_HINT}`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * { memory, dense(xPtr, wPtr, bPtr, yPtr, batch, inDim, outDim) }. Reads WebAssembly.instantiate
 * at call time (not at import) so a probe installed on it after this module loaded still sees it.
 */
export async function instantiateKernel() {
  const bytes = await readKernelBytes();
  const { instance } = await WebAssembly.instantiate(bytes, {});
  const { memory, dense } = instance.exports;
  if (!(memory instanceof WebAssembly.Memory) || typeof dense !== 'function') {
    throw new Error(`${KERNEL_URL.href} does not export "memory" and "dense"; rebuild it (${BUILD_HINT})`);
  }
  return { memory, dense };
}
