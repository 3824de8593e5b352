/**
 * A --runtime-adapter module, imported where the jobs run (the Node worker, the Chrome page) and by
 * the planner: checked for the functions the interface needs, so a broken file fails in one place
 * with one message. No Node or DOM imports.
 */
import type { RuntimeSource } from './run-job.js';
import { adapterProblems, type RuntimeAdapter } from './runtime-adapter.js';

/** Where an adapter is, as the worker or page can import it, and how messages name it. */
export interface AdapterRef {
  /** file: URL in Node, http: URL in the page. */
  url: string;
  /** 'adapter "dense-wasm" (examples/dense-wasm/adapter.mjs)' */
  label: string;
}

const CONTRACT = 'an adapter module exports load(), inputs() and run(), and optionally name, version, init(), outputs(), dispose() (see examples/dense-wasm/adapter.mjs)';

export async function importAdapter(url: string): Promise<RuntimeAdapter> {
  const module = (await import(url)) as Record<string, unknown>;
  const problems = adapterProblems(module);
  if (problems.length > 0) throw new Error(`${problems.join('; ')}; ${CONTRACT}`);
  return module as unknown as RuntimeAdapter;
}

export function adapterSource(label: string): RuntimeSource {
  return {
    label,
    kind: 'adapter',
    importHint: 'check that the module imports on its own, in Node and in a browser page (only relative imports; the files it loads beside it)',
    sessionFailure: (step, message) => `${label}: ${step}() threw: ${message}; check that the model file is in the format the adapter's ${step}() reads`,
    unsupportedModel: (message) => `${label}: load() refused the model: ${message}; check that the adapter supports this model`,
    outOfMemoryHint: 'use smaller inputs (--input-shape) or a smaller model; a wasm32 module addresses at most 4 GiB',
  };
}
