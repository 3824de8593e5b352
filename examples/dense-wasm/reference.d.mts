export interface DenseModelFloats {
  inDim: number;
  outDim: number;
  weights: Float32Array;
  bias: Float32Array;
}

export declare function readModelFloats(bytes: Uint8Array): DenseModelFloats;
export declare function denseReference(model: DenseModelFloats, x: ArrayLike<number>, batch?: number): Float32Array;
