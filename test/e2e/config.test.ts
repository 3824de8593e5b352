/**
 * The config file as users meet it: found on its own, layered under WTB_* variables and flags,
 * measuring every model with its own inputs and budgets when the tool runs with no arguments,
 * and written by `init` so that it runs as it is.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResolvedConfig } from '../../src/config/resolve-config.js';
import type { RunReport } from '../../src/report/schema.js';
import { QUICK_SAMPLES, RELAXED, readJson, runCli, tempDir } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';
import { reportSchemaErrors } from '../helpers/validate.js';

type PrintedConfig = Pick<ResolvedConfig, 'configFile' | 'origins'> & { config: ResolvedConfig['config'] };

function writeJson(file: string, value: unknown): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  return file;
}

function printConfig(cwd: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): PrintedConfig {
  const result = runCli(['--print-config', '--json', ...args], { cwd, env });
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
  ])('%s in the working folder', (_label, write) => {
    const dir = project(['tiny-mlp']);
    const file = write(dir);
    const printed = printConfig(dir);
    expect(printed.configFile).toBe(file);
    expect(printed.config.loadRuns).toBe(3);
    expect(printed.config.models.map((model) => model.path)).toEqual([path.join(dir, 'models/tiny-mlp.onnx')]);
  });

  it('the nearest one, from a subfolder, with paths relative to the file', () => {
    const dir = project(['tiny-mlp']);
    writeJson(path.join(dir, 'wasm-torch-bench.config.json'), { models: ['models/tiny-mlp.onnx'], out: 'bench-reports' });
    mkdirSync(path.join(dir, 'src', 'deep'), { recursive: true });
    const printed = printConfig(path.join(dir, 'src', 'deep'));
    expect(printed.config.models[0]?.path).toBe(path.join(dir, 'models/tiny-mlp.onnx'));
    expect(printed.config.outDir).toBe(path.join(dir, 'bench-reports'));
  });

  it('--config names one, and WTB_CONFIG does when --config is absent', () => {
    const dir = project(['tiny-mlp']);
    writeJson(path.join(dir, 'wasm-torch-bench.config.json'), { models: ['models/tiny-mlp.onnx'], loadRuns: 3 });
    const other = writeJson(path.join(dir, 'ci', 'bench.json'), { models: ['../models/tiny-mlp.onnx'], loadRuns: 4 });
    expect(printConfig(dir, ['--config', 'ci/bench.json']).config.loadRuns).toBe(4);
    expect(printConfig(dir, [], { WTB_CONFIG: other }).configFile).toBe(other);
  });

  it('a missing --config file is exit 2 saying what to pass', () => {
    const result = runCli(['--config', 'nope.json'], { cwd: tempDir() });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/config file .*nope\.json cannot be read: no such file; pass an existing file to --config/);
  });
});

describe('layers, as --print-config shows them', () => {
  it('names the source of each value: flag, environment, config file, default', () => {
    const dir = project(['tiny-mlp']);
    const file = writeJson(path.join(dir, 'wasm-torch-bench.config.json'), { models: ['models/tiny-mlp.onnx'], loadRuns: 3, iterations: 50, minTime: '2s' });
    const result = runCli(['--print-config', '--iterations', '70'], { cwd: dir, env: { WTB_LOAD_RUNS: '5' } });
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
  ])('%s is exit 2 before anything runs, saying what to set', (_label, env, message) => {
    const dir = project(['tiny-mlp']);
    const result = runCli(['models/tiny-mlp.onnx'], { cwd: dir, env });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(existsSync(path.join(dir, 'reports'))).toBe(false);
  });
});

describe('running from a config file with no arguments', () => {
  it('measures every model with its own inputs, variants and budgets', () => {
    const dir = project();
    const file = writeJson(path.join(dir, 'wasm-torch-bench.config.json'), {
      runtimes: ['node-wasm'],
      loadRuns: 2,
      maxLoadRuns: 2,
      warmup: 2,
      iterations: 20,
      minTime: 0,
      maxTime: '10s',
      inconclusive: 'warn',
      kpis: { 'load.p95': '10m', 'inference.p99': '10m' },
      out: 'bench',
      models: [
        { path: 'models/tiny-mlp.onnx', name: 'mlp', kpis: { 'memory.peak': { threshold: '1GB', level: 'warn' } }, tags: ['smoke'] },
        {
          path: 'models/dynamic-batch.onnx',
          inputs: { input: { range: [-1, 1] } },
          variants: [
            { name: 'batch 1', inputs: { input: { shape: [1, 32] } } },
            { name: 'batch 8', inputs: { input: { shape: [8, 32], normal: { mean: 0, std: 2 } } } },
          ],
        },
        { path: 'models/int64-input.onnx', inputs: { ids: { value: 3 } } },
      ],
    });
    const result = runCli([], { cwd: dir });
    expect(result.stderr).not.toContain('internal error');
    expect(result.status).toBe(0);
    const report = readJson<RunReport>(path.join(dir, 'bench', 'wasm-torch-bench.json'));
    expect(reportSchemaErrors(report)).toEqual([]);
    const rows = report.results.map((row) => ({ name: row.model.name, variant: row.variant, status: row.status, tags: row.tags, feeds: row.feeds }));
    expect(rows).toEqual([
      { name: 'mlp', variant: null, status: 'ok', tags: ['smoke'], feeds: [{ name: 'input', dtype: 'float32', shape: [1, 64], values: null }] },
      { name: 'dynamic-batch.onnx', variant: 'batch 1', status: 'ok', tags: [], feeds: [{ name: 'input', dtype: 'float32', shape: [1, 32], values: { kind: 'uniform', min: -1, max: 1 } }] },
      { name: 'dynamic-batch.onnx', variant: 'batch 8', status: 'ok', tags: [], feeds: [{ name: 'input', dtype: 'float32', shape: [8, 32], values: { kind: 'normal', mean: 0, std: 2 } }] },
      { name: 'int64-input.onnx', variant: null, status: 'ok', tags: [], feeds: [{ name: 'ids', dtype: 'int64', shape: [1, 16], values: { kind: 'constant', value: 3 } }] },
    ]);
    // The model's own budget: memory.peak < 1 GB at warn; the others keep the file's defaults.
    const memoryCheck = (index: number) => report.results[index]?.checks.find((check) => check.id === 'memory.peak');
    expect(memoryCheck(0)).toMatchObject({ threshold: 1e9, level: 'warn' });
    expect(memoryCheck(1)).toMatchObject({ threshold: 1e8, level: 'error' });
    expect(report.results[0]?.checks.find((check) => check.id === 'load.p95')?.threshold).toBe(600_000);
    expect(result.stdout).toMatch(/dynamic-batch\.onnx \[batch 8\]/);
    expect(readFileSync(path.join(dir, 'bench', 'wasm-torch-bench.junit.xml'), 'utf8')).toContain('dynamic-batch.onnx [batch 1] [node-wasm, 1 thread]');
    expect(file).toBeTruthy();
  });

  it('--tag measures only the models with that tag; an unknown tag is exit 2 listing the known ones', () => {
    const dir = project(['tiny-mlp', 'int64-input']);
    writeJson(path.join(dir, 'wasm-torch-bench.config.json'), {
      runtimes: ['node-wasm'],
      models: [
        { path: 'models/tiny-mlp.onnx', tags: ['smoke'] },
        { path: 'models/int64-input.onnx', tags: ['nightly'] },
      ],
    });
    const result = runCli(['--tag', 'smoke', ...QUICK_SAMPLES, ...RELAXED, '--reporter', 'json', '--out', 'r'], { cwd: dir });
    expect(result.status).toBe(0);
    expect(readJson<RunReport>(path.join(dir, 'r', 'wasm-torch-bench.json')).results.map((row) => row.model.name)).toEqual(['tiny-mlp.onnx']);
    const unknown = runCli(['--tag', 'weekly'], { cwd: dir });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('no model has the tag weekly; tags in the config: smoke, nightly');
  });
});

describe('init', () => {
  it('writes a starter config that runs as it is on the fixture models', () => {
    const dir = project();
    const init = runCli(['init'], { cwd: dir });
    expect(init.stderr).toBe('');
    expect(init.status).toBe(0);
    expect(init.stdout).toContain('wrote wasm-torch-bench.config.json: 3 models, 1 with inputs to review (see their "$comment")');
    const written = readJson<{ $schema: string; kpis: Record<string, string>; models: { path: string; inputs: Record<string, { $comment?: string; shape: number[]; dtype: string }> }[] }>(
      path.join(dir, 'wasm-torch-bench.config.json'),
    );
    expect(written.kpis).toEqual({ 'load.p95': '2s', 'inference.p99': '500ms', 'memory.peak': '100MB', 'error.rate': '0.1%' });
    expect(existsSync(path.resolve(dir, written.$schema))).toBe(true);
    expect(written.models.map((model) => model.path)).toEqual(['models/dynamic-batch.onnx', 'models/int64-input.onnx', 'models/tiny-mlp.onnx']);
    expect(written.models[0]?.inputs.input).toEqual({ $comment: "dynamic: 'batch' at axis 0 set to 1; change to the size you want to measure", shape: [1, 32], dtype: 'float32' });
    expect(written.models[1]?.inputs.ids).toEqual({ shape: [1, 16], dtype: 'int64' });

    // As written; the flags only shorten sampling, loosen the timing KPIs of this shared machine and
    // keep to node-wasm (Chrome would add a minute and nothing the chrome-wasm tests do not cover).
    const run = runCli([...QUICK_SAMPLES, ...RELAXED, '--runtime', 'node-wasm', '--reporter', 'json'], { cwd: dir });
    expect(run.stderr).not.toContain('internal error');
    expect(run.status).toBe(0);
    const report = readJson<RunReport>(path.join(dir, 'reports', 'wasm-torch-bench.json'));
    expect(report.results.filter((row) => row.runtime === 'node-wasm').map((row) => [row.model.name, row.status])).toEqual([
      ['dynamic-batch.onnx', 'ok'],
      ['int64-input.onnx', 'ok'],
      ['tiny-mlp.onnx', 'ok'],
    ]);
  }, 300_000);

  it('never overwrites without --force (exit 2), and does with it', () => {
    const dir = project(['tiny-mlp']);
    writeFileSync(path.join(dir, 'wasm-torch-bench.config.json'), '{"models": ["mine.onnx"]}\n');
    const again = runCli(['init'], { cwd: dir });
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('init: wasm-torch-bench.config.json already exists; pass --force to overwrite it, or --file <path> to write another file');
    expect(readFileSync(path.join(dir, 'wasm-torch-bench.config.json'), 'utf8')).toBe('{"models": ["mine.onnx"]}\n');
    expect(runCli(['init', '--force'], { cwd: dir }).status).toBe(0);
    expect(readJson<{ models: { path: string }[] }>(path.join(dir, 'wasm-torch-bench.config.json')).models[0]?.path).toBe('models/tiny-mlp.onnx');
  });

  it('takes model files and folders, and --file for another name', () => {
    const dir = project(['tiny-mlp', 'int64-input']);
    const result = runCli(['init', 'models/tiny-mlp.onnx', '--file', 'ci/bench.json'], { cwd: dir });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('next: wasm-torch-bench --config ci/bench.json');
    expect(readJson<{ models: { path: string }[] }>(path.join(dir, 'ci', 'bench.json')).models.map((model) => model.path)).toEqual(['../models/tiny-mlp.onnx']);
  });

  it('with no .onnx to find, exit 2 saying what to pass', () => {
    const dir = tempDir();
    const result = runCli(['init'], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`init: no .onnx file under ${dir}; pass model files or the folder that holds them`);
    expect(existsSync(path.join(dir, 'wasm-torch-bench.config.json'))).toBe(false);
    const missing = runCli(['init', 'nowhere/'], { cwd: dir });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('init: nowhere/ does not exist; pass .onnx files or folders that hold them');
  });
});
