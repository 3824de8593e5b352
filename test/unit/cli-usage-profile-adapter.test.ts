/**
 * Usage errors of `profile` and of --runtime-adapter settings: exit 2 before anything runs, saying
 * what to pass. In-process (runMain); profiling and adapters on real runtimes are in
 * test/e2e/profile.test.ts and test/e2e/runtime-adapter.test.ts.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { REPO_ROOT, fixture } from '../helpers/fixtures.js';
import { runSimulated } from '../helpers/run-main.js';

const EXAMPLE = path.join(REPO_ROOT, 'examples/dense-wasm');
const ADAPTER = path.join(EXAMPLE, 'adapter.mjs');
const MODEL = path.join(EXAMPLE, 'dense-256x128.dwm');

describe('profile: bad arguments exit 2 and say what to pass', () => {
  it.each([
    ['--top 0', ['--top', '0'], '--top "0" must be a whole number from 1 to 10000, e.g. --top 20'],
    ['--runs not a number', ['--runs', 'lots'], '--runs "lots" must be a whole number from 1 to 100000, e.g. --runs 20'],
    ['an unknown runtime', ['--runtime', 'node-wsam'], '--runtime: unknown value "node-wsam"; choose from node-wasm, chrome-wasm, node-native, all'],
    ['a threads sweep', ['--threads', '1,2'], '--threads "1,2": profile takes one thread setting, e.g. --threads 2'],
    ['an input the model does not have', ['--input-shape', 'pixels=1,64'], "--input-shape names input 'pixels', but no model has an input of that name (inputs: 'input'); fix the name"],
  ])('%s', async (_label, args, message) => {
    const out = tempDir();
    const cli = await runSimulated(['profile', fixture('tiny-mlp').path, ...args, '--out', path.join(out, 'p')]);
    expect(cli.status).toBe(2);
    expect(cli.stderr).toContain(message);
    expect(existsSync(path.join(out, 'p'))).toBe(false);
  });

  it('a threads sweep from WTB_THREADS or the config file, named where it was set', async () => {
    const out = path.join(tempDir(), 'p');
    const fromEnv = await runSimulated(['profile', fixture('tiny-mlp').path, '--out', out], {}, { env: { WTB_THREADS: '1,2' } });
    expect(fromEnv.status).toBe(2);
    expect(fromEnv.stderr).toContain('WTB_THREADS "1,2": profile takes one thread setting, e.g. --threads 2');
    const project = tempDir('wtb-profile-config-');
    writeFileSync(path.join(project, 'wasm-torch-bench.config.json'), JSON.stringify({ threads: [1, 2] }));
    const fromFile = await runSimulated(['profile', fixture('tiny-mlp').absolutePath, '--out', out], {}, { cwd: project });
    expect(fromFile.status).toBe(2);
    expect(fromFile.stderr).toMatch(/threads in .*wasm-torch-bench\.config\.json "1,2": profile takes one thread setting, e\.g\. --threads 2/);
    expect(existsSync(out)).toBe(false);
  });

  it('a model that does not exist', async () => {
    const cli = await runSimulated(['profile', 'nope.onnx', '--out', path.join(tempDir(), 'p')]);
    expect(cli.status).toBe(2);
    expect(cli.stderr).toMatch(/nope\.onnx.*no such file; check the path/);
  });

  it('no model at all', async () => {
    const cli = await runSimulated(['profile']);
    expect(cli.status).toBe(2);
    expect(cli.stderr).toContain("missing required argument 'model'");
  });
});

describe('--runtime-adapter settings', async () => {
  it('refuses node-native, which runs ONNX models with onnxruntime-node only (exit 2, before measuring)', async () => {
    const out = path.join(tempDir(), 'out');
    const result = await runSimulated(['--runtime-adapter', ADAPTER, MODEL, '--runtime', 'all', '--out', out]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--runtime-adapter runs the adapter on node-wasm and chrome-wasm; node-native is onnxruntime-node and runs ONNX models only: drop node-native from --runtime');
    expect(existsSync(out)).toBe(false);
  });

  it("a config file's runtimeAdapter is relative to the file, and --print-config shows it", async () => {
    const dir = tempDir('wtb-adapter-config-');
    writeFileSync(path.join(dir, 'wasm-torch-bench.config.json'), JSON.stringify({ runtimeAdapter: path.relative(dir, ADAPTER), models: [MODEL], runtimes: ['node-wasm'] }));
    const printed = await runSimulated(['--print-config'], {}, { cwd: dir });
    expect(printed.status, printed.stderr).toBe(0);
    expect(printed.stdout).toMatch(new RegExp(`runtimeAdapter\\s+${ADAPTER.replaceAll('/', '\\/').replaceAll('.', '\\.')}\\s+← runtimeAdapter in `));
  });
});
