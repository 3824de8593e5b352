/**
 * The runtime adapter interface: how the harness loads and runs a model on any WebAssembly runtime.
 * A plain ESM module exporting these (see examples/dense-wasm/adapter.mjs) is loaded with
 * --runtime-adapter into the same isolated workers and pages as the built-in runtimes, and the
 * built-in onnxruntime runtimes go through it too (ort-adapter.ts), so there is one path.
 * No Node or DOM imports: it is part of the harness that runs in both.
 */

/** A tensor crossing the interface: element type, dims, and the elements in a typed array (strings in an array). */
export interface AdapterTensor {
  readonly type: string;
  readonly dims: readonly number[];
  readonly data: ArrayBufferView | readonly unknown[];
}

/** An input or output as the model declares it: a dim is a size, a symbol's name, or null. */
export interface TensorDescription {
  name: string;
  /** 'float32', 'int64', 'bool', … (the feed generator fills the numeric ones and bool). */
  dtype: string;
  shape: readonly (number | string | null)[];
}

export interface AdapterOptions {
  /** Threads requested for this row (--threads). */
  threads: number;
}

export interface RuntimeAdapter<Session = unknown> {
  /** Shown in reports and the environment fingerprint. */
  readonly name: string;
  readonly version?: string | null;
  /** Sets the runtime up (compile or instantiate its WebAssembly); timed as runtime init. Optional. */
  init?(options: AdapterOptions): Promise<void> | void;
  /** Makes a session from the model's bytes; timed as session create (its wasm instantiation as runtime init). */
  load(model: Uint8Array, options: AdapterOptions): Promise<Session> | Session;
  inputs(session: Session): readonly TensorDescription[];
  /** Optional: when given, the outputs of the first run are checked against it. */
  outputs?(session: Session): readonly TensorDescription[];
  /** One inference. The same feeds object comes back on every run, so a conversion may be cached on it. */
  run(session: Session, feeds: Readonly<Record<string, AdapterTensor>>): Promise<Record<string, AdapterTensor>> | Record<string, AdapterTensor>;
  dispose?(session: Session): Promise<void> | void;
  /** Threads the runtime really uses, read after load (a runtime may lower the request); null if unknown. */
  threadsUsed?(session: Session, requested: number): number | null;
}

export const REQUIRED_FUNCTIONS = ['load', 'inputs', 'run'] as const;
export const OPTIONAL_FUNCTIONS = ['init', 'outputs', 'dispose', 'threadsUsed'] as const;

/**
 * What a module must export to be an adapter, as a list of problems ("lacks a load() function").
 * Empty when it is one. `name` falls back to the file's name where the caller supplies it.
 */
export function adapterProblems(module: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const fn of REQUIRED_FUNCTIONS) if (typeof module[fn] !== 'function') problems.push(`it exports no ${fn}() function`);
  for (const fn of OPTIONAL_FUNCTIONS) if (module[fn] !== undefined && typeof module[fn] !== 'function') problems.push(`its ${fn} export is not a function`);
  if (module.name !== undefined && typeof module.name !== 'string') problems.push('its name export is not a string');
  if (module.version !== undefined && module.version !== null && typeof module.version !== 'string') problems.push('its version export is not a string');
  return problems;
}

function elementCount(dims: readonly number[]): number {
  return dims.reduce((count, dim) => count * dim, 1);
}

/**
 * Problems with what run() returned: not an object of tensors, a tensor whose data does not hold
 * its dims' element count, or (when the adapter declares its outputs) a missing output or one
 * whose fixed dims or type differ.
 */
export function outputProblems(outputs: unknown, declared: readonly TensorDescription[] | null): string[] {
  if (typeof outputs !== 'object' || outputs === null || Array.isArray(outputs)) return ['it returned no object of output tensors'];
  const problems: string[] = [];
  const entries = Object.entries(outputs as Record<string, unknown>);
  for (const [name, value] of entries) {
    const tensor = value as Partial<AdapterTensor> | null;
    if (typeof tensor !== 'object' || tensor === null || !Array.isArray(tensor.dims) || typeof tensor.type !== 'string') {
      problems.push(`output '${name}' is not a tensor ({ type, dims, data })`);
      continue;
    }
    const data = tensor.data;
    const length = ArrayBuffer.isView(data) ? (data as unknown as { length?: number }).length : Array.isArray(data) ? data.length : undefined;
    if (length === undefined) problems.push(`output '${name}' has no data array`);
    else if (length !== elementCount(tensor.dims)) problems.push(`output '${name}' has ${length} elements for dims [${tensor.dims.join(', ')}] (${elementCount(tensor.dims)})`);
  }
  for (const expected of declared ?? []) {
    const tensor = (outputs as Record<string, AdapterTensor | undefined>)[expected.name];
    if (!tensor || typeof tensor !== 'object' || !Array.isArray(tensor.dims)) {
      problems.push(`declared output '${expected.name}' is missing`);
      continue;
    }
    const fits = tensor.dims.length === expected.shape.length && expected.shape.every((dim, index) => typeof dim !== 'number' || dim === tensor.dims[index]);
    if (!fits) problems.push(`output '${expected.name}' has dims [${tensor.dims.join(', ')}], declared [${expected.shape.map((dim) => dim ?? '?').join(', ')}]`);
    if (tensor.type !== expected.dtype) problems.push(`output '${expected.name}' is ${tensor.type}, declared ${expected.dtype}`);
  }
  return problems;
}
