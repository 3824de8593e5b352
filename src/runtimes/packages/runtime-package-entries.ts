/**
 * What of a runtime package the workers and the page load, and which versions the harness can
 * measure. The supported range was found by running the harness on real releases (see "Supported
 * versions" in docs/runtime-versions.md):
 *
 * - 1.16 and older have no ES module build: their browser build is a UMD script that a page's
 *   import() gets nothing from (it only sets a global), so chrome-wasm cannot load them.
 * - 1.17 and 1.18 export an ES module for the browser (dist/esm/ort.wasm.min.js) but look for their
 *   .wasm files beside the page, not beside themselves: the page sets env.wasm.wasmPaths, as an
 *   app on them must. In Node they run single-threaded only (their threaded build fails to link).
 * - 1.19 on put .mjs builds beside their single ort-wasm-simd-threaded.wasm; 1.20.1 is measured by
 *   the tests, 1.30 is the tool's own.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RuntimeFailure } from '../../errors.js';
import type { RuntimeModuleRef } from '../../harness/runtime-flavour.js';
import type { RuntimeName, RuntimePackage, RuntimePackageName } from '../../types.js';
import { BROWSER_IMPORT_CONDITIONS, NODE_IMPORT_CONDITIONS, exportsEntry, type PackageManifest } from './package-exports.js';

/** The oldest onnxruntime-web the harness measures in Node and in the page (see above). */
export const OLDEST_SUPPORTED_WEB_VERSION = '1.17.0';
/** A new major may change the API the harness uses; it is refused until it has been tried. */
export const FIRST_UNSUPPORTED_WEB_MAJOR = 2;
/** onnxruntime-web runs multi-threaded in Node from this version on. */
export const NODE_THREADS_SINCE_VERSION = '1.19.0';
/** The WebAssembly build every supported onnxruntime-web ships; the folder holding it is where the page's wasmPaths point. */
const WASM_FILE = 'ort-wasm-simd-threaded.wasm';

export const SUPPORTED_WEB_RANGE_TEXT = `${OLDEST_SUPPORTED_WEB_VERSION} and later ${FIRST_UNSUPPORTED_WEB_MAJOR - 1}.x releases`;

/** The flag that chooses a package's copy. */
export const PACKAGE_SETTING_FLAG: Record<RuntimePackageName, '--ort-web' | '--ort-node'> = { 'onnxruntime-web': '--ort-web', 'onnxruntime-node': '--ort-node' };

/** Which package a runtime imports. */
export function packageNameOf(runtime: RuntimeName): RuntimePackageName {
  return runtime === 'node-native' ? 'onnxruntime-node' : 'onnxruntime-web';
}

/** major.minor.patch as numbers; a pre-release counts as its release. */
function versionParts(version: string): [number, number, number] | null {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : null;
}

export function compareVersions(a: string, b: string): number {
  const [x, y] = [versionParts(a) ?? [0, 0, 0], versionParts(b) ?? [0, 0, 0]];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  return 0;
}

/** "onnxruntime-web 1.20.1 (the project's, /app/node_modules/onnxruntime-web)", as messages name a package. */
export function describePackage(pkg: RuntimePackage): string {
  const where = pkg.source === 'bundled' ? 'bundled with wasm-torch-bench' : pkg.source === 'project' ? `the project's, ${pkg.dir}` : pkg.dir;
  return `${pkg.name} ${pkg.version} (${where})`;
}

function unavailable(pkg: RuntimePackage, why: string): RuntimeFailure {
  return new RuntimeFailure('RUNTIME_UNAVAILABLE', `${describePackage(pkg)} ${why}`);
}

function readPackageManifest(pkg: RuntimePackage): PackageManifest {
  try {
    return JSON.parse(readFileSync(path.join(pkg.dir, 'package.json'), 'utf8')) as PackageManifest;
  } catch (error) {
    throw unavailable(pkg, `cannot be read: ${error instanceof Error ? error.message : String(error)}; reinstall it (npm ci)`);
  }
}

/** An entry the package declares, as an absolute path that exists. */
function entryFile(pkg: RuntimePackage, subpath: '.' | './wasm', conditions: readonly string[]): string {
  const entry = exportsEntry(readPackageManifest(pkg), subpath, conditions);
  if (entry === null)
    throw unavailable(
      pkg,
      `exports no ${subpath === '.' ? 'entry' : `"${subpath}" entry`} for ${conditions.join('/')}; a broken or unusual build: reinstall it, or choose another with ${PACKAGE_SETTING_FLAG[pkg.name]}`,
    );
  const file = path.resolve(pkg.dir, entry);
  if (!existsSync(file)) throw unavailable(pkg, `is incomplete: its entry ${entry} is missing; reinstall it (npm ci)`);
  return file;
}

/** The module a Node worker imports (what `import 'onnxruntime-web'` loads in Node). */
export function nodeEntryFile(pkg: RuntimePackage): string {
  return entryFile(pkg, '.', NODE_IMPORT_CONDITIONS);
}

/** How failure messages name a package: null for the tool's own (its package name does), else its version and folder. */
export function packageLabel(pkg: RuntimePackage): string | null {
  return pkg.source === 'bundled' ? null : describePackage(pkg);
}

/** What a Node worker imports for a trial; null: the package by name (none was found). */
export function nodeRuntimeModule(pkg: RuntimePackage | null | undefined): RuntimeModuleRef | null {
  return pkg ? { url: pathToFileURL(nodeEntryFile(pkg)).href, label: packageLabel(pkg), wasmPaths: null } : null;
}

export interface BrowserEntry {
  /** The ES module the page imports (what a bundler makes of `import 'onnxruntime-web/wasm'`). */
  entryFile: string;
  /** The folder holding the .wasm files. */
  wasmDir: string;
}

export function browserEntry(pkg: RuntimePackage): BrowserEntry {
  const file = entryFile(pkg, './wasm', BROWSER_IMPORT_CONDITIONS);
  const wasmDir = [path.dirname(file), path.join(pkg.dir, 'dist')].find((dir) => existsSync(path.join(dir, WASM_FILE)));
  if (!wasmDir) throw unavailable(pkg, `is incomplete: ${WASM_FILE} is not beside ${path.relative(pkg.dir, file)} nor in dist/; reinstall it (npm ci)`);
  return { entryFile: file, wasmDir };
}

/**
 * Why this package cannot run this runtime at these threads, before any worker starts: a version
 * outside the supported range, a missing entry, or threads Node cannot give it. Null when it can.
 */
export function runtimePackageProblem(runtime: RuntimeName, threads: number, pkg: RuntimePackage): RuntimeFailure | null {
  try {
    if (pkg.name === 'onnxruntime-web') {
      const major = versionParts(pkg.version)?.[0];
      if (major === undefined || compareVersions(pkg.version, OLDEST_SUPPORTED_WEB_VERSION) < 0 || major >= FIRST_UNSUPPORTED_WEB_MAJOR) {
        return unavailable(
          pkg,
          `is outside the versions wasm-torch-bench can measure (${SUPPORTED_WEB_RANGE_TEXT}; older ones have no ES module build to load); upgrade it in the project, or measure another with --ort-web <version|dir|bundled>`,
        );
      }
      if (runtime === 'node-wasm' && threads > 1 && compareVersions(pkg.version, NODE_THREADS_SINCE_VERSION) < 0) {
        return new RuntimeFailure(
          'THREADS_UNAVAILABLE',
          `${describePackage(pkg)} runs single-threaded in Node (multi-threaded WebAssembly in Node came with ${NODE_THREADS_SINCE_VERSION}); measure it with --threads 1 on node-wasm, or with more threads on chrome-wasm`,
        );
      }
    }
    if (runtime === 'chrome-wasm') browserEntry(pkg);
    else nodeEntryFile(pkg);
    return null;
  } catch (error) {
    if (error instanceof RuntimeFailure) return error;
    throw error;
  }
}
