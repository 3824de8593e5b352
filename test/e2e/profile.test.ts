/**
 * `wasm-torch-bench profile` on the fixture models, in every runtime, with real onnxruntime
 * profilers: the operator table names the model's real operators, shares add up, and each trace
 * file is what its consumer expects.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { profileReportSchema, type ProfileReport, type ProfileRuntimeResult } from '../../src/profile/document.js';
import { readJson, runCli, tempDir, type CliResult } from '../helpers/cli.js';
import { liveToolBrowsers } from '../helpers/chrome.js';
import { REPO_ROOT, fixture } from '../helpers/fixtures.js';

const validateDocument = new Ajv2020.default({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(path.join(REPO_ROOT, 'schema/profile.schema.json'), 'utf8')) as object);

afterEach(() => {
  expect(liveToolBrowsers()).toEqual([]);
});

function result(report: ProfileReport, runtime: string): ProfileRuntimeResult {
  const found = report.results.find((entry) => entry.runtime === runtime);
  if (!found) throw new Error(`no ${runtime} result`);
  return found;
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

describe('profile tiny-mlp on node-wasm, chrome-wasm and node-native', () => {
  let out = '';
  let cli: CliResult;
  let report: ProfileReport;

  beforeAll(() => {
    out = tempDir('wtb-profile-');
    cli = runCli(['profile', fixture('tiny-mlp').path, '--runtime', 'all', '--runs', '8', '--out', out]);
    report = readJson<ProfileReport>(path.join(out, 'wasm-torch-bench-profile.json'));
  }, 300_000);

  it('exits 0 with a document that passes its schema', () => {
    expect(cli.stderr).not.toContain('internal error');
    expect(cli.status).toBe(0);
    expect(profileReportSchema.safeParse(report).success).toBe(true);
    expect(validateDocument(report), JSON.stringify(validateDocument.errors)).toBe(true);
    expect(report).toMatchObject({ kind: 'wasm-torch-bench-profile', schemaVersion: 1, runs: 8, warmupRuns: 3, exitCode: 0 });
    expect(report.results.map((entry) => [entry.runtime, entry.status])).toEqual([
      ['node-wasm', 'ok'],
      ['chrome-wasm', 'ok'],
      ['node-native', 'ok'],
    ]);
  });

  it.each(['node-wasm', 'chrome-wasm', 'node-native'])("%s: the table names the MLP's two layers and their operators, and the shares add up", (runtime) => {
    const operators = result(report, runtime).operators;
    expect(operators?.runs).toBe(8);
    // ORT fuses MatMul + Add (+ Relu) into Gemm kernels; the node names keep the model's own.
    expect(operators?.nodes.map((node) => node.node).sort()).toEqual(['fc2_matmul/MatMulAddFusion', 'fused fc1_matmul/MatMulAddFusion']);
    expect(operators?.nodes.map((node) => node.opType).sort()).toEqual(['FusedGemm', 'Gemm']);
    expect(operators?.nodes.every((node) => node.calls === 8 && node.provider === 'CPUExecutionProvider')).toBe(true);
    expect(sum(operators?.nodes.map((node) => node.share) ?? [])).toBeCloseTo(1, 9);
    expect(sum(operators?.opTypes.map((type) => type.share) ?? [])).toBeCloseTo(1, 9);
    expect(operators?.kernelUs).toBeLessThanOrEqual(operators?.modelRunUs ?? 0);
    expect(operators?.session.map((event) => event.name)).toContain('session_initialization');
  });

  it("the terminal shows each runtime's top operators and the side-by-side view", () => {
    for (const runtime of ['node-wasm', 'chrome-wasm', 'node-native']) expect(cli.stdout).toContain(`tiny-mlp.onnx on ${runtime} (1.30.0, 1 thread): 8 runs after 3 warm-up`);
    expect(cli.stdout).toMatch(/│ 1 │ (FusedGemm|Gemm) +│ (fused fc1_matmul|fc2_matmul)/);
    expect(cli.stdout).toContain('Operator types side by side');
    expect(cli.stdout).toMatch(/profiler +median run .* with it, .* without \(\d+\.\d\d×\)/);
  });

  it('records the wasm memory growing during the load, and none for the native runtime', () => {
    const memory = result(report, 'node-wasm').memory;
    expect(memory[0]?.wasmBytes).toBe(0);
    expect(memory.at(-1)?.wasmBytes).toBeGreaterThan(1_000_000);
    expect(memory.map((point) => point.phase)).toEqual(expect.arrayContaining(['session created', 'first run done', 'timed runs done']));
    expect(result(report, 'chrome-wasm').memory.at(-1)?.wasmBytes).toBe(memory.at(-1)?.wasmBytes);
    expect(result(report, 'node-native').memory.every((point) => point.wasmBytes === 0)).toBe(true);
  });

  it("measures the profiler's overhead against a session without it", () => {
    for (const entry of report.results) {
      expect(entry.overhead?.plainMedianMs).toBeGreaterThan(0);
      expect(entry.overhead?.ratio).toBeCloseTo((entry.overhead?.profiledMedianMs ?? 0) / (entry.overhead?.plainMedianMs ?? 1), 12);
    }
  });

  it('writes trace files their consumers accept, and prints their names', () => {
    const files = report.results.flatMap((entry) => entry.files);
    expect(files.map((file) => `${path.basename(file.path)} ${file.kind}`).sort()).toEqual([
      'chrome-wasm.ort-profile.json ort-profile',
      'chrome-wasm.trace.json chrome-trace',
      'node-native.ort-profile.json ort-profile',
      'node-wasm.cpuprofile cpuprofile',
      'node-wasm.ort-profile.json ort-profile',
    ]);
    for (const file of files) {
      expect(existsSync(file.path)).toBe(true);
      expect(cli.stdout).toContain(path.basename(file.path));
      const parsed = JSON.parse(readFileSync(file.path, 'utf8')) as unknown;
      if (file.kind === 'ort-profile') {
        // Chrome's JSON Array trace format: complete events with the operator in args.
        const events = parsed as { ph: string; cat: string; args?: { op_name?: string } }[];
        expect(events.every((event) => event.ph === 'X')).toBe(true);
        expect(events.filter((event) => event.cat === 'Node').map((event) => event.args?.op_name)).toContain('FusedGemm');
      }
      if (file.kind === 'chrome-trace') expect((parsed as { traceEvents: unknown[] }).traceEvents.length).toBeGreaterThan(100);
      if (file.kind === 'cpuprofile') {
        const profile = parsed as { nodes: { callFrame: { functionName: string } }[]; samples: number[]; startTime: number; endTime: number };
        expect(profile.nodes.length).toBeGreaterThan(10);
        expect(profile.samples.length).toBeGreaterThan(0);
        expect(profile.endTime).toBeGreaterThan(profile.startTime);
      }
    }
  });
});

describe('profile: inputs the runtime rejects', () => {
  it('inputs the model rejects are an INFERENCE_FAILED record (exit 3) saying what to check', () => {
    const silero = fixture('silero-vad-v5');
    const out = tempDir();
    const args = silero.args.map((arg) => (arg === 'sr=16000' ? 'sr=3' : arg));
    const cli = runCli(['profile', silero.path, ...args, '--runtime', 'node-wasm', '--runs', '2', '--out', out]);
    expect(cli.status).toBe(3);
    const [entry] = readJson<ProfileReport>(path.join(out, 'wasm-torch-bench-profile.json')).results;
    expect(entry?.error?.code).toBe('INFERENCE_FAILED');
    expect(entry?.error?.message).toMatch(/^run\(\) failed while profiling: .*; check the input shapes and values$/s);
    expect(cli.stdout).toContain('INFERENCE_FAILED run() failed while profiling');
  });
});

describe("profile: run's settings, layered as run layers them", () => {
  it("a config file's dims shape the feeds, WTB_RUNTIME picks the runtime, --graph-optimization reaches both sessions, and the document lands in reports/profile", () => {
    const project = tempDir('wtb-profile-project-');
    writeFileSync(path.join(project, 'wasm-torch-bench.config.json'), JSON.stringify({ dims: { batch: 2, sequence: 8 } }));
    const cli = runCli(['profile', fixture('text-encoder').absolutePath, '--graph-optimization', 'basic', '--runs', '2'], { cwd: project, env: { WTB_RUNTIME: 'node-wasm' } });
    expect(cli.stderr).not.toContain('internal error');
    expect(cli.status).toBe(0);
    const report = readJson<ProfileReport>(path.join(project, 'reports/profile/wasm-torch-bench-profile.json'));
    expect(validateDocument(report), JSON.stringify(validateDocument.errors)).toBe(true);
    expect(report.results.map((entry) => [entry.runtime, entry.status])).toEqual([['node-wasm', 'ok']]);
    expect(report.graphOptimization).toBe('basic');
    expect(report.feeds.every((feed) => feed.shape.slice(0, 2).join(',') === '2,8')).toBe(true);
    expect(cli.stdout).toMatch(/runs after 3 warm-up, graph optimization basic/);
  });
});
