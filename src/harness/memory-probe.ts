/**
 * Wraps WebAssembly.Memory and WebAssembly.instantiate / instantiateStreaming so that the memory a
 * runtime creates (or exports) is captured and its compile+instantiate time observed. Must be
 * installed before the runtime's module is imported. No Node or DOM imports: runs in both.
 */
import type { Clock, InstantiateSpan, WasmProbe } from './contracts.js';

type InstantiateResult = WebAssembly.WebAssemblyInstantiatedSource | WebAssembly.Instance;

export function installWasmProbe(clock: Clock, wasm: typeof WebAssembly = WebAssembly): WasmProbe {
  const memories = new Set<WebAssembly.Memory>();
  const spans: InstantiateSpan[] = [];

  const recordExports = (result: InstantiateResult) => {
    const instance = 'instance' in result ? result.instance : result;
    for (const value of Object.values(instance.exports)) {
      if (value instanceof wasm.Memory) memories.add(value);
    }
  };

  const OriginalMemory = wasm.Memory;
  wasm.Memory = new Proxy(OriginalMemory, {
    construct(target, args: [WebAssembly.MemoryDescriptor]) {
      const memory = new target(...args);
      memories.add(memory);
      return memory;
    },
  });
  // A Proxy without a prototype trap keeps `x instanceof WebAssembly.Memory` working for all memories.

  const wrapInstantiate = <A extends unknown[]>(original: (...args: A) => Promise<InstantiateResult>, sourceOf: (args: A) => Promise<string | null>) =>
    async function (this: unknown, ...args: A): Promise<InstantiateResult> {
      const startMs = clock.now();
      const result = await original.apply(this, args);
      spans.push({ startMs, endMs: clock.now(), sourceUrl: await sourceOf(args) });
      recordExports(result);
      return result;
    };

  wasm.instantiate = wrapInstantiate(wasm.instantiate.bind(wasm), async () => null) as typeof wasm.instantiate;
  if (typeof wasm.instantiateStreaming === 'function') {
    // The source is a Response or a promise of one; reading its url does not consume the body.
    const streamingSource = async (args: unknown[]) => {
      const response = (await args[0]) as { url?: unknown } | undefined;
      return typeof response?.url === 'string' ? response.url : null;
    };
    wasm.instantiateStreaming = wrapInstantiate(wasm.instantiateStreaming.bind(wasm), streamingSource) as typeof wasm.instantiateStreaming;
  }

  return {
    linearMemoryPeakBytes: () => Math.max(0, ...[...memories].map((memory) => memory.buffer.byteLength)),
    memoryCount: () => memories.size,
    instantiateSpans: () => spans,
  };
}
