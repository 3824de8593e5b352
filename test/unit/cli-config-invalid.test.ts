/**
 * The invalid-config corpus: every file under fixtures/configs/invalid/ is a config file with one
 * mistake. Each is run as a user would (`--config <file>`, from an empty working folder), the CLI
 * in-process on the simulated runtime (a config that slipped through would measure nothing real),
 * and must fail fast: exit 2 before anything is measured, no result table, no reports/ folder, and a
 * message on stderr that names the key path and says what to do.
 *
 * fixtures/configs/invalid/expectations.json maps each file to two substrings of that message:
 * `keyPath` (where the mistake is) and `says` (what to do about it).
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RUN_DEFAULTS } from '../../src/config/run-defaults.js';
import { readJson, tempDir, type CliResult } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/fixtures.js';
import { runSimulated } from '../helpers/run-main.js';

interface Expectation {
  /** Must appear in stderr: where the mistake is, e.g. `models[0].inputs.input.shape`. */
  keyPath: string;
  /** Must appear in stderr too: what to do, e.g. `did you mean "models"?`. */
  says: string;
}

const CORPUS_DIR = path.join(REPO_ROOT, 'fixtures/configs/invalid');
const MANIFEST = 'expectations.json';
const expectations = readJson<Record<string, Expectation>>(path.join(CORPUS_DIR, MANIFEST));
const corpus = readdirSync(CORPUS_DIR)
  .filter((name) => name.endsWith('.json') && name !== MANIFEST)
  .sort();

/** WTB_* variables of the surrounding shell must not change what the config file says. */
const cleanEnv: NodeJS.ProcessEnv = { NO_COLOR: '1' };
for (const name of Object.keys(process.env)) if (name.startsWith('WTB_')) cleanEnv[name] = undefined;

/** Where a relative --out (the default) would land in this process: command-line paths resolve against its working folder. */
const DEFAULT_OUT_HERE = path.resolve(RUN_DEFAULTS.out);

interface Outcome {
  result: CliResult;
  cwd: string;
}

/** One in-process run per config, shared by its checks; each in a fresh, empty working folder. */
const outcomes = new Map<string, Promise<Outcome>>();
function runConfig(name: string): Promise<Outcome> {
  let outcome = outcomes.get(name);
  if (!outcome) {
    const cwd = tempDir('wtb-invalid-config-');
    outcome = runSimulated(['--config', path.join(CORPUS_DIR, name)], {}, { cwd, env: cleanEnv }).then((result) => ({ result, cwd }));
    outcomes.set(name, outcome);
  }
  return outcome;
}

afterAll(async () => {
  for (const outcome of outcomes.values()) rmSync((await outcome).cwd, { recursive: true, force: true });
});

describe('the invalid-config corpus', () => {
  it('has an expectation for every config file, and a config file for every expectation', () => {
    expect(
      corpus.filter((name) => !(name in expectations)),
      `configs without an entry in ${MANIFEST}`,
    ).toEqual([]);
    expect(
      Object.keys(expectations).filter((name) => !corpus.includes(name)),
      `entries in ${MANIFEST} without a config file`,
    ).toEqual([]);
  });

  it('has at least 30 cases', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
  });

  it('gives every case a non-empty key path and fix to look for', () => {
    for (const [name, expectation] of Object.entries(expectations)) {
      expect(expectation.keyPath, name).toMatch(/\S/);
      expect(expectation.says, name).toMatch(/\S/);
    }
  });
});

for (const name of corpus) {
  const expectation = expectations[name];
  if (!expectation) continue; // reported by the corpus check above
  const { keyPath, says } = expectation;

  describe(name, () => {
    it('exits 2 before measuring, naming the key path and what to do', async () => {
      const { result } = await runConfig(name);
      expect(result.stderr).not.toContain('internal error');
      expect(result.status, result.stderr).toBe(2);
      expect(result.stderr).toMatch(/^wasm-torch-bench: /);
      expect(result.stderr).toContain(keyPath);
      expect(result.stderr).toContain(says);
      // Nothing was measured: no progress line, no result table, no list of report files.
      expect(result.stderr).not.toMatch(/^\[\d+\/\d+\] /m);
      expect(result.stdout).not.toMatch(/[┌┬┐├┼┤└┴┘│]/);
      expect(result.stdout).not.toMatch(/^reports: /m);
    });

    it('creates no reports/ folder', async () => {
      const { cwd } = await runConfig(name);
      expect(readdirSync(cwd)).toEqual([]);
      expect(existsSync(DEFAULT_OUT_HERE)).toBe(false);
    });
  });
}
