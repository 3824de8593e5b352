/**
 * The onnxruntime-web a user's project ships, measured for real: `wasm-torch-bench model.onnx` run
 * from the fixture projects (npm run fixtures), one on 1.17.3 (its browser module in dist/esm/,
 * its .wasm files in dist/: the page sets wasmPaths) and one on 1.20.1 (.mjs beside its one .wasm,
 * multi-threaded in Node), on node-wasm and chrome-wasm; and a version that fails as it loads.
 * Resolution, the supported range and every bad choice are in test/unit/runtime-packages.test.ts.
 */
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { STRUCTURE_ONLY, tempDir } from '../helpers/cli.js';
import { REPO_ROOT, fixture } from '../helpers/fixtures.js';
import { runAndRead } from '../helpers/reports.js';

/** One cold load and a short timed phase per row: the versions are under test, not the numbers. */
const SHORT = ['--load-runs', '1', '--max-load-runs', '1', '--warmup', '2', '--iterations', '20', '--min-time', '0s', '--max-time', '2s', '--inconclusive', 'warn', ...STRUCTURE_ONLY];
const BOTH = ['--runtime', 'node-wasm,chrome-wasm'];

describe("the project's onnxruntime-web, from its folder", () => {
  it.each([
    ['ort-web-1.17', '1.17.3', '1', 'onnxruntime-web-1-17', 'ort-wasm-simd.wasm'],
    ['ort-web-1.20', '1.20.1', '2', 'onnxruntime-web-1-20', 'ort-wasm-simd-threaded.wasm'],
  ])('%s: node-wasm and chrome-wasm run %s (--threads %s), and the reports say so', (project, version, threads, installed, wasmFile) => {
    const { result, report, junit } = runAndRead(['model.onnx', ...SHORT, ...BOTH, '--threads', threads], {}, path.join(REPO_ROOT, 'fixtures', 'projects', project));
    expect(result.stderr).not.toContain('internal error');
    expect(result.status).toBe(0);
    const packageDir = realpathSync(path.join(REPO_ROOT, 'node_modules', installed));
    expect(report.environment.onnxruntimeWeb).toEqual({ version, source: 'project', path: packageDir });
    expect(report.environment.onnxruntimeWebVersion).toBe(version);
    expect(report.results.map((row) => [row.runtime, row.status, row.runtimeVersion, row.threads.used])).toEqual([
      ['node-wasm', 'ok', version, Number(threads)],
      ['chrome-wasm', 'ok', version, Number(threads)],
    ]);
    expect(report.results[1]?.wasmModule).toBe(wasmFile);
    expect(result.stdout.split('\n')[0]).toBe(`runtime: onnxruntime-web ${version}, the project's (${packageDir})`);
    expect(junit).toContain(`<property name="runtime.package.version" value="${version}"/>`);
  });
});

describe('a version that fails as it loads', () => {
  it('is RUNTIME_UNAVAILABLE on each runtime, naming its version and folder (exit 3)', () => {
    const dir = path.join(tempDir(), 'onnxruntime-web');
    mkdirSync(path.join(dir, 'dist'), { recursive: true });
    writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ name: 'onnxruntime-web', version: '1.21.0', exports: { '.': { node: './dist/broken.mjs' }, './wasm': { import: './dist/broken.mjs' } } }),
    );
    writeFileSync(path.join(dir, 'dist', 'broken.mjs'), "throw new Error('this build is broken');\n");
    writeFileSync(path.join(dir, 'dist', 'ort-wasm-simd-threaded.wasm'), '');
    const { result, report } = runAndRead([fixture('tiny-mlp').path, ...SHORT, ...BOTH, '--ort-web', dir]);
    expect(result.status).toBe(3);
    const named = `onnxruntime-web 1.21.0 (${realpathSync(dir)}) could not be loaded: `;
    for (const row of report.results) {
      expect(row.error?.code, row.runtime).toBe('RUNTIME_UNAVAILABLE');
      expect(row.error?.message, row.runtime).toMatch(
        new RegExp(`^${named.replace(/[.()/]/g, '\\$&')}.*this build is broken.*; reinstall it \\(npm ci in its project\\), or measure another with --ort-web`),
      );
    }
    expect(report.environment.onnxruntimeWeb).toMatchObject({ version: '1.21.0', source: 'setting' });
  });
});
