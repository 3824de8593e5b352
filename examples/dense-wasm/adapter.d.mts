/** Types of adapter.mjs: the runtime adapter contract, as this adapter fills it. */

export interface TensorInfo {
  name: string;
  dtype: string;
  shape: number[];
}

export interface Tensor {
  type: string;
  dims: number[];
  data: Float32Array;
}

export interface RuntimeOptions {
  threads?: number;
}

/** Opaque: what load() returns, to pass back to the other functions. */
export interface DenseSession {
  readonly model: 'dense-wasm';
  readonly inDim: number;
  readonly outDim: number;
}

export declare const name: 'dense-wasm';
export declare const version: string;
export declare function init(options?: RuntimeOptions): Promise<void>;
export declare function load(modelBytes: Uint8Array | ArrayBuffer, options?: RuntimeOptions): Promise<DenseSession>;
export declare function inputs(session: DenseSession): TensorInfo[];
export declare function outputs(session: DenseSession): TensorInfo[];
export declare function run(session: DenseSession, feeds: Record<string, Tensor>): Promise<Record<string, Tensor>>;
export declare function dispose(session: DenseSession): Promise<void>;
