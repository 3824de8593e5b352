/** What the chrome-wasm launcher asks of the page (functions on globalThis) and what it answers. */
import type { ChunkRequest, HarnessJob, HarnessResult } from '../../harness/job.js';
import type { AdapterRef } from '../../harness/adapter-module.js';
import type { ProfileJob } from '../../harness/profile-job.js';
import type { RuntimeModuleRef } from '../../harness/runtime-flavour.js';

export interface PageJob extends HarnessJob {
  modelUrl: string;
  /** The onnxruntime-web build to import; null with an adapter. */
  runtimeModule: RuntimeModuleRef | null;
  /** A --runtime-adapter served to the page; null for onnxruntime-web. */
  adapter: AdapterRef | null;
  /** Test hook (hang-run in WTB_TEST_FAULTS): run() never returns. */
  hangRun: boolean;
  /** The inference session's slot: an A/B run opens both sides' sessions in one page ('A', 'B'). */
  slot?: string;
}

export interface PageProfileJob extends ProfileJob {
  modelUrl: string;
  runtimeModule: RuntimeModuleRef | null;
  adapter: null;
}

export interface PageApi {
  __wtbReady: true;
  /** Runs a 'load' job, or opens an 'inference' job and answers with its first chunk. */
  __wtbStart(job: PageJob): Promise<PageAnswer>;
  __wtbMore(request: ChunkRequest & { slot?: string }): Promise<PageAnswer>;
  __wtbFinish(slot?: string): Promise<PageAnswer>;
  /** Runs a profiling job; onnxruntime-web prints the trace events on the console. */
  __wtbProfile(job: PageProfileJob): Promise<PageAnswer>;
}

export interface PageAnswer {
  result: HarnessResult;
  crossOriginIsolated: boolean;
  /** URLs of the WebAssembly modules the page instantiated (which runtime flavour was loaded). */
  wasmUrls: string[];
}
