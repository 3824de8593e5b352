/**
 * A first-fit allocator over a WebAssembly.Memory, kept on the JS side: blocks are handed out
 * from the free list or from the top, and the memory grows when the top passes its end. Freed
 * blocks merge with their neighbours and go back to the free list (a block at the top lowers the
 * top), so loading and disposing sessions in turn reuses the same bytes instead of growing.
 * No Node or DOM imports: runs in both.
 */

const WASM_PAGE_BYTES = 65536;
/** v128 loads and stores are fastest on 16-byte boundaries. */
const ALIGN_BYTES = 16;
/** Offset 0 stays unused so that no block's address is 0. */
const FIRST_BLOCK_BYTES = ALIGN_BYTES;

const alignUp = (bytes) => Math.ceil(bytes / ALIGN_BYTES) * ALIGN_BYTES;

export function createHeap(memory) {
  let topBytes = FIRST_BLOCK_BYTES;
  /** Sorted by address; never two adjacent. */
  const free = [];
  /** address → size in bytes */
  const used = new Map();

  function ensureCapacity(endBytes) {
    const missingBytes = endBytes - memory.buffer.byteLength;
    if (missingBytes <= 0) return;
    try {
      memory.grow(Math.ceil(missingBytes / WASM_PAGE_BYTES));
    } catch (error) {
      throw new Error(`cannot grow the wasm memory from ${memory.buffer.byteLength} to ${endBytes} bytes: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  return {
    /** Address of a new block of at least `bytes` bytes (16-byte aligned). */
    alloc(bytes) {
      const sizeBytes = alignUp(Math.max(bytes, 1));
      const index = free.findIndex((block) => block.sizeBytes >= sizeBytes);
      let address;
      if (index >= 0) {
        const block = free[index];
        address = block.address;
        if (block.sizeBytes === sizeBytes) free.splice(index, 1);
        else free[index] = { address: address + sizeBytes, sizeBytes: block.sizeBytes - sizeBytes };
      } else {
        address = topBytes;
        ensureCapacity(address + sizeBytes);
        topBytes = address + sizeBytes;
      }
      used.set(address, sizeBytes);
      return address;
    },

    free(address) {
      const sizeBytes = used.get(address);
      if (sizeBytes === undefined) throw new Error(`heap: ${address} is not an allocated block (freed twice?)`);
      used.delete(address);
      let index = free.findIndex((block) => block.address > address);
      if (index < 0) index = free.length;
      let block = { address, sizeBytes };
      const before = free[index - 1];
      if (before && before.address + before.sizeBytes === address) {
        block = { address: before.address, sizeBytes: before.sizeBytes + sizeBytes };
        free.splice(--index, 1);
      }
      const after = free[index];
      if (after && block.address + block.sizeBytes === after.address) {
        block = { address: block.address, sizeBytes: block.sizeBytes + after.sizeBytes };
        free.splice(index, 1);
      }
      if (block.address + block.sizeBytes === topBytes) topBytes = block.address;
      else free.splice(index, 0, block);
    },

    /** Bytes in blocks that are allocated now. */
    usedBytes() {
      let total = 0;
      for (const sizeBytes of used.values()) total += sizeBytes;
      return total;
    },
  };
}
