import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../../src/errors.js';
import { inputDifferences, requireSameInputs, resolveAbSide } from '../../src/plan/ab-sides.js';
import type { ModelInfo, TensorInfo } from '../../src/types.js';
import { tempDir } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/fixtures.js';

const TINY = path.join(REPO_ROOT, 'fixtures/models/tiny-mlp.onnx');

function gitIn(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } }).trim();
}

async function rejection(promise: Promise<unknown>): Promise<InputError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(InputError);
  expect((error as InputError).exitCode).toBe(2);
  return error as InputError;
}

describe('resolveAbSide', () => {
  let repo: string;
  let copies: string;
  beforeAll(() => {
    repo = tempDir('wtb-ab-repo-');
    copies = tempDir('wtb-ab-copies-');
    gitIn(repo, 'init', '-q', '-b', 'main');
    mkdirSync(path.join(repo, 'models'));
    copyFileSync(TINY, path.join(repo, 'models/model.onnx'));
    gitIn(repo, 'add', '.');
    gitIn(repo, 'commit', '-q', '-m', 'model');
  });

  it('a file side is the path as given, from the working folder', async () => {
    expect(await resolveAbSide('A', 'models/model.onnx', repo, copies)).toEqual({ label: 'A', spec: 'models/model.onnx', path: path.join(repo, 'models/model.onnx'), source: { kind: 'file' } });
  });

  it('a git side is copied byte for byte from the commit, from the root or from the working folder with ./', async () => {
    const fromRoot = await resolveAbSide('A', 'git:main:models/model.onnx', path.join(repo, 'models'), copies);
    expect(fromRoot.source).toMatchObject({ kind: 'git', ref: 'main', pathInRepo: 'models/model.onnx', commit: gitIn(repo, 'rev-parse', 'HEAD') });
    expect(readFileSync(fromRoot.path).equals(readFileSync(TINY))).toBe(true);
    const fromHere = await resolveAbSide('B', 'git:HEAD:./model.onnx', path.join(repo, 'models'), copies);
    expect(readFileSync(fromHere.path).equals(readFileSync(TINY))).toBe(true);
    expect(fromHere.path).not.toBe(fromRoot.path);
  });

  it('an unknown ref, a missing path, a folder and a folder outside git are exit 2 naming the side and what to do', async () => {
    const badRef = await rejection(resolveAbSide('A', 'git:no-such-branch:models/model.onnx', repo, copies));
    expect(badRef.message).toMatch(/^side A 'git:no-such-branch:models\/model\.onnx': git knows no commit 'no-such-branch' here; fetch it first/);
    const missing = await rejection(resolveAbSide('B', 'git:main:model.onnx', repo, copies));
    expect(missing.code).toBe('MODEL_NOT_FOUND');
    expect(missing.message).toMatch(/side B .*has no 'model\.onnx'; the path is from the repository's root .*git ls-tree -r --name-only main/);
    const folder = await rejection(resolveAbSide('B', 'git:main:models', repo, copies));
    expect(folder).toBeInstanceOf(UsageError);
    expect(folder.message).toContain("'models' is a tree at main, not a file");
    const outside = await rejection(resolveAbSide('A', 'git:main:model.onnx', copies, copies));
    expect(outside.message).toMatch(/is not inside a git repository .*run from the repository, or give the model as a file/);
    const malformed = await rejection(resolveAbSide('A', 'git:main', repo, copies));
    expect(malformed.message).toContain('is not git:<ref>:<path>');
  });
});

describe('inputDifferences', () => {
  const info = (...inputs: TensorInfo[]): ModelInfo => ({ path: 'm.onnx', name: 'm.onnx', bytes: 1, sha256: '', irVersion: 8, opsets: [], producer: '', inputs, outputs: [] });
  const x = (shape: TensorInfo['shape'], dtype = 'float32'): TensorInfo => ({ name: 'x', dtype, shape });

  it('one feed fits both when types, ranks and fixed sizes agree (a named or unknown dim fits any size)', () => {
    expect(inputDifferences(info(x(['batch', 3])), info(x([1, 3])))).toEqual([]);
    expect(inputDifferences(info(x([null, 3])), info(x(['N', 3])))).toEqual([]);
  });

  it('names every difference: type, rank, a fixed size, an input on one side only', () => {
    expect(inputDifferences(info(x([1, 3])), info(x([1, 3], 'float16')))).toEqual(['input x float32[1, 3] in A, x float16[1, 3] in B']);
    expect(inputDifferences(info(x([1, 3])), info(x([1, 3, 1])))).toHaveLength(1);
    expect(inputDifferences(info(x([1, 3])), info(x([1, 4])))).toEqual(['input x float32[1, 3] in A, x float32[1, 4] in B']);
    expect(inputDifferences(info(x([1])), info({ name: 'y', dtype: 'float32', shape: [1] }))).toEqual(["input 'x' is in A only", "input 'y' is in B only"]);
    let thrown: unknown;
    try {
      requireSameInputs(info(x([1, 3])), info(x([1, 4])));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputError);
    expect((thrown as InputError).message).toMatch(
      /^the sides take different inputs, so they cannot get the same feeds: input x float32\[1, 3\] in A, x float32\[1, 4\] in B; compare models with the same inputs/,
    );
  });
});
