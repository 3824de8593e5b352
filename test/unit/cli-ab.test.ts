/**
 * `wasm-torch-bench ab` through the whole CLI, in-process on the simulated runtime (the runtime is
 * not under test here; test/e2e/ab.test.ts runs it on node-wasm and chrome-wasm): verdicts and exit
 * codes, every report file, GitHub's summary and annotations, git sides, and each kind of bad input
 * with its exit code, its message and nothing written.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AbReport } from '../../src/report/ab-schema.js';
import type { SimulationSpec } from '../../src/runtimes/simulated/simulation-spec.js';
import { readJson, tempDir } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';
import { runSimulated } from '../helpers/run-main.js';
import { JUNIT_XSD, abReportSchemaErrors, xmllint } from '../helpers/validate.js';

/** Same file name in two folders: the simulated runtime gives both the same outputs. */
function sides(): { dir: string; a: string; b: string } {
  const dir = tempDir('wtb-ab-');
  for (const side of ['a', 'b']) {
    mkdirSync(path.join(dir, side));
    copyFileSync(fixture('tiny-mlp').path, path.join(dir, side, 'model.onnx'));
  }
  return { dir, a: path.join(dir, 'a/model.onnx'), b: path.join(dir, 'b/model.onnx') };
}

const at = (inferenceMs: number, loadMs = 100) => ({ inferenceMs, loadMs, spread: 0.05 });
const SAME: SimulationSpec = { models: { '/a/': at(1), '/b/': at(1) } };
const B_SLOWER: SimulationSpec = { models: { '/a/': at(1), '/b/': at(1.2, 120) } };
const FAST = ['--runtime', 'node-wasm', '--max-time', '1m'];

function check(report: AbReport, id: string) {
  return report.rows[0]?.checks.find((entry) => entry.id === id);
}

describe('ab on the simulated runtime', () => {
  let files: ReturnType<typeof sides>;
  beforeAll(() => {
    files = sides();
  });

  it('identical sides: every gated metric the same, exit 0, with valid JSON, JUnit, Markdown and HTML', async () => {
    const out = tempDir('wtb-ab-out-');
    const result = await runSimulated(['ab', files.a, files.b, ...FAST, '--reporter', 'table,json,junit,markdown,html', '--out', out], SAME);
    expect(result.stderr).not.toContain('internal error');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/inference P50 +│ ±0\.0 % \[/);
    expect(result.stdout).toMatch(/PASS: no difference beyond ±5 % on any gated metric: exit 0/);
    const report = readJson<AbReport>(path.join(out, 'wasm-torch-bench-ab.json'));
    expect(abReportSchemaErrors(report)).toEqual([]);
    expect(report.verdict).toBe('pass');
    expect(report.sides.A).toMatchObject({ spec: files.a, source: { kind: 'file' } });
    for (const id of ['ab.inference.p50', 'ab.inference.p99', 'ab.load.p50', 'ab.memory.peak']) expect(check(report, id)?.outcome).toBe('same');
    expect(report.rows[0]?.parityCheck?.verdict).toBe('pass');
    expect(xmllint(['--schema', JUNIT_XSD, path.join(out, 'wasm-torch-bench-ab.junit.xml')]).status).toBe(0);
    expect(readFileSync(path.join(out, 'wasm-torch-bench-ab.md'), 'utf8')).toContain('| inference P50 |');
    expect(readFileSync(path.join(out, 'wasm-torch-bench-ab.html'), 'utf8')).toContain('<svg');
    expect(result.stderr).toMatch(/^ab: node-wasm ×1: cold loads in ABBA blocks$/m);
  });

  it('B 20 % slower: slower at inference P50 with the ratio in its interval, exit 1, a JUnit failure', async () => {
    const out = tempDir('wtb-ab-out-');
    const result = await runSimulated(['ab', files.a, files.b, ...FAST, '--reporter', 'table,json,junit', '--out', out], B_SLOWER);
    expect(result.status).toBe(1);
    const report = readJson<AbReport>(path.join(out, 'wasm-torch-bench-ab.json'));
    const p50 = check(report, 'ab.inference.p50');
    expect(p50).toMatchObject({ outcome: 'slower', verdict: 'fail', level: 'error' });
    expect(p50?.ratio).toBeCloseTo(1.2, 1);
    expect(p50?.interval?.low).toBeGreaterThan(1.05);
    expect(p50?.message).toMatch(/^B is 2\d\.\d % slower \[\+\d+\.\d %, \+\d+\.\d %\] at inference P50 \(\d+ paired blocks\): slower/);
    expect(check(report, 'ab.load.p50')?.outcome).toBe('slower');
    expect(result.stdout).toMatch(/FAIL: B is slower than A on node-wasm ×1 at inference P50/);
    const junit = readFileSync(path.join(out, 'wasm-torch-bench-ab.junit.xml'), 'utf8');
    expect(junit).toMatch(/<failure /);
    expect(xmllint(['--schema', JUNIT_XSD, path.join(out, 'wasm-torch-bench-ab.junit.xml')]).status).toBe(0);
  });

  it('--a / --b: each side runs with its own settings, the row pairs their thread counts, every report names them', async () => {
    const out = tempDir('wtb-ab-out-');
    const result = await runSimulated(
      ['ab', files.a, files.b, ...FAST, '--a', 'threads=1', '--b', 'threads=2', '--b', 'graph-optimization=disabled', '--reporter', 'table,json,junit,markdown', '--out', out],
      SAME,
    );
    expect(result.stderr).not.toContain('internal error');
    const report = readJson<AbReport>(path.join(out, 'wasm-torch-bench-ab.json'));
    expect(abReportSchemaErrors(report)).toEqual([]);
    expect(report.sides.A.runtimeSettings).toEqual({ threads: [1], runtimeAdapter: null, graphOptimization: null, given: ['threads=1'] });
    expect(report.sides.B.runtimeSettings).toEqual({ threads: [2], runtimeAdapter: null, graphOptimization: 'disabled', given: ['threads=2', 'graph-optimization=disabled'] });
    expect(report.rows[0]).toMatchObject({ runtime: 'node-wasm', threads: 1, sideThreads: { A: 1, B: 2 } });
    expect(result.stdout).toMatch(/^node-wasm ×1 vs ×2 {2}PASS$/m);
    expect(result.stdout).toMatch(/^ {2}B {2}.*b\/model\.onnx \(sha256 [0-9a-f]{12}\) with threads=2, graph-optimization=disabled/m);
    expect(readFileSync(path.join(out, 'wasm-torch-bench-ab.md'), 'utf8')).toContain('with threads=2, graph-optimization=disabled');
    const junit = readFileSync(path.join(out, 'wasm-torch-bench-ab.junit.xml'), 'utf8');
    expect(junit).toContain('<property name="side.B.settings" value="threads=2, graph-optimization=disabled"/>');
    expect(junit).toContain('[node-wasm, 1 vs 2 threads]');
    expect(result.status).toBe(report.exitCode);
  });

  it('--max-regression sets the tolerance of "same" (5 % when not given)', async () => {
    const given = await runSimulated(['ab', files.a, files.b, ...FAST, '--json', '--reporter', 'table', '--max-regression', '2%', '--max-regression', 'inference.p99=30%'], SAME);
    const report = JSON.parse(given.stdout) as AbReport;
    expect(check(report, 'ab.inference.p50')?.tolerance).toBeCloseTo(0.02, 9);
    expect(check(report, 'ab.inference.p99')?.tolerance).toBeCloseTo(0.3, 9);
    const defaulted = JSON.parse((await runSimulated(['ab', files.a, files.b, ...FAST, '--json', '--reporter', 'table'], SAME)).stdout) as AbReport;
    expect(check(defaulted, 'ab.load.p50')?.tolerance).toBeCloseTo(0.05, 9);
  });

  it('--json prints the report on stdout; in GitHub Actions the summary is appended and a slower check annotated', async () => {
    const dir = tempDir('wtb-ab-gh-');
    const summary = path.join(dir, 'summary.md');
    const result = await runSimulated(['ab', files.a, files.b, ...FAST, '--json', '--reporter', 'table', '--out', path.join(dir, 'out')], B_SLOWER, {
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary },
    });
    expect(result.status).toBe(1);
    expect((JSON.parse(result.stdout) as AbReport).kind).toBe('ab');
    expect(result.stderr).toMatch(/^::error title=ab inference\.p50 .*::B is 20\.\d %25 slower \[/m);
    expect(readFileSync(summary, 'utf8')).toMatch(/inference P50/);
  });

  it('a side at a git commit is read from the repository around the working folder', async () => {
    const repo = tempDir('wtb-ab-repo-');
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: repo, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
    git('init', '-q', '-b', 'main');
    copyFileSync(fixture('tiny-mlp').path, path.join(repo, 'model.onnx'));
    git('add', '.');
    git('commit', '-q', '-m', 'model');
    const out = tempDir('wtb-ab-out-');
    const result = await runSimulated(['ab', 'git:main:model.onnx', 'model.onnx', ...FAST, '--reporter', 'json', '--out', out], { models: { 'model.onnx': at(1) } }, { cwd: repo });
    expect(result.stderr).not.toContain('internal error');
    expect(result.status).toBe(0);
    const report = readJson<AbReport>(path.join(out, 'wasm-torch-bench-ab.json'));
    expect(report.sides.A).toMatchObject({ spec: 'git:main:model.onnx', source: { kind: 'git', ref: 'main', pathInRepo: 'model.onnx' } });
    expect(report.sides.B.source).toEqual({ kind: 'file' });
  });
});

describe('ab: bad input is exit 2 or 3 naming the side and what to do, with nothing written', () => {
  const cases: { name: string; args: () => string[]; spec?: SimulationSpec; status: number; message: RegExp }[] = [
    { name: 'a missing side', args: () => ['ab', '/no/such/model.onnx', fixture('tiny-mlp').path], status: 2, message: /side A: \/no\/such\/model\.onnx: no such file; check the path/ },
    {
      name: 'sides with other inputs',
      args: () => ['ab', fixture('tiny-mlp').path, fixture('int64-input').path],
      status: 2,
      message: /the sides take different inputs, so they cannot get the same feeds: .*in A only.*; compare models with the same inputs/,
    },
    {
      name: 'an unknown git ref',
      args: () => ['ab', 'git:no-such-ref:model.onnx', fixture('tiny-mlp').path],
      status: 2,
      message: /side A 'git:no-such-ref:model\.onnx': git knows no commit 'no-such-ref' here; fetch it first/,
    },
    {
      name: 'a reporter ab does not write',
      args: () => ['ab', fixture('tiny-mlp').path, fixture('tiny-mlp').path, '--reporter', 'csv'],
      status: 2,
      message: /--reporter csv: not written by ab; it writes table, json, junit, markdown, html/,
    },
    {
      name: 'a side setting ab does not take',
      args: () => ['ab', fixture('tiny-mlp').path, fixture('tiny-mlp').path, '--b', 'max-time=5s'],
      status: 2,
      message: /--b max-time=5s: a side sets threads, runtime-adapter, graph-optimization, ort-web, ort-node; e\.g\. --b threads=2 or --b graph-optimization=basic/,
    },
    {
      name: 'a side setting without a value',
      args: () => ['ab', fixture('tiny-mlp').path, fixture('tiny-mlp').path, '--a', 'threads'],
      status: 2,
      message: /--a threads: no value; give it as threads=<value>, e\.g\. --a threads=2/,
    },
    {
      name: 'a side setting given twice',
      args: () => ['ab', fixture('tiny-mlp').path, fixture('tiny-mlp').path, '--b', 'threads=2', '--b', 'threads=4'],
      status: 2,
      message: /--b sets threads twice \(2, 4\); keep one/,
    },
    {
      name: "a side setting's bad value",
      args: () => ['ab', fixture('tiny-mlp').path, fixture('tiny-mlp').path, '--b', 'graph-optimization=fast'],
      status: 2,
      message: /side B \(--b graph-optimization=fast\): .*"fast"; choose from disabled, basic, extended, all/,
    },
    {
      name: "a side's threads against a thread sweep",
      args: () => ['ab', fixture('tiny-mlp').path, fixture('tiny-mlp').path, '--threads', '1,2', '--b', 'threads=4'],
      status: 2,
      message: /side A runs threads 1,2 but --b threads=4 pairs one thread count with another; give side A one too \(--a threads=1\) or --threads one value/,
    },
    {
      name: 'a side with an adapter and a graph optimisation level',
      args: () => ['ab', fixture('tiny-mlp').path, fixture('tiny-mlp').path, '--graph-optimization', 'basic', '--b', 'runtime-adapter=fixtures/adapters/constant.mjs'],
      status: 2,
      message: /side B \(--b runtime-adapter=fixtures\/adapters\/constant\.mjs\): --graph-optimization sets a session option of onnxruntime's, which --runtime-adapter does not use: drop one/,
    },
    {
      name: 'a runtime asked for by name that cannot run here',
      args: () => ['ab', fixture('tiny-mlp').path, fixture('tiny-mlp').path, '--runtime', 'chrome-wasm', '--max-time', '5s'],
      spec: { unavailable: ['chrome-wasm'] },
      status: 3,
      message: /chrome-wasm ×1 could not be measured \(RUNTIME_UNAVAILABLE\)/,
    },
  ];
  for (const { name, args, spec, status, message } of cases) {
    it(`${name}: exit ${status}`, async () => {
      const out = path.join(tempDir('wtb-ab-bad-'), 'out');
      const result = await runSimulated([...args(), '--out', out, '--runtime', args().includes('--runtime') ? (args()[args().indexOf('--runtime') + 1] as string) : 'node-wasm'], spec ?? {});
      expect(result.status).toBe(status);
      expect(`${result.stdout}${result.stderr}`).toMatch(message);
      if (status === 2) expect(existsSync(out)).toBe(false);
    });
  }
});
