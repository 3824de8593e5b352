/**
 * The onnxruntime packages a plan's trials import: resolved once per run (or per side of an A/B
 * run) from the project folder and the --ort-web / --ort-node choices, only for the packages some
 * trial needs, so a setting for a runtime not measured is never looked up.
 */
import type { RunConfig } from '../config/run-config-schema.js';
import { packageNameOf, runtimePackageProblem } from '../runtimes/packages/runtime-package-entries.js';
import { resolveRuntimePackage } from '../runtimes/packages/resolve-runtime-package.js';
import type { RuntimeName, RuntimePackage, RuntimePackageName } from '../types.js';
import type { WtbError } from '../errors.js';
import type { Environment } from '../report/schema.js';

export type PlannedPackages = ReadonlyMap<RuntimePackageName, RuntimePackage | null>;

/** Resolves the packages of these runtimes; a choice naming no such package throws a UsageError (exit 2). */
export async function planRuntimePackages(config: Pick<RunConfig, 'ortWeb' | 'ortNode'>, runtimes: Iterable<RuntimeName>, cwd: string): Promise<PlannedPackages> {
  const names = new Set([...runtimes].map(packageNameOf));
  const choices: Record<RuntimePackageName, RunConfig['ortWeb']> = { 'onnxruntime-web': config.ortWeb, 'onnxruntime-node': config.ortNode };
  const resolved = await Promise.all([...names].map(async (name) => [name, await resolveRuntimePackage(name, choices[name], cwd)] as const));
  return new Map(resolved);
}

/** A trial's package and, when it cannot run this runtime at these threads, why (RUNTIME_UNAVAILABLE or THREADS_UNAVAILABLE). */
export function trialPackage(packages: PlannedPackages, runtime: RuntimeName, threads: number): { runtimePackage: RuntimePackage | null; problem: WtbError | null } {
  const runtimePackage = packages.get(packageNameOf(runtime)) ?? null;
  return { runtimePackage, problem: runtimePackage ? runtimePackageProblem(runtime, threads, runtimePackage) : null };
}

/** What the report's environment says of the packages measured: the first of each name in the plan. */
export function runtimePackageFacts(
  packages: Iterable<RuntimePackage | null | undefined>,
): Pick<Environment, 'onnxruntimeWeb' | 'onnxruntimeNode'> & Partial<Pick<Environment, 'onnxruntimeWebVersion' | 'onnxruntimeNodeVersion'>> {
  const seen = [...packages].filter((pkg): pkg is RuntimePackage => Boolean(pkg));
  const fact = (name: RuntimePackageName) => {
    const pkg = seen.find((candidate) => candidate.name === name);
    return pkg ? { version: pkg.version, source: pkg.source, path: pkg.dir } : null;
  };
  const [web, node] = [fact('onnxruntime-web'), fact('onnxruntime-node')];
  return { onnxruntimeWeb: web, onnxruntimeNode: node, ...(web ? { onnxruntimeWebVersion: web.version } : {}), ...(node ? { onnxruntimeNodeVersion: node.version } : {}) };
}
