/**
 * What Chrome's compiled-WebAssembly cache did during a page's life, read from the page's trace.
 * Blink emits these events (category devtools.timeline, disabled by default):
 *   v8.wasm.streamFromResponseCallback  a module compiled as its fetch Response streamed in
 *                                       (instantiateStreaming / compileStreaming): the only kind
 *                                       Chrome caches
 *   v8.wasm.moduleCacheHit              compiled code found in the cache for that response
 *   v8.wasm.moduleCacheInvalid          found but unusable (another V8, say)
 *   v8.wasm.cachedModule                compiled code written to the cache
 * V8 writes only optimised (TurboFan) code, once a page has made enough of it (about 1 MB, its
 * wasm_caching_hard_threshold; the 2-second quiet-time trigger never fired in Chromium 156 here),
 * so a page that only loads a model rarely fills the cache: a visit that runs it may.
 */
export const CODE_CACHE_TRACE_CATEGORIES = ['disabled-by-default-devtools.timeline'] as const;

export interface CodeCacheEvents {
  streamed: boolean;
  /** A module's compiled code came from the cache (a hit that was not then found invalid). */
  hit: boolean;
  written: boolean;
}

interface TraceEvent {
  name?: unknown;
}

/** The events of a trace as Chrome writes it ({"traceEvents": [...]}); none for an empty or broken one. */
export function codeCacheEvents(trace: Uint8Array | string | undefined): CodeCacheEvents {
  let events: TraceEvent[] = [];
  try {
    const text = typeof trace === 'string' ? trace : new TextDecoder().decode(trace ?? new Uint8Array());
    const parsed = JSON.parse(text) as { traceEvents?: unknown };
    if (Array.isArray(parsed.traceEvents)) events = parsed.traceEvents as TraceEvent[];
  } catch {
    // no trace: nothing was seen
  }
  const seen = (name: string) => events.some((event) => event.name === name);
  return {
    streamed: seen('v8.wasm.streamFromResponseCallback'),
    hit: seen('v8.wasm.moduleCacheHit') && !seen('v8.wasm.moduleCacheInvalid'),
    written: seen('v8.wasm.cachedModule'),
  };
}

export interface FillingVisits {
  visits: number;
  /** Time each visit ran the model after loading it. */
  useMs: number;
  /** A visit's load already read the cache. */
  filled: boolean;
  /** V8 wrote to the cache during a visit. */
  written: boolean;
}

/** Why the warm loads did or did not get their compiled code from the cache, in words. */
export function codeCacheNote(fill: FillingVisits, hits: readonly (boolean | null)[]): string {
  const visits = `${fill.visits} filling visit${fill.visits === 1 ? '' : 's'} (each loads the model and runs it for ${fill.useMs / 1000} s)`;
  if (hits.length > 0 && hits.every((hit) => hit === null)) {
    return 'not applicable: the runtime compiled its WebAssembly from bytes, not from a fetched response (WebAssembly.instantiateStreaming or compileStreaming), and Chrome caches compiled code only for the streamed kind';
  }
  if (hits.some((hit) => hit === true)) return `the cache was ${fill.filled ? 'filled' : 'written'} within ${visits}`;
  if (fill.written) return `V8 wrote compiled code to its cache during the ${visits}, but no warm load read it`;
  return `V8 wrote no compiled code to its cache in ${visits}: it caches only optimised code, once a page has made about 1 MB of it, and these runs of the model made less; the HTTP cache still served the files`;
}
