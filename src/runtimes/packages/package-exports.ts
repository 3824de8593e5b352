/**
 * A package's entry file for a subpath under a set of conditions, as Node and bundlers resolve a
 * package.json "exports" map: the first matching condition in the map's own order wins, "default"
 * always matches, null means "not exported here". Subpath patterns ("./*") are not needed for the
 * entries read here and are not supported.
 */

/** The fields of a package.json read here. */
export interface PackageManifest {
  name?: unknown;
  version?: unknown;
  main?: unknown;
  exports?: unknown;
}

/** Node's conditions for `import` of an ES module or CommonJS package. */
export const NODE_IMPORT_CONDITIONS = ['node', 'import', 'default'] as const;
/** A bundler's conditions for a browser build's `import` (vite, webpack, esbuild). */
export const BROWSER_IMPORT_CONDITIONS = ['browser', 'import', 'default'] as const;

/** undefined: no condition matched (try the next); null: explicitly not exported. */
function resolveTarget(target: unknown, conditions: readonly string[]): string | null | undefined {
  if (typeof target === 'string') return target;
  if (target === null) return null;
  if (Array.isArray(target)) {
    for (const item of target) {
      const resolved = resolveTarget(item, conditions);
      if (typeof resolved === 'string') return resolved;
    }
    return undefined;
  }
  if (typeof target !== 'object') return undefined;
  for (const [key, value] of Object.entries(target as Record<string, unknown>)) {
    if (key !== 'default' && !conditions.includes(key)) continue;
    const resolved = resolveTarget(value, conditions);
    if (resolved !== undefined) return resolved;
  }
  return undefined;
}

/** A map of subpaths ("." and "./wasm"), or the "." target itself (a string, an array or conditions). */
function subpathTarget(exports: unknown, subpath: string): unknown {
  const isSubpathMap = typeof exports === 'object' && exports !== null && !Array.isArray(exports) && Object.keys(exports).some((key) => key.startsWith('.'));
  if (isSubpathMap) return (exports as Record<string, unknown>)[subpath];
  return subpath === '.' ? exports : undefined;
}

/**
 * The entry's path relative to the package folder ("./dist/ort.node.min.mjs"), or null when the
 * package does not export that subpath under these conditions. Without "exports", "." is "main"
 * (else index.js) and nothing else is exported.
 */
export function exportsEntry(manifest: PackageManifest, subpath: '.' | `./${string}`, conditions: readonly string[]): string | null {
  if (manifest.exports === undefined) {
    if (subpath !== '.') return null;
    return typeof manifest.main === 'string' && manifest.main.length > 0 ? manifest.main : 'index.js';
  }
  return resolveTarget(subpathTarget(manifest.exports, subpath), conditions) ?? null;
}
