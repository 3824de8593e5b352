import { createRequire } from 'node:module';

const requireFromHere = createRequire(import.meta.url);

/**
 * A CommonJS library loaded on first call rather than at import. The fixed-sample intervals'
 * @stdlib packages pull in hundreds of small modules (~5 MB of RSS) that a run needs only when it
 * builds its report, not while its workers measure.
 */
export function loadedOnFirstUse<T>(packageName: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= requireFromHere(packageName) as T;
    return loaded;
  };
}
