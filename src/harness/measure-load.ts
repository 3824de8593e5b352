/**
 * One cold load, as a partition of wall-clock time (measurement.md):
 *   read           model bytes from their source
 *   runtime init   import of the runtime module + everything inside the first
 *                  InferenceSession.create up to the end of the runtime's WebAssembly
 *                  compile+instantiate (observed by the probe); for a native runtime, which
 *                  instantiates no WebAssembly, the import (loading the native binding)
 *   session create the rest of InferenceSession.create
 * load = read + runtime init + session create.
 */
import type { Clock, HarnessOrt, HarnessSession, WasmProbe } from './contracts.js';
import type { RuntimeFlavour } from './runtime-flavour.js';

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
  flavour: RuntimeFlavour;
  threads: number;
}

export interface LoadedSession {
  ort: HarnessOrt;
  session: HarnessSession;
  phases: LoadPhasesMs;
  /** Threads the runtime reports after the session exists (it may silently lower the request). */
  threadsUsed: number | null;
}

/** The runtime's module could not be imported: the runtime is not available here at all. */
export class RuntimeImportError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'RuntimeImportError';
  }
}

export async function measureLoad(options: LoadOptions): Promise<LoadedSession> {
  const { clock, probe } = options;
  const readStart = clock.now();
  const bytes = await options.readModel();
  const importStart = clock.now();
  const ort = await options.loadRuntime().catch((error: unknown) => {
    throw new RuntimeImportError(error);
  });
  const importEnd = clock.now();
  const sessionOptions = options.flavour.configure(ort, options.threads);
  const spansBefore = probe.instantiateSpans().length;
  const createStart = clock.now();
  const session = await ort.InferenceSession.create(bytes, sessionOptions);
  const createEnd = clock.now();
  const runtimeSpans = probe.instantiateSpans().slice(spansBefore);
  const instantiateEnd = runtimeSpans.length > 0 ? Math.max(...runtimeSpans.map((span) => span.endMs)) : createStart;
  const readMs = importStart - readStart;
  const runtimeInitMs = importEnd - importStart + (instantiateEnd - createStart);
  const sessionCreateMs = createEnd - instantiateEnd;
  const threadsUsed = options.flavour.threadsUsed(ort, options.threads);
  return {
    ort,
    session,
    phases: { readMs, runtimeInitMs, sessionCreateMs, totalMs: readMs + runtimeInitMs + sessionCreateMs },
    threadsUsed,
  };
}
