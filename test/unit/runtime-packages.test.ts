/**
 * Which onnxruntime a run measures: the package's entries from its exports map, resolution from
 * the project folder and from --ort-web/--ort-node (each bad choice exit 2 with the fix), the
 * supported range and Node's threads (exit 3 per row, the other rows still measured), and what the
 * reports say of the package. Real package.json files: the onnxruntime-web 1.17.3, 1.20.1 and
 * 1.30.0 the repo installs, and small stand-ins written into temp folders. The CLI runs
 * in-process on the simulated runtime (nothing is imported there); the real imports are in
 * test/e2e/runtime-versions.test.ts.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type InputError, UsageError } from '../../src/errors.js';
import type { AbReport } from '../../src/report/ab-schema.js';
import type { RunReport } from '../../src/report/schema.js';
import { BROWSER_IMPORT_CONDITIONS, NODE_IMPORT_CONDITIONS, exportsEntry } from '../../src/runtimes/packages/package-exports.js';
import { resolveRuntimePackage } from '../../src/runtimes/packages/resolve-runtime-package.js';
import { browserEntry, nodeEntryFile, runtimePackageProblem } from '../../src/runtimes/packages/runtime-package-entries.js';
import type { RuntimePackage, RuntimePackageChoice } from '../../src/types.js';
import { QUICK_SAMPLES, readJson, tempDir } from '../helpers/cli.js';
import { REPO_ROOT, fixture } from '../helpers/fixtures.js';
import { runSimulated } from '../helpers/run-main.js';
import { reportSchemaErrors } from '../helpers/validate.js';

const MODULES = path.join(REPO_ROOT, 'node_modules');
const manifestOf = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
const BUNDLED_DIR = realpathSync(path.join(MODULES, 'onnxruntime-web'));
const BUNDLED_VERSION = manifestOf(BUNDLED_DIR).version as string;
const WEB_1_17 = realpathSync(path.join(MODULES, 'onnxruntime-web-1-17'));
const WEB_1_20 = realpathSync(path.join(MODULES, 'onnxruntime-web-1-20'));
const PROJECT_1_20 = path.join(REPO_ROOT, 'fixtures', 'projects', 'ort-web-1.20');
const PROJECT_1_17 = path.join(REPO_ROOT, 'fixtures', 'projects', 'ort-web-1.17');

const choice = (kind: RuntimePackageChoice['kind'], value = ''): RuntimePackageChoice => ({ kind, value, setBy: '--ort-web' });

/** A stand-in onnxruntime-web: its package.json and empty entry files where its exports point. */
function fakeWebPackage(dir: string, version: string, name = 'onnxruntime-web'): string {
  mkdirSync(path.join(dir, 'dist'), { recursive: true });
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name, version, exports: { '.': { node: { import: './dist/ort.node.min.mjs' } }, './wasm': { node: null, import: './dist/ort.wasm.min.mjs' } } }),
  );
  for (const file of ['ort.node.min.mjs', 'ort.wasm.min.mjs', 'ort-wasm-simd-threaded.wasm']) writeFileSync(path.join(dir, 'dist', file), '');
  return realpathSync(dir);
}

/** A project folder with its package.json and, optionally, packages in node_modules. */
function project(packages: Record<string, string> = {}): string {
  const dir = tempDir('wtb-project-');
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', private: true }));
  for (const [folder, version] of Object.entries(packages)) fakeWebPackage(path.join(dir, 'node_modules', folder), version);
  return realpathSync(dir);
}

async function usageError(work: Promise<unknown>): Promise<string> {
  const error = await work.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(UsageError);
  expect((error as InputError).exitCode).toBe(2);
  return (error as Error).message;
}

describe('exportsEntry: the entry a package exports, as Node and bundlers resolve it', () => {
  it.each([
    [WEB_1_17, './dist/ort.node.min.js', './dist/esm/ort.wasm.min.js'],
    [WEB_1_20, './dist/ort.node.min.mjs', './dist/ort.wasm.min.mjs'],
    [BUNDLED_DIR, './dist/ort.node.min.mjs', './dist/ort.wasm.bundle.min.mjs'],
  ])('%s: Node imports %s, the page %s', (dir, nodeEntry, pageEntry) => {
    expect(exportsEntry(manifestOf(dir), '.', NODE_IMPORT_CONDITIONS)).toBe(nodeEntry);
    expect(exportsEntry(manifestOf(dir), './wasm', BROWSER_IMPORT_CONDITIONS)).toBe(pageEntry);
  });

  it('without exports, "." is main (else index.js) and no subpath is exported', () => {
    expect(exportsEntry({ main: 'dist/index.js' }, '.', NODE_IMPORT_CONDITIONS)).toBe('dist/index.js');
    expect(exportsEntry({}, '.', NODE_IMPORT_CONDITIONS)).toBe('index.js');
    expect(exportsEntry({ main: 'dist/index.js' }, './wasm', BROWSER_IMPORT_CONDITIONS)).toBeNull();
  });

  it('takes the first matching condition in the map order; null stops; arrays give their first match; a bare string or conditions object is "."', () => {
    expect(exportsEntry({ exports: { '.': { types: './t.d.ts', import: './a.mjs', default: './b.js' } } }, '.', NODE_IMPORT_CONDITIONS)).toBe('./a.mjs');
    expect(exportsEntry({ exports: { './wasm': { node: null, import: './w.mjs' } } }, './wasm', NODE_IMPORT_CONDITIONS)).toBeNull();
    expect(exportsEntry({ exports: { '.': [{ worker: './w.js' }, './fallback.js'] } }, '.', NODE_IMPORT_CONDITIONS)).toBe('./fallback.js');
    expect(exportsEntry({ exports: './only.js' }, '.', NODE_IMPORT_CONDITIONS)).toBe('./only.js');
    expect(exportsEntry({ exports: { import: './i.mjs', require: './r.js' } }, '.', NODE_IMPORT_CONDITIONS)).toBe('./i.mjs');
    expect(exportsEntry({ exports: { '.': { require: './r.js' } } }, '.', NODE_IMPORT_CONDITIONS)).toBeNull();
  });
});

describe('resolveRuntimePackage: which copy is measured', () => {
  it("by default, the project's copy, found from the working folder or a folder above it", async () => {
    const dir = project({ 'onnxruntime-web': '1.20.1' });
    const expected = { name: 'onnxruntime-web', version: '1.20.1', dir: path.join(dir, 'node_modules', 'onnxruntime-web'), source: 'project' };
    expect(await resolveRuntimePackage('onnxruntime-web', null, dir)).toEqual(expected);
    const nested = path.join(dir, 'packages', 'app');
    mkdirSync(nested, { recursive: true });
    expect(await resolveRuntimePackage('onnxruntime-web', null, nested)).toEqual(expected);
  });

  it('follows a linked package to its real folder (the fixture project links the 1.20.1 the repo installs)', async () => {
    expect(await resolveRuntimePackage('onnxruntime-web', null, PROJECT_1_20)).toEqual({ name: 'onnxruntime-web', version: '1.20.1', dir: WEB_1_20, source: 'project' });
  });

  it("without one in the project, the tool's own; the tool's own found in the project is 'bundled' too", async () => {
    const bundled = { name: 'onnxruntime-web', version: BUNDLED_VERSION, dir: BUNDLED_DIR, source: 'bundled' };
    expect(await resolveRuntimePackage('onnxruntime-web', null, project())).toEqual(bundled);
    expect(await resolveRuntimePackage('onnxruntime-web', null, REPO_ROOT)).toEqual(bundled);
    expect(await resolveRuntimePackage('onnxruntime-web', choice('bundled'), PROJECT_1_20)).toEqual(bundled);
  });

  it('a version: the copy installed at that version, under its own name or an npm alias, nearest first', async () => {
    const dir = project({ 'onnxruntime-web': '1.20.1', 'onnxruntime-web-1-18': '1.18.0', '@app/ort-old': '1.17.3' });
    expect(await resolveRuntimePackage('onnxruntime-web', choice('version', '1.18.0'), dir)).toMatchObject({
      version: '1.18.0',
      dir: path.join(dir, 'node_modules', 'onnxruntime-web-1-18'),
      source: 'setting',
    });
    expect(await resolveRuntimePackage('onnxruntime-web', choice('version', '1.17.3'), dir)).toMatchObject({ version: '1.17.3', dir: path.join(dir, 'node_modules', '@app', 'ort-old') });
    expect(await resolveRuntimePackage('onnxruntime-web', choice('version', '1.20.1'), dir)).toMatchObject({ dir: path.join(dir, 'node_modules', 'onnxruntime-web'), source: 'setting' });
    expect(await resolveRuntimePackage('onnxruntime-web', choice('version', BUNDLED_VERSION), dir)).toMatchObject({ dir: BUNDLED_DIR, source: 'bundled' });
  });

  it('a version not installed: exit 2 listing what is, and the npm command that installs it (the tool never installs)', async () => {
    const dir = project({ 'onnxruntime-web': '1.20.1' });
    const message = await usageError(resolveRuntimePackage('onnxruntime-web', choice('version', '1.19.2'), dir));
    expect(message).toContain(
      `--ort-web 1.19.2: onnxruntime-web 1.19.2 is not installed in ${dir} (found: 1.20.1 (${path.join(dir, 'node_modules', 'onnxruntime-web')}), ${BUNDLED_VERSION} (bundled with wasm-torch-bench))`,
    );
    expect(message).toContain('npm i -D onnxruntime-web@1.19.2, or beside the version the app uses: npm i -D onnxruntime-web-1-19-2@npm:onnxruntime-web@1.19.2');
  });

  it('a package folder: its copy, as a setting chose it', async () => {
    const dir = fakeWebPackage(path.join(tempDir(), 'vendor', 'ort'), '1.21.0');
    expect(await resolveRuntimePackage('onnxruntime-web', choice('dir', dir), project())).toEqual({ name: 'onnxruntime-web', version: '1.21.0', dir, source: 'setting' });
  });

  it('a folder that is no onnxruntime-web package: exit 2 saying what it holds and what to give instead', async () => {
    const empty = tempDir();
    expect(await usageError(resolveRuntimePackage('onnxruntime-web', choice('dir', empty), project()))).toBe(
      `--ort-web "${empty}": ${empty} is not a onnxruntime-web package (it has no package.json); point it at the package's folder (e.g. <project>/node_modules/onnxruntime-web), give a version installed in the project (e.g. 1.20.1), or "bundled"`,
    );
    const other = fakeWebPackage(path.join(tempDir(), 'node'), '1.20.1', 'onnxruntime-node');
    expect(await usageError(resolveRuntimePackage('onnxruntime-web', choice('dir', other), project()))).toContain(`${other} is not a onnxruntime-web package (it holds onnxruntime-node 1.20.1)`);
    const app = project({ 'onnxruntime-web': '1.20.1' });
    expect(await usageError(resolveRuntimePackage('onnxruntime-web', choice('dir', app), project()))).toContain(
      `(it holds app); did you mean its onnxruntime-web: --ort-web ${path.join(app, 'node_modules', 'onnxruntime-web')}`,
    );
  });
});

describe('runtimePackageProblem: what a package cannot run, before any worker starts', () => {
  const at = (dir: string, version: string): RuntimePackage => ({ name: 'onnxruntime-web', version, dir, source: 'setting' });

  it('1.17.3 and 1.20.1 run everywhere; 1.17 threads only in the page', () => {
    for (const runtime of ['node-wasm', 'chrome-wasm'] as const) {
      expect(runtimePackageProblem(runtime, 1, at(WEB_1_17, '1.17.3'))).toBeNull();
      expect(runtimePackageProblem(runtime, 2, at(WEB_1_20, '1.20.1'))).toBeNull();
    }
    expect(runtimePackageProblem('chrome-wasm', 4, at(WEB_1_17, '1.17.3'))).toBeNull();
    const threads = runtimePackageProblem('node-wasm', 2, at(WEB_1_17, '1.17.3'));
    expect(threads?.code).toBe('THREADS_UNAVAILABLE');
    expect(threads?.exitCode).toBe(3);
    expect(threads?.message).toBe(
      `onnxruntime-web 1.17.3 (${WEB_1_17}) runs single-threaded in Node (multi-threaded WebAssembly in Node came with 1.19.0); measure it with --threads 1 on node-wasm, or with more threads on chrome-wasm`,
    );
  });

  it.each(['1.16.3', '0.0.0', '2.0.0', 'not-a-version'])('%s is RUNTIME_UNAVAILABLE naming the supported range', (version) => {
    const dir = fakeWebPackage(tempDir(), version);
    const problem = runtimePackageProblem('node-wasm', 1, at(dir, version));
    expect(problem?.code).toBe('RUNTIME_UNAVAILABLE');
    expect(problem?.exitCode).toBe(3);
    expect(problem?.message).toBe(
      `onnxruntime-web ${version} (${dir}) is outside the versions wasm-torch-bench can measure (1.17.0 and later 1.x releases; older ones have no ES module build to load); upgrade it in the project, or measure another with --ort-web <version|dir|bundled>`,
    );
  });

  it('a package missing an entry or its .wasm is RUNTIME_UNAVAILABLE on the runtime that needs it, saying to reinstall it', () => {
    const noNodeEntry = fakeWebPackage(tempDir(), '1.20.1');
    writeFileSync(path.join(noNodeEntry, 'package.json'), JSON.stringify({ name: 'onnxruntime-web', version: '1.20.1', exports: { '.': './dist/gone.mjs', './wasm': './dist/ort.wasm.min.mjs' } }));
    expect(runtimePackageProblem('node-wasm', 1, at(noNodeEntry, '1.20.1'))?.message).toBe(
      `onnxruntime-web 1.20.1 (${noNodeEntry}) is incomplete: its entry ./dist/gone.mjs is missing; reinstall it (npm ci)`,
    );
    expect(runtimePackageProblem('chrome-wasm', 1, at(noNodeEntry, '1.20.1'))).toBeNull();

    // The browser module elsewhere, its .wasm in dist/ (as 1.17 and 1.18 lay them out).
    const esmOnly = fakeWebPackage(tempDir(), '1.20.1');
    writeFileSync(path.join(esmOnly, 'package.json'), JSON.stringify({ name: 'onnxruntime-web', version: '1.20.1', exports: { './wasm': './esm/ort.mjs' } }));
    mkdirSync(path.join(esmOnly, 'esm'));
    writeFileSync(path.join(esmOnly, 'esm', 'ort.mjs'), '');
    expect(browserEntry(at(esmOnly, '1.20.1')).wasmDir).toBe(path.join(esmOnly, 'dist'));
    expect(runtimePackageProblem('node-wasm', 1, at(esmOnly, '1.20.1'))?.message).toBe(
      `onnxruntime-web 1.20.1 (${esmOnly}) exports no entry for node/import/default; a broken or unusual build: reinstall it, or choose another with --ort-web`,
    );
    rmSync(path.join(esmOnly, 'dist', 'ort-wasm-simd-threaded.wasm'));
    expect(runtimePackageProblem('chrome-wasm', 1, at(esmOnly, '1.20.1'))?.message).toBe(
      `onnxruntime-web 1.20.1 (${esmOnly}) is incomplete: ort-wasm-simd-threaded.wasm is not beside esm/ort.mjs nor in dist/; reinstall it (npm ci)`,
    );
  });

  it('the page loads 1.17 from dist/esm/ with its .wasm in dist/ (wasmPaths); 1.20 and the bundled one beside their module', () => {
    expect(browserEntry(at(WEB_1_17, '1.17.3'))).toEqual({ entryFile: path.join(WEB_1_17, 'dist', 'esm', 'ort.wasm.min.js'), wasmDir: path.join(WEB_1_17, 'dist') });
    expect(browserEntry(at(WEB_1_20, '1.20.1'))).toEqual({ entryFile: path.join(WEB_1_20, 'dist', 'ort.wasm.min.mjs'), wasmDir: path.join(WEB_1_20, 'dist') });
    expect(nodeEntryFile(at(BUNDLED_DIR, BUNDLED_VERSION))).toBe(path.join(BUNDLED_DIR, 'dist', 'ort.node.min.mjs'));
  });
});

describe('the CLI: the runtime the project ships, in every report', () => {
  const model = fixture('tiny-mlp').absolutePath;
  const QUICK_BOTH = [...QUICK_SAMPLES, '--runtime', 'node-wasm,chrome-wasm'];

  async function run(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
    const out = tempDir();
    const result = await runSimulated([...args, '--out', out], {}, { cwd, env });
    const jsonPath = path.join(out, 'wasm-torch-bench.json');
    const report = existsSync(jsonPath) ? readJson<RunReport>(jsonPath) : null;
    if (report) expect(reportSchemaErrors(report)).toEqual([]);
    const junitPath = path.join(out, 'wasm-torch-bench.junit.xml');
    return { result, report, out, junit: existsSync(junitPath) ? readFileSync(junitPath, 'utf8') : '' };
  }

  it('from a project on onnxruntime-web 1.20.1, every row and report names that version and where it came from', async () => {
    const { result, report, junit } = await run([model, ...QUICK_BOTH], PROJECT_1_20);
    expect(result.status).toBe(0);
    expect(report?.environment.onnxruntimeWebVersion).toBe('1.20.1');
    expect(report?.environment.onnxruntimeWeb).toEqual({ version: '1.20.1', source: 'project', path: WEB_1_20 });
    expect(report?.results.map((row) => row.runtimeVersion)).toEqual(['1.20.1', '1.20.1']);
    expect(result.stdout.split('\n')[0]).toBe(`runtime: onnxruntime-web 1.20.1, the project's (${WEB_1_20})`);
    expect(junit).toContain('<property name="runtime.package.version" value="1.20.1"/>');
    expect(junit).toContain('<property name="runtime.package.source" value="project"/>');
    expect(junit).toContain(`<property name="runtime.package.path" value="${WEB_1_20}"/>`);
  });

  it("--ort-web bundled, WTB_ORT_WEB and a config file's ortWeb choose another (a file's folder is relative to the file)", async () => {
    const bundled = await run([model, ...QUICK_BOTH, '--ort-web', 'bundled'], PROJECT_1_20);
    expect(bundled.report?.environment.onnxruntimeWeb).toEqual({ version: BUNDLED_VERSION, source: 'bundled', path: BUNDLED_DIR });
    expect(bundled.result.stdout.split('\n')[0]).toBe(`runtime: onnxruntime-web ${BUNDLED_VERSION}, bundled with wasm-torch-bench`);
    const fromEnv = await run([model, ...QUICK_BOTH], project(), { WTB_ORT_WEB: WEB_1_17 });
    expect(fromEnv.report?.environment.onnxruntimeWeb).toEqual({ version: '1.17.3', source: 'setting', path: WEB_1_17 });
    const configDir = tempDir();
    fakeWebPackage(path.join(configDir, 'vendor', 'onnxruntime-web'), '1.22.0');
    writeFileSync(path.join(configDir, 'wasm-torch-bench.config.json'), JSON.stringify({ models: [{ path: model }], ortWeb: 'vendor/onnxruntime-web' }));
    const fromFile = await run([...QUICK_BOTH], configDir);
    expect(fromFile.result.status).toBe(0);
    expect(fromFile.report?.environment.onnxruntimeWeb).toMatchObject({ version: '1.22.0', source: 'setting', path: realpathSync(path.join(configDir, 'vendor', 'onnxruntime-web')) });
    writeFileSync(path.join(configDir, 'wasm-torch-bench.config.json'), JSON.stringify({ models: [{ path: model }], ortWeb: '1.17.3' }));
    const versionFromFile = await run([...QUICK_BOTH], configDir);
    expect(versionFromFile.result.status).toBe(2);
    expect(versionFromFile.result.stderr).toContain(`ortWeb in ${path.join(configDir, 'wasm-torch-bench.config.json')} 1.17.3: onnxruntime-web 1.17.3 is not installed in ${configDir}`);
  });

  it('--print-config shows the choice and where it came from', async () => {
    const { result } = await run([model, '--ort-web', '1.20.1', '--print-config'], PROJECT_1_20);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/ortWeb\s+1\.20\.1\s+← flag --ort-web/);
    expect(result.stdout).toMatch(/ortNode\s+\(the project's, found from the working folder, else the tool's own\)/);
  });

  it.each([
    [['--ort-web', '1.20'], '--ort-web "1.20" is not a full version; give one as npm lists it (major.minor.patch, e.g. --ort-web 1.20.1), a package folder, or bundled'],
    [['--ort-web', ''], '--ort-web is empty; give a version installed in the project (e.g. --ort-web 1.20.1), a package folder, or bundled'],
    [['--ort-web', '1.19.2'], 'npm i -D onnxruntime-web@1.19.2'],
    [['--ort-web', '/nonexistent/ort'], '--ort-web "/nonexistent/ort": /nonexistent/ort is not a onnxruntime-web package (it has no package.json)'],
  ])('%j: exit 2 before anything is measured or written, saying what to do', async (flags, message) => {
    const { result, report, out } = await run([model, ...QUICK_BOTH, ...flags], PROJECT_1_20);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(report).toBeNull();
    expect(readdirSync(out)).toEqual([]);
  });

  it('a version before 1.17: its rows are RUNTIME_UNAVAILABLE naming the range (exit 3); node-native is still measured', async () => {
    const old = fakeWebPackage(tempDir(), '1.16.3');
    const { result, report } = await run([model, ...QUICK_SAMPLES, '--runtime', 'node-wasm,node-native', '--ort-web', old], PROJECT_1_20);
    expect(result.status).toBe(3);
    const [wasm, native] = report?.results ?? [];
    expect(wasm?.error?.code).toBe('RUNTIME_UNAVAILABLE');
    expect(wasm?.error?.message).toContain('onnxruntime-web 1.16.3');
    expect(wasm?.error?.message).toContain('1.17.0 and later 1.x releases');
    expect(native?.status).toBe('ok');
    expect(report?.environment.onnxruntimeWeb).toMatchObject({ version: '1.16.3', source: 'setting' });
    expect(result.stdout).toMatch(/RUNTIME_UNAVAILABLE onnxruntime-web 1\.16\.3 .* is outside the versions wasm-torch-bench can measure/);
  });

  it('1.17 with --threads 2: node-wasm is THREADS_UNAVAILABLE (exit 3), chrome-wasm is measured', async () => {
    const { result, report } = await run([model, ...QUICK_BOTH, '--threads', '2'], PROJECT_1_17);
    expect(result.status).toBe(3);
    expect(report?.results.map((row) => [row.runtime, row.status, row.error?.code ?? null])).toEqual([
      ['node-wasm', 'error', 'THREADS_UNAVAILABLE'],
      ['chrome-wasm', 'ok', null],
    ]);
  });

  it('ab: --b ort-web=<version> runs side B on another onnxruntime-web than side A, in one run', async () => {
    const out = tempDir();
    const result = await runSimulated(['ab', model, model, '--runtime', 'node-wasm', '--max-time', '1m', '--b', 'ort-web=1.17.3', '--reporter', 'json', '--out', out], {}, { cwd: PROJECT_1_17 });
    expect(result.status).toBe(0);
    const report = readJson<AbReport>(path.join(out, 'wasm-torch-bench-ab.json'));
    expect(report.rows[0]?.sides?.A.runtimeVersion).toBe('1.17.3');
    expect(report.sides.B.runtimeSettings.given).toEqual(['ort-web=1.17.3']);
    const other = await runSimulated(
      ['ab', model, model, '--runtime', 'node-wasm', '--max-time', '1m', '--a', 'ort-web=bundled', '--b', `ort-web=${WEB_1_20}`, '--json', '--reporter', 'table'],
      {},
      { cwd: PROJECT_1_17 },
    );
    expect(other.status).toBe(0);
    const sides = (JSON.parse(other.stdout) as AbReport).rows[0]?.sides;
    expect([sides?.A.runtimeVersion, sides?.B.runtimeVersion]).toEqual([BUNDLED_VERSION, '1.20.1']);
    const missing = await runSimulated(['ab', model, model, '--runtime', 'node-wasm', '--b', 'ort-web=1.19.2', '--out', tempDir()], {}, { cwd: PROJECT_1_17 });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('side B (--b ort-web=1.19.2): --ort-web 1.19.2: onnxruntime-web 1.19.2 is not installed in');
  });

  it('profile takes --ort-web too: a version not installed is exit 2 before any worker starts', async () => {
    const out = tempDir();
    const result = await runSimulated(['profile', model, '--runtime', 'node-wasm', '--ort-web', '1.19.2', '--out', out], {}, { cwd: PROJECT_1_20 });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--ort-web 1.19.2: onnxruntime-web 1.19.2 is not installed in');
    expect(readdirSync(out)).toEqual([]);
  });

  it("--ort-node chooses node-native's package the same way; a setting for a runtime not measured is not looked up", async () => {
    const { result, report } = await run([model, ...QUICK_SAMPLES, '--runtime', 'node-wasm', '--ort-node', '9.9.9'], PROJECT_1_20);
    expect(result.status).toBe(0);
    expect(report?.environment.onnxruntimeNode).toBeNull();
    const missing = await run([model, ...QUICK_SAMPLES, '--runtime', 'node-native', '--ort-node', '9.9.9'], PROJECT_1_20);
    expect(missing.result.status).toBe(2);
    expect(missing.result.stderr).toContain('--ort-node 9.9.9: onnxruntime-node 9.9.9 is not installed in');
    expect(missing.result.stderr).toContain('npm i -D onnxruntime-node@9.9.9');
  });
});
