/**
 * The config file as users meet it: found on its own, layered under WTB_* variables and flags,
 * selected by --tag, and written by `init`. The CLI runs in-process (runMain) from each test's
 * project folder, on the simulated runtime; test/e2e/config.test.ts runs configs on the real one.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResolvedConfig } from '../../src/config/resolve-config.js';
import type { RunReport } from '../../src/report/schema.js';
import { RUN_DEFAULTS } from '../../src/config/run-defaults.js';
import { QUICK_SAMPLES, RELAXED, readJson, tempDir } from '../helpers/cli.js';
import { runSimulated } from '../helpers/run-main.js';
import { fixture } from '../helpers/fixtures.js';

const runCli = (args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) => runSimulated(args, {}, options);

/** Where a relative --out (the default) would land in-process: command-line paths resolve against the process's working folder. */
const DEFAULT_OUT_HERE = path.resolve(RUN_DEFAULTS.out);

type PrintedConfig = Pick<ResolvedConfig, 'configFile' | 'origins'> & { config: ResolvedConfig['config'] };

function writeJson(file: string, value: unknown): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  return file;
}

async function printConfig(cwd: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<PrintedConfig> {
  const result = await runCli(['--print-config', '--json', ...args], { cwd, env });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as PrintedConfig;
}

/** A project folder with the fixture models copied in, as a user's repository would hold them. */
function project(models: string[] = ['tiny-mlp', 'dynamic-batch', 'int64-input']): string {
  const dir = tempDir('wtb-config-');
  for (const id of models) {
    mkdirSync(path.join(dir, 'models'), { recursive: true });
    copyFileSync(fixture(id).absolutePath, path.join(dir, 'models', `${id}.onnx`));
  }
  return dir;
}

describe('finding the config file', () => {
  it.each([
    ['wasm-torch-bench.config.json', (dir: string) => writeJson(path.join(dir, 'wasm-torch-bench.config.json'), { models: ['models/tiny-mlp.onnx'], loadRuns: 3 })],
    ['.wasmtorchbenchrc.json', (dir: string) => writeJson(path.join(dir, '.wasmtorchbenchrc.json'), { models: ['models/tiny-mlp.onnx'], loadRuns: 3 })],
    ['package.json "wasm-torch-bench"', (dir: string) => writeJson(path.join(dir, 'package.json'), { name: 'app', 'wasm-torch-bench': { models: ['models/tiny-mlp.onnx'], loadRuns: 3 } })],
  ])('%s in the working folder', async (_label, write) => {
    const dir = project(['tiny-mlp']);
    const file = write(dir);
    const printed = await printConfig(dir);
    expect(printed.configFile).toBe(file);
    expect(printed.config.loadRuns).toBe(3);
    expect(printed.config.models.map((model) => model.path)).toEqual([path.join(dir, 'models/tiny-mlp.onnx')]);
  });

  it('the nearest one, from a subfolder, with paths relative to the file', async () => {
    const dir = project(['tiny-mlp']);
    writeJson(path.join(dir, 'wasm-torch-bench.config.json'), { models: ['models/tiny-mlp.onnx'], out: 'bench-reports' });
    mkdirSync(path.join(dir, 'src', 'deep'), { recursive: true });
    const printed = await printConfig(path.join(dir, 'src', 'deep'));
    expect(printed.config.models[0]?.path).toBe(path.join(dir, 'models/tiny-mlp.onnx'));
    expect(printed.config.outDir).toBe(path.join(dir, 'bench-reports'));
  });

  it('--config names one, and WTB_CONFIG does when --config is absent', async () => {
    const dir = project(['tiny-mlp']);
    writeJson(path.join(dir, 'wasm-torch-bench.config.json'), { models: ['models/tiny-mlp.onnx'], loadRuns: 3 });
    const other = writeJson(path.join(dir, 'ci', 'bench.json'), { models: ['../models/tiny-mlp.onnx'], loadRuns: 4 });
    expect((await printConfig(dir, ['--config', 'ci/bench.json'])).config.loadRuns).toBe(4);
    expect((await printConfig(dir, [], { WTB_CONFIG: other })).configFile).toBe(other);
  });

  it('a missing --config file is exit 2 saying what to pass', async () => {
    const result = await runCli(['--config', 'nope.json'], { cwd: tempDir() });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/config file .*nope\.json cannot be read: no such file; pass an existing file to --config/);
  });
});

describe('layers, as --print-config shows them', () => {
  it('names the source of each value: flag, environment, config file, default', async () => {
    const dir = project(['tiny-mlp']);
    const file = writeJson(path.join(dir, 'wasm-torch-bench.config.json'), { models: ['models/tiny-mlp.onnx'], loadRuns: 3, iterations: 50, minTime: '2s' });
    const result = await runCli(['--print-config', '--iterations', '70'], { cwd: dir, env: { WTB_LOAD_RUNS: '5' } });
    expect(result.status).toBe(0);
    const line = (key: string) => result.stdout.split('\n').find((text) => text.startsWith(`${key} `)) ?? '';
    expect(line('iterations')).toMatch(/^iterations +70 +← flag --iterations$/);
    expect(line('loadRuns')).toMatch(/^loadRuns +5 +← env WTB_LOAD_RUNS$/);
    expect(line('minTime')).toMatch(new RegExp(`^minTime +2 s +← minTime in ${file.replaceAll('.', '\\.')}$`));
    expect(line('maxTime')).toMatch(/^maxTime +1 m +← default$/);
    expect(result.stdout).toContain(`config file: ${file}`);
  });
});

describe('bad WTB_* variables', () => {
  it.each([
    ['an unknown name', { WTB_LOAD_RNS: '3' }, 'unknown environment variable WTB_LOAD_RNS (did you mean WTB_LOAD_RUNS?); unset it, or use one of'],
    ['a bad value', { WTB_LOAD_RUNS: 'many' }, 'WTB_LOAD_RUNS "many" is not a whole number; pass a number from 1 up, e.g. WTB_LOAD_RUNS=20'],
    ['a bad switch', { WTB_STRICT: 'maybe' }, 'WTB_STRICT="maybe" is not a switch; set it to 1 or 0 (true/false, yes/no)'],
    ['a bad KPI list entry', { WTB_KPI: 'inference.p99=5 parsecs' }, 'environment: --kpi "inference.p99=5 parsecs":'],
  ])('%s is exit 2 before anything runs, saying what to set', async (_label, env, message) => {
    const dir = project(['tiny-mlp']);
    const result = await runCli(['models/tiny-mlp.onnx'], { cwd: dir, env });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(existsSync(path.join(dir, 'reports'))).toBe(false);
    expect(existsSync(DEFAULT_OUT_HERE)).toBe(false);
  });
});

describe('--tag', () => {
  it('--tag measures only the models with that tag; an unknown tag is exit 2 listing the known ones', async () => {
    const dir = project(['tiny-mlp', 'int64-input']);
    writeJson(path.join(dir, 'wasm-torch-bench.config.json'), {
      runtimes: ['node-wasm'],
      models: [
        { path: 'models/tiny-mlp.onnx', tags: ['smoke'] },
        { path: 'models/int64-input.onnx', tags: ['nightly'] },
      ],
    });
    const result = await runCli(['--tag', 'smoke', ...QUICK_SAMPLES, ...RELAXED, '--reporter', 'json', '--out', path.join(dir, 'r')], { cwd: dir });
    expect(result.status).toBe(0);
    expect(readJson<RunReport>(path.join(dir, 'r', 'wasm-torch-bench.json')).results.map((row) => row.model.name)).toEqual(['tiny-mlp.onnx']);
    const unknown = await runCli(['--tag', 'weekly'], { cwd: dir });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('no model has the tag weekly; tags in the config: smoke, nightly');
  });
});

describe('init', () => {
  it('writes a starter config with the models found, their inputs filled in, and a note on dynamic dims', async () => {
    const dir = project();
    const init = await runCli(['init'], { cwd: dir });
    expect(init.stderr).toBe('');
    expect(init.status).toBe(0);
    expect(init.stdout).toContain('wrote wasm-torch-bench.config.json: 3 models, 1 with inputs to review (see their "$comment")');
    const written = readJson<{ $schema: string; kpis: Record<string, string>; models: { path: string; inputs: Record<string, { $comment?: string; shape: number[]; dtype: string }> }[] }>(
      path.join(dir, 'wasm-torch-bench.config.json'),
    );
    expect(written.kpis).toEqual({ 'load.p95': '2s', 'inference.p99': '500ms', 'memory.peak': '100MB', 'error.rate': '0.1%', 'memory.retained': '64kB' });
    expect(existsSync(path.resolve(dir, written.$schema))).toBe(true);
    expect(written.models.map((model) => model.path)).toEqual(['models/dynamic-batch.onnx', 'models/int64-input.onnx', 'models/tiny-mlp.onnx']);
    expect(written.models[0]?.inputs.input).toEqual({ $comment: "dynamic: 'batch' at axis 0 set to 1; change to the size you want to measure", shape: [1, 32], dtype: 'float32' });
    expect(written.models[1]?.inputs.ids).toEqual({ shape: [1, 16], dtype: 'int64' });
  });

  it('never overwrites without --force (exit 2), and does with it', async () => {
    const dir = project(['tiny-mlp']);
    writeFileSync(path.join(dir, 'wasm-torch-bench.config.json'), '{"models": ["mine.onnx"]}\n');
    const again = await runCli(['init'], { cwd: dir });
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('init: wasm-torch-bench.config.json already exists; pass --force to overwrite it, or --file <path> to write another file');
    expect(readFileSync(path.join(dir, 'wasm-torch-bench.config.json'), 'utf8')).toBe('{"models": ["mine.onnx"]}\n');
    expect((await runCli(['init', '--force'], { cwd: dir })).status).toBe(0);
    expect(readJson<{ models: { path: string }[] }>(path.join(dir, 'wasm-torch-bench.config.json')).models[0]?.path).toBe('models/tiny-mlp.onnx');
  });

  it('takes model files and folders, and --file for another name', async () => {
    const dir = project(['tiny-mlp', 'int64-input']);
    const result = await runCli(['init', 'models/tiny-mlp.onnx', '--file', 'ci/bench.json'], { cwd: dir });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('next: wasm-torch-bench --config ci/bench.json');
    expect(readJson<{ models: { path: string }[] }>(path.join(dir, 'ci', 'bench.json')).models.map((model) => model.path)).toEqual(['../models/tiny-mlp.onnx']);
  });

  it('with no .onnx to find, exit 2 saying what to pass', async () => {
    const dir = tempDir();
    const result = await runCli(['init'], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`init: no .onnx file under ${dir}; pass model files or the folder that holds them`);
    expect(existsSync(path.join(dir, 'wasm-torch-bench.config.json'))).toBe(false);
    const missing = await runCli(['init', 'nowhere/'], { cwd: dir });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('init: nowhere/ does not exist; pass .onnx files or folders that hold them');
  });
});
