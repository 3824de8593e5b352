/**
 * Every kind of bad input: the exact exit code, and a message that says what was wrong and what
 * to do. The CLI runs in-process (runMain) on the simulated runtime: what is under test is the
 * command line and the planning, which are real; the runtime's own failures are in
 * test/e2e/bad-input.test.ts.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/report/schema.js';
import { QUICK, readJson, tempDir } from '../helpers/cli.js';
import { runSimulated } from '../helpers/run-main.js';
import { fixture } from '../helpers/fixtures.js';
import { JUNIT_XSD, reportSchemaErrors, xmllint } from '../helpers/validate.js';

const tiny = () => fixture('tiny-mlp').path;

async function expectModelError(args: string[], code: string, messageParts: RegExp[]) {
  const out = tempDir();
  const result = await runSimulated([...args, ...QUICK, '--out', out]);
  expect(result.status).toBe(2);
  const report = readJson<RunReport>(path.join(out, 'wasm-torch-bench.json'));
  expect(reportSchemaErrors(report)).toEqual([]);
  expect(report.exitCode).toBe(2);
  const failed = report.results.find((entry) => entry.status === 'error');
  expect(failed?.error?.code).toBe(code);
  for (const part of messageParts) {
    expect(failed?.error?.message).toMatch(part);
    expect(result.stdout).toMatch(part);
  }
  const junitPath = path.join(out, 'wasm-torch-bench.junit.xml');
  expect(xmllint(['--schema', JUNIT_XSD, junitPath]).status).toBe(0);
  expect(readFileSync(junitPath, 'utf8')).toContain(`<error type="${code}"`);
  return { result, report };
}

describe('bad model files (exit 2, reported as error records)', () => {
  it('a missing file', async () => {
    await expectModelError(['no/such/model.onnx'], 'MODEL_NOT_FOUND', [/no\/such\/model\.onnx: no such file; check the path/]);
  });

  it('a text file named .onnx', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'notes.onnx');
    writeFileSync(file, 'This is not a model, just some notes about one.\n');
    await expectModelError([file], 'MODEL_INVALID', [/notes\.onnx is not a valid ONNX model: it looks like a text file; pass the binary \.onnx file/]);
  });

  it('a truncated model', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'truncated.onnx');
    const bytes = readFileSync(fixture('tiny-mlp').absolutePath);
    writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expectModelError([file], 'MODEL_INVALID', [/truncated\.onnx is not a valid ONNX model: .*export or download the model again/]);
  });

  it('random bytes (no ONNX structure at all)', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'random.onnx');
    // Deterministic bytes that are neither text nor a protobuf message.
    writeFileSync(file, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 2654435761 + 0x9e) >>> 24 || 0xff)));
    await expectModelError([file], 'MODEL_INVALID', [/random\.onnx is not a valid ONNX model: .*\(truncated or corrupt\?\); export or download the model again/]);
  });

  it('an empty file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'empty.onnx');
    writeFileSync(file, '');
    await expectModelError([file], 'MODEL_INVALID', [/empty\.onnx is not a valid ONNX model: the file is empty/]);
  });

  it('a dynamic dim without --input-shape names the input, the dim and the flag', async () => {
    await expectModelError([fixture('dynamic-batch').path], 'INPUT_SHAPE_REQUIRED', [/input 'input' \[batch, 32\] has dynamic dim 'batch' at axis 0; pass --input-shape input=1,32/]);
  });

  it('an --input-shape of the wrong rank for a model with dynamic dims', async () => {
    await expectModelError([fixture('dynamic-batch').path, '--input-shape', 'input=4,32,1'], 'INPUT_SPEC_INVALID', [
      /--input-shape input=4,32,1 has rank 3, but input 'input' is declared \[batch, 32\] \(rank 2\); pass --input-shape input=1,32/,
    ]);
  });

  it('an --input-shape that contradicts a fixed dim', async () => {
    await expectModelError([tiny(), '--input-shape', 'input=1,65'], 'INPUT_SPEC_INVALID', [/sets axis 1 to 65, but the model fixes it at 64; pass --input-shape input=1,64/]);
  });

  it('a bad model does not stop the good one', async () => {
    const { report } = await expectModelError([tiny(), 'missing.onnx'], 'MODEL_NOT_FOUND', [/missing\.onnx: no such file/]);
    expect(report.results.map((entry) => [entry.model.name, entry.status])).toEqual([
      ['tiny-mlp.onnx', 'ok'],
      ['missing.onnx', 'error'],
    ]);
  });
});

describe('bad flags (exit 2 before anything runs, no report)', () => {
  const cases: [string, string[], RegExp][] = [
    ['--kpi garbage', ['--kpi', 'garbage'], /--kpi "garbage" is not of the form <metric>=<value>; for example --kpi load\.p95=2s/],
    ['--kpi unknown metric', ['--kpi', 'speed.p99=2s'], /unknown metric "speed\.p99"; known metrics: load\.p50/],
    ['--kpi wrong unit', ['--kpi', 'memory.peak=2s'], /--kpi "memory\.peak=2s": "2s" has unknown unit "s"; use a number with a unit: B, kB, MB/],
    ['--kpi-level bad level', ['--kpi-level', 'load.p95=loud'], /level must be one of off, warn, error/],
    ['--iterations 0', ['--iterations', '0'], /--iterations 0 is out of range; it must be at least 1/],
    ['--repeat 0', ['--repeat', '0'], /--repeat 0 is out of range; it must be from 1 to 20, e.g. --repeat/],
    ['--repeat 21', ['--repeat', '21'], /--repeat 21 is out of range; it must be from 1 to 20/],
    ['--threads with an empty entry', ['--threads', '1,,2'], /--threads "1,,2" has an empty entry; pass whole numbers separated by commas, e.g. --threads 1,2,4/],
    ['--atol not a number', ['--atol', 'tiny'], /--atol "tiny" is not a non-negative number; pass e.g. --atol 0.0001/],
    ['--rtol negative', ['--rtol', '-1'], /--rtol "-1" is not a non-negative number; pass e.g. --rtol 0.001/],
    ['--parity unknown level', ['--parity', 'strict'], /--parity: unknown value "strict"; choose from off, warn, error/],
    ['--iterations text', ['--iterations', 'many'], /--iterations "many" is not a whole number/],
    ['--max-time without unit', ['--max-time', '30'], /--max-time: "30" has no unit; use a number with a unit: us, ms, s or m/],
    ['--min-time above --max-time', ['--min-time', '10s', '--max-time', '5s'], /--min-time \(10s\) exceeds --max-time \(5s\)/],
    ['--runtime unknown', ['--runtime', 'node-gpu'], /--runtime: unknown value "node-gpu"; choose from node-wasm/],
    ['--reporter unknown', ['--reporter', 'table,xml'], /--reporter: unknown value "xml"; choose from table, json, junit/],
    ['--input-shape not numbers', ['--input-shape', 'input=1,x'], /--input-shape input=1,x: dims must be whole numbers separated by commas/],
    ['--input-shape unknown input', ['--input-shape', 'pixels=1,64'], /--input-shape names input 'pixels', but no model has an input of that name \(inputs: 'input'\)/],
    ['--threads 0', ['--threads', '0'], /--threads 0 is out of range; it must be from 1 to 64/],
    ['an unknown flag', ['--iteration', '5'], /unknown option '--iteration'[\s\S]*Did you mean --iterations\?/],
    ['--confidence 100%', ['--confidence', '100%'], /--confidence "100%" must be a level from 50 % up to \(not including\) 100 %, e.g. --confidence 95%/],
    ['--inconclusive unknown', ['--inconclusive', 'maybe'], /--inconclusive: unknown value "maybe"; choose from fail, warn, pass/],
    ['--max-load-runs below --load-runs', ['--load-runs', '10', '--max-load-runs', '5'], /--load-runs 10 exceeds --max-load-runs 5; raise --max-load-runs or lower --load-runs/],
    ['--warmup neither a count nor auto', ['--warmup', 'soon'], /--warmup "soon" must be auto or a whole number of runs, e.g. --warmup auto or --warmup 20/],
    ['--graph-optimization unknown level', ['--graph-optimization', 'max'], /--graph-optimization: unknown value "max"; choose from disabled, basic, extended, all/],
    [
      '--graph-optimization with a runtime adapter',
      ['--graph-optimization', 'basic', '--runtime-adapter', 'fixtures/adapters/constant.mjs', '--runtime', 'node-wasm'],
      /--graph-optimization sets a session option of onnxruntime's, which --runtime-adapter does not use: drop one/,
    ],
    ['--browser-ws-endpoint not a ws URL', ['--browser-ws-endpoint', 'http://127.0.0.1:9222'], /--browser-ws-endpoint "http:\/\/127\.0\.0\.1:9222" is not a ws:\/\/ or wss:\/\/ URL/],
  ];
  it.each(cases)('%s', async (_name, flags, message) => {
    const out = tempDir();
    const result = await runSimulated([tiny(), ...flags, '--out', path.join(out, 'reports')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/^wasm-torch-bench: /);
    expect(result.stdout).toBe('');
  });

  it('no model at all, and no config file to take them from', async () => {
    const result = await runSimulated([], {}, { cwd: tempDir() });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      'no model given; pass one or more .onnx files (e.g. wasm-torch-bench fixtures/models/tiny-mlp.onnx), or list them under "models" in wasm-torch-bench.config.json (wasm-torch-bench init writes one)',
    );
  });

  it('a --memory-limit too small for a worker, or not a size', async () => {
    for (const [value, message] of [
      ['1MB', /--memory-limit 1MB is below 64 MiB, less than a worker needs to start; pass e\.g\. --memory-limit 2GiB/],
      ['lots', /--memory-limit: "lots"/],
    ] as const) {
      const out = path.join(tempDir(), 'reports');
      const result = await runSimulated([tiny(), '--memory-limit', value, '--out', out]);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('an unwritable --out fails before measuring', async () => {
    const dir = tempDir();
    const blocker = path.join(dir, 'a-file');
    writeFileSync(blocker, '');
    const result = await runSimulated([tiny(), '--out', path.join(blocker, 'reports')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--out .*a-file\/reports is not a writable folder \(.*\); pass a writable folder with --out/);
    expect(result.stderr).not.toContain('cold loads');
  });
});

describe('help, version and inspect', () => {
  it('--help shows examples, KPI defaults and exit codes', async () => {
    const result = await runSimulated(['run', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Examples:');
    expect(result.stdout).toContain('load.p95 < 2s');
    expect(result.stdout).toContain('3 the runtime could not run');
    for (const flag of [
      '--runtime',
      '--load-runs',
      '--warmup',
      '--iterations',
      '--min-time',
      '--max-time',
      '--threads',
      '--input-shape',
      '--kpi ',
      '--kpi-level',
      '--reporter',
      '--out',
      '--quiet',
      '--json',
    ]) {
      expect(result.stdout).toContain(flag);
    }
  });

  it('--version prints the package version', async () => {
    const result = await runSimulated(['--version']);
    const pkg = readJson<{ version: string }>(path.resolve(import.meta.dirname, '../../package.json'));
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(pkg.version);
  });

  it('inspect names inputs, outputs, dynamic dims, opset, size and sha256', async () => {
    const result = await runSimulated(['inspect', fixture('dynamic-batch').path]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/input\s*│ input\s*│ float32 │ \[batch \(dynamic\), 32\]/);
    expect(result.stdout).toMatch(/output\s*│ output\s*│ float32 │ \[batch \(dynamic\), 8\]/);
    expect(result.stdout).toContain('ai.onnx 17');
    expect(result.stdout).toMatch(/sha256\s+[0-9a-f]{64}/);
    expect(result.stdout).toContain('--input-shape input=1,32');
  });

  it('inspect --json on the int64 model', async () => {
    const result = await runSimulated(['inspect', '--json', fixture('int64-input').path]);
    expect(result.status).toBe(0);
    const info = JSON.parse(result.stdout) as { inputs: unknown; opsets: unknown; bytes: number };
    expect(info.inputs).toEqual([{ name: 'ids', dtype: 'int64', shape: [1, 16] }]);
    expect(info.opsets).toEqual([{ domain: 'ai.onnx', version: 17 }]);
    expect(info.bytes).toBe(readFileSync(fixture('int64-input').absolutePath).length);
  });

  it('inspect of a missing model exits 2 with a hint', async () => {
    const result = await runSimulated(['inspect', 'nowhere.onnx']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/nowhere\.onnx: no such file; check the path/);
  });
});
