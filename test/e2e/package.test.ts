/**
 * `npm pack` gives a tarball that installs and runs with npx from another folder. The install
 * leaves out optional dependencies, as a user's `--omit=optional` (or a failed optional install)
 * would: onnxruntime-node is then missing, which only node-native may notice.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/report/schema.js';
import { QUICK, QUICK_SAMPLES, STRUCTURE_ONLY, tempDir } from '../helpers/cli.js';
import { REPO_ROOT, fixture } from '../helpers/fixtures.js';

describe('the packed tarball', () => {
  let project = '';

  beforeAll(() => {
    const packDir = tempDir('wtb-pack-');
    execFileSync('npm', ['pack', '--pack-destination', packDir, '--ignore-scripts'], { cwd: REPO_ROOT, stdio: 'pipe' });
    const tarball = readdirSync(packDir).find((name) => name.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack wrote no tarball into ${packDir}`);
    project = tempDir('wtb-consumer-');
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--omit=optional', path.join(packDir, tarball)], { cwd: project, stdio: 'pipe' });
  }, 300_000);

  function npx(args: string[], out: string) {
    const result = spawnSync('npx', ['--no-install', 'wasm-torch-bench', ...args, '--out', out], { cwd: project, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    return { ...result, report: JSON.parse(readFileSync(path.join(out, 'wasm-torch-bench.json'), 'utf8')) as RunReport };
  }

  it('installs into an empty project and runs with npx', () => {
    const out = path.join(project, 'reports');
    const result = spawnSync('npx', ['--no-install', 'wasm-torch-bench', fixture('tiny-mlp').absolutePath, ...QUICK, ...STRUCTURE_ONLY, '--out', out], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(result.stderr).not.toContain('internal error');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/tiny-mlp\.onnx .* node-wasm ×1/);
    expect(readdirSync(out).sort()).toEqual(['wasm-torch-bench.json', 'wasm-torch-bench.junit.xml']);
  }, 300_000);

  it('without onnxruntime-node, node-native is an error record saying how to install it; node-wasm still runs (exit 3)', () => {
    const out = path.join(project, 'reports-missing');
    const { status, stdout, report } = npx([fixture('tiny-mlp').absolutePath, ...QUICK_SAMPLES, ...STRUCTURE_ONLY, '--runtime', 'node-wasm,node-native'], out);
    expect(status).toBe(3);
    expect(report.environment.onnxruntimeNodeVersion).toBeNull();
    const [wasm, native] = report.results;
    expect(wasm?.status).toBe('ok');
    expect(native?.error?.code).toBe('RUNTIME_UNAVAILABLE');
    expect(native?.error?.message).toMatch(
      /^onnxruntime-node could not be loaded: .*Cannot find (package|module) 'onnxruntime-node'.*; install it beside wasm-torch-bench: npm install onnxruntime-node/,
    );
    expect(stdout).toMatch(/RUNTIME_UNAVAILABLE onnxruntime-node could not be loaded/);
  }, 120_000);

  it("an onnxruntime-node that fails to load is an error record with the loader's message; node-wasm still runs (exit 3)", () => {
    // A broken install: the package is there, its binding is not loadable.
    const broken = path.join(project, 'node_modules', 'onnxruntime-node');
    mkdirSync(broken, { recursive: true });
    writeFileSync(path.join(broken, 'package.json'), JSON.stringify({ name: 'onnxruntime-node', version: '0.0.0-broken', main: 'index.js' }));
    writeFileSync(path.join(broken, 'index.js'), "throw new Error('libonnxruntime.so.1: cannot open shared object file: No such file or directory');\n");
    const out = path.join(project, 'reports-broken');
    const { status, report } = npx([fixture('tiny-mlp').absolutePath, ...QUICK_SAMPLES, ...STRUCTURE_ONLY, '--runtime', 'node-wasm,node-native'], out);
    expect(status).toBe(3);
    expect(report.results[0]?.status).toBe('ok');
    expect(report.results[1]?.error?.code).toBe('RUNTIME_UNAVAILABLE');
    expect(report.results[1]?.error?.message).toContain('onnxruntime-node could not be loaded: libonnxruntime.so.1: cannot open shared object file');
    expect(report.results[1]?.error?.message).toContain('npm install onnxruntime-node');
  }, 120_000);

  it('runs the documented library API example (docs/library-api.md) as a user would, from the installed package', () => {
    const section = readFileSync(path.join(REPO_ROOT, 'docs', 'library-api.md'), 'utf8');
    const example = /```js\n([\s\S]*?)```/.exec(section)?.[1];
    expect(example).toContain("from 'wasm-torch-bench'");
    writeFileSync(path.join(project, 'api-example.mjs'), example as string);
    const result = spawnSync(process.execPath, ['api-example.mjs'], { cwd: project, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/│ mlp +│ node-wasm ×1 │/);
    // The example keeps the default load KPI, which a busy runner's cold loads can fail: the API is under test, not the machine.
    const line = /^mlp: inference P99 \d+\.\d{3} ms, verdict (pass|inconclusive|fail), exit code (\d)$/m.exec(result.stdout);
    expect(line?.[2]).toBe(line?.[1] === 'fail' ? '1' : '0');
    // Nothing is written unless asked.
    expect(readdirSync(project)).not.toContain('reports-api');
    const types = readFileSync(path.join(project, 'node_modules/wasm-torch-bench/dist/index.d.ts'), 'utf8');
    expect(types).toMatch(/export \{ run, defineConfig, type RunOptions, type WasmTorchBenchConfig \}/);
  }, 120_000);

  it('init writes a config whose $schema points at the schema in node_modules', () => {
    const dir = path.join(project, 'init-here');
    mkdirSync(path.join(dir, 'models'), { recursive: true });
    writeFileSync(path.join(dir, 'models', 'tiny.onnx'), readFileSync(fixture('tiny-mlp').absolutePath));
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'init-here', private: true }));
    const result = spawnSync(path.join(project, 'node_modules/.bin/wasm-torch-bench'), ['init'], { cwd: dir, encoding: 'utf8' });
    expect(result.status).toBe(0);
    const written = JSON.parse(readFileSync(path.join(dir, 'wasm-torch-bench.config.json'), 'utf8')) as { $schema: string };
    expect(written.$schema).toBe('../node_modules/wasm-torch-bench/schema/config.schema.json');
    expect(JSON.parse(readFileSync(path.resolve(dir, written.$schema), 'utf8'))).toMatchObject({ $id: 'urn:wasm-torch-bench:config:1' });
  }, 120_000);
});
