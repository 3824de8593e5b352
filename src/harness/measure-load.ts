/**
 * One cold load, as a partition of wall-clock time (measurement.md):
 *   read           model bytes from their source
 *   runtime init   import of the runtime module + everything inside the first
 *                  InferenceSession.create up to the end of the runtime's WebAssembly
 *                  compile+instantiate (observed by the probe)
 *   session create the rest of InferenceSession.create
 * load = read + runtime init + session create.
 */
import type { Clock, HarnessOrt, HarnessSession, WasmProbe } from './contracts.js';

export interface LoadPhasesMs {
  readMs: number;
  runtimeInitMs: number;
  sessionCreateMs: number;
  totalMs: number;
}

export interface LoadOptions {
  clock: Clock;
  probe: WasmProbe;
  readModel: () => Promise<Uint8Array>;
  loadRuntime: () => Promise<HarnessOrt>;
  threads: number;
}

export interface LoadedSession {
  ort: HarnessOrt;
  session: HarnessSession;
  phases: LoadPhasesMs;
  /** Threads the runtime reports after the session exists (it may silently lower the request). */
  threadsUsed: number | null;
}

export const SESSION_OPTIONS = Object.freeze({
  executionProviders: ['wasm'],
  // Errors only: ORT's own warnings carry ANSI colour and would leak into the user's terminal.
  logSeverityLevel: 3,
});

export async function measureLoad(options: LoadOptions): Promise<LoadedSession> {
  const { clock, probe } = options;
  const readStart = clock.now();
  const bytes = await options.readModel();
  const importStart = clock.now();
  const ort = await options.loadRuntime();
  const importEnd = clock.now();
  ort.env.wasm.numThreads = options.threads;
  ort.env.wasm.proxy = false;
  ort.env.logLevel = 'error';
  const spansBefore = probe.instantiateSpans().length;
  const createStart = clock.now();
  const session = await ort.InferenceSession.create(bytes, { ...SESSION_OPTIONS });
  const createEnd = clock.now();
  const runtimeSpans = probe.instantiateSpans().slice(spansBefore);
  const instantiateEnd = runtimeSpans.length > 0 ? Math.max(...runtimeSpans.map((span) => span.endMs)) : createStart;
  const readMs = importStart - readStart;
  const runtimeInitMs = importEnd - importStart + (instantiateEnd - createStart);
  const sessionCreateMs = createEnd - instantiateEnd;
  const threadsUsed = typeof ort.env.wasm.numThreads === 'number' ? ort.env.wasm.numThreads : null;
  return {
    ort,
    session,
    phases: { readMs, runtimeInitMs, sessionCreateMs, totalMs: readMs + runtimeInitMs + sessionCreateMs },
    threadsUsed,
  };
}
