export declare const DEFAULT_WAT_PATH: string;
export declare const DEFAULT_WASM_PATH: string;
export declare function compileWat(watText: string, watPath?: string): Promise<Uint8Array>;
export declare function buildKernel(paths?: { watPath?: string; wasmPath?: string }): Promise<{ wasmPath: string; sizeBytes: number }>;
