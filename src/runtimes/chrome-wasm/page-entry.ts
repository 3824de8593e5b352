/**
 * Runs inside the Chrome page. Installs the wasm probe before onnxruntime-web is imported, then
 * exposes `__wtbRun(job)`, which runs the SAME harness job as the Node worker and returns its
 * result. No Node imports: this file is served to the browser as is.
 */
import type { HarnessOrt } from '../../harness/contracts.js';
import type { HarnessResult } from '../../harness/job.js';
import { installWasmProbe } from '../../harness/memory-probe.js';
import { internalFailure, runHarnessJob } from '../../harness/run-job.js';
import type { PageJob, PageResult } from './page-protocol.js';

const clock = { now: () => performance.now() };
const probe = installWasmProbe(clock);

async function run(job: PageJob): Promise<PageResult> {
  let result: HarnessResult;
  try {
    result = await runHarnessJob(job, {
      clock,
      probe,
      readModel: async () => {
        const response = await fetch(job.modelUrl);
        if (!response.ok) throw new Error(`fetching the model answered HTTP ${response.status}`);
        return new Uint8Array(await response.arrayBuffer());
      },
      loadRuntime: async () => {
        const module = (await import(job.runtimeUrl)) as HarnessOrt & { default?: HarnessOrt };
        return module.default ?? module;
      },
      // The page cannot read its own heap precisely; the launcher reads it over CDP instead.
      heapUsedBytes: () => null,
    });
  } catch (error) {
    result = internalFailure(error);
  }
  return {
    result,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    wasmUrls: probe.instantiateSpans().flatMap((span) => (span.sourceUrl ? [span.sourceUrl] : [])),
  };
}

Object.assign(globalThis, { __wtbRun: run, __wtbReady: true });
