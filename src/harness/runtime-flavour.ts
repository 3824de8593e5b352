/**
 * What differs, as the harness sees it, between onnxruntime-web's WebAssembly backend and
 * onnxruntime-node's native CPU provider. Both expose the same InferenceSession/Tensor API, so one
 * harness measures both; only set-up, threads and version differ.
 */
import type { HarnessOrt } from './contracts.js';
import type { RuntimeSource } from './run-job.js';

export type RuntimePackage = 'onnxruntime-web' | 'onnxruntime-node';

/** The onnxruntime copy a host imports, and how messages name it. */
export interface RuntimeModuleRef {
  /** file: URL in Node, http: URL in the page. */
  url: string;
  /** "onnxruntime-web 1.20.1 (the project's, /app/node_modules/onnxruntime-web)"; null for the tool's own, named by its package name. */
  label: string | null;
  /** The page only: where the .wasm files are when they are not beside the module (onnxruntime-web 1.17 and 1.18). */
  wasmPaths: string | null;
}

export interface RuntimeFlavour {
  packageName: RuntimePackage;
  /** The setting that chooses another copy of the package. */
  setting: '--ort-web' | '--ort-node';
  /** What to do when the package cannot be imported. */
  installHint: string;
  /** Where the model's operators must be supported: named when a session cannot be created. */
  backend: string;
  /** What to do when the runtime runs out of memory. */
  memoryHint: string;
  /** Sets the runtime's global options and returns the session options for `threads`. */
  configure(ort: HarnessOrt, threads: number): Record<string, unknown>;
  /** Threads the runtime will actually use, read back after the session exists; null if it cannot tell. */
  threadsUsed(ort: HarnessOrt, threads: number): number | null;
  version(ort: HarnessOrt): string | null;
}

// Errors only: ORT's own warnings carry ANSI colour and would leak into the user's terminal.
const LOG_ERRORS_ONLY = 3;

export const WASM_FLAVOUR: RuntimeFlavour = {
  packageName: 'onnxruntime-web',
  setting: '--ort-web',
  installHint: 'reinstall wasm-torch-bench (npm ci) so that onnxruntime-web is present',
  backend: "onnxruntime-web's wasm backend",
  memoryHint: 'a wasm32 runtime addresses at most 4 GiB, inputs and intermediate tensors included: use smaller inputs (--input-shape) or a smaller model',
  configure(ort, threads) {
    ort.env.wasm.numThreads = threads;
    ort.env.wasm.proxy = false;
    ort.env.logLevel = 'error';
    return { executionProviders: ['wasm'], logSeverityLevel: LOG_ERRORS_ONLY };
  },
  // Without SharedArrayBuffer the runtime silently lowers numThreads to 1; reading it back tells.
  threadsUsed: (ort) => (typeof ort.env.wasm.numThreads === 'number' ? ort.env.wasm.numThreads : null),
  version: (ort) => ort.env.versions?.web ?? null,
};

export const NATIVE_FLAVOUR: RuntimeFlavour = {
  packageName: 'onnxruntime-node',
  setting: '--ort-node',
  backend: "onnxruntime-node's CPU provider",
  memoryHint: 'use smaller inputs (--input-shape) or a smaller model, or give the machine more memory',
  installHint:
    'install it beside wasm-torch-bench: npm install onnxruntime-node (its CPU binding ships in the package; the install script, which fetches GPU libraries, is not needed: set onnxruntime-node-install=skip in .npmrc)',
  configure(ort, threads) {
    ort.env.logLevel = 'error';
    // One inter-op thread: the graph runs sequentially, as in the wasm build; intra-op threads are the sweep.
    return { executionProviders: ['cpu'], intraOpNumThreads: threads, interOpNumThreads: 1, logSeverityLevel: LOG_ERRORS_ONLY };
  },
  // The CPU provider sizes its intra-op pool exactly as asked (its OS thread count grows by
  // threads − 1, the caller being the other); it has no fallback to read back.
  threadsUsed: (_ort, threads) => threads,
  version: (ort) => ort.env.versions?.node ?? null,
};

/** How failure messages speak of a built-in runtime: by its package name, or by its version and folder when it is not the tool's own. */
export function builtInSource(flavour: RuntimeFlavour, module: RuntimeModuleRef | null = null): RuntimeSource {
  const label = module?.label ?? flavour.packageName;
  return {
    label,
    kind: 'built-in',
    importHint: module?.label ? `reinstall it (npm ci in its project), or measure another with ${flavour.setting} <version|dir|bundled>` : flavour.installHint,
    sessionFailure: (_step, message) =>
      `${label} could not create a session: ${message}; check that the model's operators and opset are supported by ${flavour.backend} (see \`wasm-torch-bench inspect\`)`,
    unsupportedModel: (message) =>
      `${label} does not support this model: ${message}; ${flavour.backend} lacks an operator or opset it uses: see its opsets with \`wasm-torch-bench inspect\`, then export it again with a supported opset (e.g. opset_version=17) or without that operator`,
    outOfMemoryHint: flavour.memoryHint,
  };
}
