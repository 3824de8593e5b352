/**
 * Which copy of onnxruntime-web (or onnxruntime-node) a run measures: by default the one the
 * user's project has installed, found from the working folder as Node finds a bare import, else the
 * tool's own; or the one --ort-web / --ort-node chose (a package folder, a version installed in the
 * project, or "bundled"). Resolution runs once per side of a run and its result travels with each
 * trial, so two sides of an A/B run can measure different copies.
 */
import { readdir, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../../errors.js';
import type { RuntimePackage, RuntimePackageChoice, RuntimePackageName } from '../../types.js';
import type { PackageManifest } from './package-exports.js';
import { PACKAGE_SETTING_FLAG } from './runtime-package-entries.js';

/** A package folder found on disk with its manifest. */
interface FoundPackage {
  /** Symlinks resolved. */
  dir: string;
  version: string;
}

export async function readManifest(dir: string): Promise<PackageManifest | null> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as PackageManifest) : null;
  } catch {
    return null;
  }
}

async function packageAt(dir: string, name: RuntimePackageName): Promise<FoundPackage | null> {
  const manifest = await readManifest(dir);
  if (manifest?.name !== name || typeof manifest.version !== 'string') return null;
  return { dir: await realpath(dir), version: manifest.version };
}

/** The node_modules folders a bare import from `startDir` looks in, nearest first. */
function nodeModulesChain(startDir: string): string[] {
  const chain: string[] = [];
  for (let dir = path.resolve(startDir); ; dir = path.dirname(dir)) {
    if (path.basename(dir) !== 'node_modules') chain.push(path.join(dir, 'node_modules'));
    if (dir === path.dirname(dir)) return chain;
  }
}

/** The copy a bare import of `name` from `startDir` would load. */
async function nearestInstalled(name: RuntimePackageName, startDir: string): Promise<FoundPackage | null> {
  for (const modules of nodeModulesChain(startDir)) {
    const found = await packageAt(path.join(modules, name), name);
    if (found) return found;
  }
  return null;
}

/** The tool's own copy: what a bare import from this module loads. */
export function bundledPackage(name: RuntimePackageName): Promise<FoundPackage | null> {
  return nearestInstalled(name, path.dirname(fileURLToPath(import.meta.url)));
}

async function folderEntries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

/**
 * Every copy of `name` installed at the top of the project's node_modules folders, under its own
 * name or an npm alias ("onnxruntime-web-1-18": "npm:onnxruntime-web@1.18.0"), nearest first.
 */
async function installedCopies(name: RuntimePackageName, startDir: string): Promise<FoundPackage[]> {
  const copies: FoundPackage[] = [];
  for (const modules of nodeModulesChain(startDir)) {
    const names = await folderEntries(modules);
    const scoped = await Promise.all(names.filter((entry) => entry.startsWith('@')).map(async (scope) => (await folderEntries(path.join(modules, scope))).map((entry) => `${scope}/${entry}`)));
    const candidates = [...names.filter((entry) => !entry.startsWith('.') && !entry.startsWith('@')), ...scoped.flat()];
    // The package under its own name first: it is what a plain import loads.
    candidates.sort((a, b) => Number(b === name) - Number(a === name));
    for (const candidate of candidates) {
      const found = await packageAt(path.join(modules, candidate), name);
      if (found && !copies.some((copy) => copy.dir === found.dir)) copies.push(found);
    }
  }
  return copies;
}

function sourced(name: RuntimePackageName, found: FoundPackage, bundled: FoundPackage | null, otherwise: RuntimePackage['source']): RuntimePackage {
  return { name, version: found.version, dir: found.dir, source: bundled?.dir === found.dir ? 'bundled' : otherwise };
}

/** A dash-separated alias for a version ("onnxruntime-web-1-18-0"), to install it beside another. */
function aliasFor(name: RuntimePackageName, version: string): string {
  return `${name}-${version.replace(/[^0-9A-Za-z]+/g, '-')}`;
}

async function byVersion(name: RuntimePackageName, choice: RuntimePackageChoice, cwd: string, bundled: FoundPackage | null): Promise<RuntimePackage> {
  const copies = await installedCopies(name, cwd);
  const match = copies.find((copy) => copy.version === choice.value) ?? (bundled?.version === choice.value ? bundled : null);
  if (match) return sourced(name, match, bundled, 'setting');
  const present = [
    ...copies.map((copy) => `${copy.version} (${copy.dir})`),
    ...(bundled && !copies.some((copy) => copy.dir === bundled.dir) ? [`${bundled.version} (bundled with wasm-torch-bench)`] : []),
  ];
  throw new UsageError(
    `${choice.setBy ?? PACKAGE_SETTING_FLAG[name]} ${choice.value}: ${name} ${choice.value} is not installed in ${cwd} (found: ${present.join(', ') || 'none'}); install it in the project (wasm-torch-bench never installs packages): npm i -D ${name}@${choice.value}, or beside the version the app uses: npm i -D ${aliasFor(name, choice.value)}@npm:${name}@${choice.value}`,
  );
}

async function byFolder(name: RuntimePackageName, choice: RuntimePackageChoice, bundled: FoundPackage | null): Promise<RuntimePackage> {
  const dir = path.resolve(choice.value);
  const found = await packageAt(dir, name);
  if (found) return sourced(name, found, bundled, 'setting');
  const manifest = await readManifest(dir);
  const what = manifest
    ? `holds ${typeof manifest.name === 'string' ? manifest.name : 'a package without a name'}${typeof manifest.version === 'string' ? ` ${manifest.version}` : ''}`
    : 'has no package.json';
  const inside = await packageAt(path.join(dir, 'node_modules', name), name);
  const fix = inside
    ? `did you mean its ${name}: ${choice.setBy ?? PACKAGE_SETTING_FLAG[name]} ${path.join(dir, 'node_modules', name)}`
    : `point it at the package's folder (e.g. <project>/node_modules/${name}), give a version installed in the project (e.g. 1.20.1), or "bundled"`;
  throw new UsageError(`${choice.setBy ?? PACKAGE_SETTING_FLAG[name]} "${choice.value}": ${dir} is not a ${name} package (it ${what}); ${fix}`);
}

/**
 * The package to measure for `name`: the choice, else the project's copy (found from `cwd`), else
 * the tool's own. Null only when none is installed (onnxruntime-node is optional). A choice that
 * names no such package is a UsageError (exit 2) saying how to fix it.
 */
export async function resolveRuntimePackage(name: RuntimePackageName, choice: RuntimePackageChoice | null, cwd: string): Promise<RuntimePackage | null> {
  const bundled = await bundledPackage(name);
  if (choice?.kind === 'version') return byVersion(name, choice, cwd, bundled);
  if (choice?.kind === 'dir') return byFolder(name, choice, bundled);
  const found = choice?.kind === 'bundled' ? bundled : ((await nearestInstalled(name, cwd)) ?? bundled);
  return found ? sourced(name, found, bundled, 'project') : null;
}
