/**
 * What the harness needs from its host. The harness is plain ESM with no Node or DOM imports:
 * the same compiled file runs in a Node child process and (later) in a Chrome page, with the
 * runtime (an adapter), the clock and the wasm memory probe injected.
 */
import type { AdapterTensor } from './runtime-adapter.js';

export interface HarnessTensor {
  readonly dims: readonly number[];
  readonly type: string;
  readonly data?: unknown;
}

/** A loaded session as the measuring code sees it, whatever the runtime (see runtime-adapter.ts). */
export interface HarnessSession {
  run(feeds: Readonly<Record<string, AdapterTensor>>): Promise<Record<string, AdapterTensor>>;
  release(): Promise<void>;
}

/** The slice of onnxruntime's API the built-in adapter uses (ort-adapter.ts). */
export interface OrtSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, HarnessTensor>): Promise<Record<string, HarnessTensor>>;
  release(): Promise<void>;
}

export interface HarnessOrt {
  readonly InferenceSession: {
    create(model: Uint8Array, options?: Record<string, unknown>): Promise<OrtSession>;
  };
  readonly Tensor: new (type: string, data: ArrayLike<unknown> | ArrayBufferView, dims: readonly number[]) => HarnessTensor;
  readonly env: {
    logLevel?: string;
    versions?: Record<string, string>;
    /** wasmPaths: a URL prefix for the .wasm files (or an object of file URLs in newer releases). */
    wasm: { numThreads?: number; simd?: unknown; proxy?: boolean; wasmPaths?: unknown };
  };
}

export interface Clock {
  /** Monotonic milliseconds (performance.now). */
  now(): number;
}

/** A compile/instantiate of WebAssembly observed by the probe, in clock milliseconds. */
export interface InstantiateSpan {
  startMs: number;
  endMs: number;
  /** Where the module came from, when it was streamed from a URL (browsers); null for bytes. */
  sourceUrl: string | null;
}

/** Observes the WebAssembly memories and instantiations of the runtime (see memory-probe.ts). */
export interface WasmProbe {
  /** Largest byteLength among captured memories (wasm memory never shrinks, so current = peak). */
  linearMemoryPeakBytes(): number;
  memoryCount(): number;
  instantiateSpans(): readonly InstantiateSpan[];
}
