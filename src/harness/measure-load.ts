/**
 * One cold load, as a partition of wall-clock time (measurement.md):
 *   read           model bytes from their source
 *   runtime init   import of the runtime (or adapter) module + its init() + everything inside
 *                  load() up to the end of the runtime's WebAssembly compile+instantiate
 *                  (observed by the probe); for a native runtime, which instantiates no
 *                  WebAssembly, the import (loading the native binding)
 *   session create the rest of load()
 * load = read + runtime init + session create.
 */
import type { Clock, HarnessSession, WasmProbe } from './contracts.js';
import type { RuntimeAdapter } from './runtime-adapter.js';

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
  loadRuntime: () => Promise<RuntimeAdapter>;
  threads: number;
}

export interface LoadedSession {
  adapter: RuntimeAdapter;
  session: HarnessSession;
  /** The adapter's own session object, for its outputs() and threadsUsed(). */
  rawSession: unknown;
  phases: LoadPhasesMs;
  /** Threads the runtime reports after the session exists (it may silently lower the request). */
  threadsUsed: number | null;
}

/** The runtime's module could not be imported (or is no adapter): the runtime is not available here at all. */
export class RuntimeImportError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'RuntimeImportError';
  }
}

/** The adapter's init() or load() threw; `step` names which. */
export class SessionCreateError extends Error {
  constructor(
    readonly step: 'init' | 'load',
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'SessionCreateError';
  }
}

/** The harness's view of an adapter session: run and release, nothing else. */
export function bindSession<Session>(adapter: RuntimeAdapter<Session>, session: Session): HarnessSession {
  return {
    // No async wrapper: a promise from the adapter passes through without another microtask hop
    // inside the timed window.
    run: (feeds) => Promise.resolve(adapter.run(session, feeds)),
    release: async () => {
      await adapter.dispose?.(session);
    },
  };
}

export async function measureLoad(options: LoadOptions): Promise<LoadedSession> {
  const { clock, probe, threads } = options;
  const readStart = clock.now();
  const bytes = await options.readModel();
  const importStart = clock.now();
  const adapter = await options.loadRuntime().catch((error: unknown) => {
    throw new RuntimeImportError(error);
  });
  try {
    await adapter.init?.({ threads });
  } catch (error) {
    throw new SessionCreateError('init', error);
  }
  const importEnd = clock.now();
  const spansBefore = probe.instantiateSpans().length;
  const createStart = clock.now();
  let session: unknown;
  try {
    session = await adapter.load(bytes, { threads });
  } catch (error) {
    throw new SessionCreateError('load', error);
  }
  const createEnd = clock.now();
  const runtimeSpans = probe.instantiateSpans().slice(spansBefore);
  const instantiateEnd = runtimeSpans.length > 0 ? Math.max(...runtimeSpans.map((span) => span.endMs)) : createStart;
  const readMs = importStart - readStart;
  const runtimeInitMs = importEnd - importStart + (instantiateEnd - createStart);
  const sessionCreateMs = createEnd - instantiateEnd;
  return {
    adapter,
    session: bindSession(adapter, session),
    rawSession: session,
    phases: { readMs, runtimeInitMs, sessionCreateMs, totalMs: readMs + runtimeInitMs + sessionCreateMs },
    threadsUsed: adapter.threadsUsed ? adapter.threadsUsed(session, threads) : null,
  };
}
