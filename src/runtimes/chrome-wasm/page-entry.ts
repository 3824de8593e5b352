/**
 * Runs inside the Chrome page. Installs the wasm probe before onnxruntime-web is imported, then
 * exposes the PageApi, which runs the SAME harness jobs as the Node worker. No Node imports:
 * this file is served to the browser as compiled.
 */
import { adapterSource, importAdapter } from '../../harness/adapter-module.js';
import type { HarnessOrt } from '../../harness/contracts.js';
import type { HarnessResult } from '../../harness/job.js';
import { hungRuns } from '../../harness/hung-runs.js';
import { installWasmProbe } from '../../harness/memory-probe.js';
import { ortAdapter } from '../../harness/ort-adapter.js';
import { WASM_FLAVOUR, builtInSource, type RuntimeModuleRef } from '../../harness/runtime-flavour.js';
import { continueInference, finishInference, internalFailure, openInference, runLoadJob, type HarnessHost, type InferenceState } from '../../harness/run-job.js';
import { runProfileJob } from '../../harness/profile-job.js';
import type { PageAnswer, PageApi, PageJob } from './page-protocol.js';

const clock = { now: () => performance.now() };
const probe = installWasmProbe(clock);
/** Open inference sessions by slot (two in an A/B run, taking turns). */
const states = new Map<string, InferenceState>();
const MAIN_SLOT = 'main';

/** onnxruntime-web's module, its .wasm files' folder set where they are not beside it (1.17, 1.18). */
async function importOrt(runtimeModule: RuntimeModuleRef | null): Promise<HarnessOrt> {
  if (!runtimeModule) throw new Error('the job names no onnxruntime-web module');
  const module = (await import(runtimeModule.url)) as HarnessOrt & { default?: HarnessOrt };
  const ort = module.default ?? module;
  if (runtimeModule.wasmPaths) ort.env.wasm.wasmPaths = runtimeModule.wasmPaths;
  return ort;
}

function host(job: Pick<PageJob, 'modelUrl' | 'runtimeModule' | 'adapter'> & { hangRun?: boolean }): HarnessHost {
  return {
    clock,
    probe,
    readModel: async () => {
      const response = await fetch(job.modelUrl);
      if (!response.ok) throw new Error(`fetching the model answered HTTP ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    },
    loadRuntime: async (sessionOptions) => {
      const loaded = job.adapter ? await importAdapter(job.adapter.url) : ortAdapter(await importOrt(job.runtimeModule), WASM_FLAVOUR, sessionOptions);
      return job.hangRun ? hungRuns(loaded) : loaded;
    },
    runtime: job.adapter ? adapterSource(job.adapter.label) : builtInSource(WASM_FLAVOUR, job.runtimeModule),
    // The page cannot read its own heap precisely; the launcher reads it over CDP instead.
    heapUsedBytes: () => null,
  };
}

async function answer(work: () => Promise<HarnessResult>): Promise<PageAnswer> {
  let result: HarnessResult;
  try {
    result = await work();
  } catch (error) {
    result = internalFailure(error);
  }
  return {
    result,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    wasmUrls: probe.instantiateSpans().flatMap((span) => (span.sourceUrl ? [span.sourceUrl] : [])),
  };
}

function requireState(slot: string = MAIN_SLOT): InferenceState {
  const state = states.get(slot);
  if (!state) throw new Error('no inference job is open in this page');
  return state;
}

const api: PageApi = {
  __wtbReady: true,
  __wtbStart: (job) =>
    answer(async () => {
      if (job.kind === 'load') return runLoadJob(job, host(job));
      const opened = await openInference(job, host(job));
      if (opened.state) states.set(job.slot ?? MAIN_SLOT, opened.state);
      return opened.result;
    }),
  __wtbMore: (request) => answer(() => continueInference(requireState(request.slot), request)),
  __wtbFinish: (slot) =>
    answer(() => {
      const state = requireState(slot);
      states.delete(slot ?? MAIN_SLOT);
      return finishInference(state);
    }),
  __wtbProfile: (job) => answer(() => runProfileJob(job, host(job))),
};

Object.assign(globalThis, api);
