/**
 * The two sides of an A/B run. A side is a model file, or `git:<ref>:<path>`: the model as it is
 * at that commit of the repository around the working folder, read with `git show` into a temp
 * folder, so a pull request's job can compare main's model with its own without a saved file.
 * As in git, <path> is from the repository's root, or from the working folder when it starts with
 * "./". Both sides must take the same inputs: they get the same feeds.
 */
import { execFile, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { InputError, UsageError } from '../errors.js';
import type { FeedSpec, ModelInfo, TensorInfo } from '../types.js';

const execFileAsync = promisify(execFile);

export type AbLabel = 'A' | 'B';

export type AbSource = { kind: 'file' } | { kind: 'git'; ref: string; commit: string; pathInRepo: string };

export interface AbSide {
  label: AbLabel;
  /** As the user gave it. */
  spec: string;
  /** The model file measured (for a git side, its copy in the temp folder). */
  path: string;
  source: AbSource;
}

const GIT_SIDE = /^git:([^:]+):(.+)$/s;

export function isGitSide(spec: string): boolean {
  return spec.startsWith('git:');
}

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('git', args, { cwd, encoding: 'utf8' });
  return stdout.trim();
}

function gitMessage(error: unknown): string {
  const stderr = (error as { stderr?: string }).stderr?.trim();
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'git is not installed (or not on PATH)';
  return stderr?.split('\n')[0] ?? String(error);
}

/** Copies `ref:pathInRepo` into `intoDir` and describes it; every failure names the side and what to do. */
async function resolveGitSide(label: AbLabel, spec: string, cwd: string, intoDir: string): Promise<AbSide> {
  const match = GIT_SIDE.exec(spec);
  if (!match) throw new UsageError(`side ${label} '${spec}' is not git:<ref>:<path> (e.g. git:main:models/model.onnx, or git:HEAD~1:./model.onnx from the working folder)`);
  const [, ref, pathInRepo] = match as unknown as [string, string, string];
  try {
    await git(cwd, ['rev-parse', '--show-toplevel']);
  } catch (error) {
    throw new UsageError(`side ${label} '${spec}': ${cwd} is not inside a git repository (${gitMessage(error)}); run from the repository, or give the model as a file`);
  }
  let commit: string;
  try {
    commit = await git(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new UsageError(`side ${label} '${spec}': git knows no commit '${ref}' here; fetch it first (in GitHub Actions: actions/checkout with fetch-depth: 0, or git fetch origin ${ref})`);
  }
  const object = `${commit}:${pathInRepo}`;
  try {
    const type = await git(cwd, ['cat-file', '-t', object]);
    if (type !== 'blob') throw new UsageError(`side ${label} '${spec}': '${pathInRepo}' is a ${type} at ${ref}, not a file; name the .onnx file`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new InputError(
      'MODEL_NOT_FOUND',
      `side ${label} '${spec}': ${ref} (${commit.slice(0, 12)}) has no '${pathInRepo}'; the path is from the repository's root (start it with ./ for the working folder); git ls-tree -r --name-only ${ref} lists the files`,
    );
  }
  const copy = path.join(intoDir, `${label}-${path.basename(pathInRepo)}`);
  const child = spawn('git', ['cat-file', 'blob', object], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  await pipeline(child.stdout, createWriteStream(copy));
  if ((await exited) !== 0) throw new InputError('MODEL_NOT_FOUND', `side ${label} '${spec}': git could not read ${object}; check the repository is not shallow or partial`);
  return { label, spec, path: copy, source: { kind: 'git', ref, commit, pathInRepo } };
}

/** A side as a model file to measure: a path as given (relative to `cwd`), or a git side copied into `intoDir`. */
export async function resolveAbSide(label: AbLabel, spec: string, cwd: string, intoDir: string): Promise<AbSide> {
  if (spec.trim() === '') throw new UsageError(`side ${label} is empty; give a model file or git:<ref>:<path>`);
  if (isGitSide(spec)) return resolveGitSide(label, spec, cwd, intoDir);
  return { label, spec, path: path.resolve(cwd, spec), source: { kind: 'file' } };
}

function describeInput(input: TensorInfo): string {
  return `${input.name} ${input.dtype}[${input.shape?.map((dim) => dim ?? '?').join(', ') ?? '?'}]`;
}

/** Whether one feed can fit both: same type, and where both declare a shape, the same rank and the same fixed sizes (a named or unknown dim fits any). */
function sameInterface(a: TensorInfo, b: TensorInfo): boolean {
  if (a.dtype !== b.dtype) return false;
  if (!a.shape || !b.shape) return true;
  if (a.shape.length !== b.shape.length) return false;
  return a.shape.every((dim, i) => {
    const other = b.shape?.[i];
    return typeof dim !== 'number' || typeof other !== 'number' || dim === other;
  });
}

/** How the two sides' inputs differ (name, type, rank or a fixed size), one line each; empty when one set of feeds fits both. */
export function inputDifferences(a: ModelInfo, b: ModelInfo): string[] {
  const differences: string[] = [];
  const byName = new Map(b.inputs.map((input) => [input.name, input]));
  for (const input of a.inputs) {
    const other = byName.get(input.name);
    if (!other) differences.push(`input '${input.name}' is in A only`);
    else if (!sameInterface(input, other)) differences.push(`input ${describeInput(input)} in A, ${describeInput(other)} in B`);
    byName.delete(input.name);
  }
  for (const name of byName.keys()) differences.push(`input '${name}' is in B only`);
  return differences;
}

/** Both sides get the same feeds, so their inputs must match: exit 2 naming each difference. */
export function requireSameInputs(a: ModelInfo, b: ModelInfo): void {
  const differences = inputDifferences(a, b);
  if (differences.length === 0) return;
  throw new InputError(
    'INPUT_SPEC_INVALID',
    `the sides take different inputs, so they cannot get the same feeds: ${differences.join('; ')}; compare models with the same inputs (an A/B run measures one change to the same interface)`,
  );
}

/**
 * Both sides run A's feeds, which fit A by construction; a dim B fixes (a copy made with
 * onnxruntime's make_dynamic_shape_fixed, say) must have the size the feeds give it, or B's
 * session would refuse every run: exit 2 before anything is measured, with the size to give.
 */
export function requireFeedsFitSideB(feeds: readonly FeedSpec[], a: ModelInfo, b: ModelInfo): void {
  for (const feed of feeds) {
    const fixed = b.inputs.find((input) => input.name === feed.name)?.shape;
    if (!fixed) continue;
    for (const [axis, dim] of fixed.entries()) {
      const size = feed.shape[axis];
      if (typeof dim !== 'number' || size === undefined || size === dim) continue;
      const named = a.inputs.find((input) => input.name === feed.name)?.shape?.[axis];
      const fix = typeof named === 'string' ? `--dim ${named}=${dim}` : `--input-shape ${feed.name}=${fixed.map((other, i) => (typeof other === 'number' ? other : (feed.shape[i] ?? 1))).join(',')}`;
      throw new InputError(
        'INPUT_SPEC_INVALID',
        `side B fixes axis ${axis} of input '${feed.name}'${typeof named === 'string' ? ` ('${named}' in A)` : ''} at ${dim}, but the feeds both sides get have ${size} there (${feed.name} [${feed.shape.join(', ')}]); give both that size: ${fix}`,
      );
    }
  }
}
