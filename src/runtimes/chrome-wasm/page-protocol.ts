/** What the chrome-wasm launcher hands the page and what the page hands back. */
import type { HarnessJob, HarnessResult } from '../../harness/job.js';

export interface PageJob extends HarnessJob {
  modelUrl: string;
  runtimeUrl: string;
}

export interface PageResult {
  result: HarnessResult;
  crossOriginIsolated: boolean;
  /** URLs of the WebAssembly modules the page instantiated (which runtime flavour was loaded). */
  wasmUrls: string[];
}
