/**
 * Config files on the real runtime: the bin with no arguments measures every model with its own
 * inputs, variants and budgets, and `init`'s starter config runs as it is. Finding the file,
 * layering, --tag and init's other cases run in-process in test/unit/cli-config.test.ts.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/report/schema.js';
import { QUICK_SAMPLES, RELAXED, readJson, runCli, tempDir } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';
import { reportSchemaErrors } from '../helpers/validate.js';

function writeJson(file: string, value: unknown): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  return file;
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
});

describe('init', () => {
  it('writes a starter config that runs as it is on the fixture models', () => {
    const dir = project();
    const init = runCli(['init'], { cwd: dir });
    expect(init.stderr).toBe('');
    expect(init.status).toBe(0);
    // What init writes is checked in-process (test/unit/cli-config.test.ts); here it runs as written:
    // the flags only shorten sampling, loosen the timing KPIs of this shared machine and
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
});
