/**
 * Every way a trial can fail becomes an error record with its own code and a message that says
 * what to do, the other models of the same run are still measured, and nothing the run started is
 * left running. Faults are real (models the runtime refuses or cannot fit, a 1 GiB allocation under
 * --memory-limit) or planted with WTB_TEST_FAULTS (a worker SIGKILLed, run() stuck in a loop,
 * a renderer crashed). Several faulty models share one run to keep the suite short.
 */
import { copyFileSync, readFileSync, readdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/errors.js';
import type { RunReport, TrialResult } from '../../src/report/schema.js';
import { QUICK, QUICK_SAMPLES, STRUCTURE_ONLY, readJson, runCli, tempDir } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';
import { JUNIT_XSD, reportSchemaErrors, xmllint } from '../helpers/validate.js';

/** Cold loads are not under test here: one per model keeps the runs short. */
const ONE_LOAD = ['--load-runs', '1', '--max-load-runs', '1'];

/** Processes (workers, browsers, renderers) still carrying a run's marker variable. */
function processesWithMarker(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').includes(marker)) pids.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

/** A copy of tiny-mlp under another name, so a hook can single it out by path. */
function tinyCopy(dir: string, name: string): string {
  const file = path.join(dir, `${name}.onnx`);
  copyFileSync(fixture('tiny-mlp').absolutePath, file);
  return file;
}

interface FaultRun {
  status: number | null;
  stdout: string;
  report: RunReport;
  row(name: string): TrialResult;
}

/** Runs the bin with a marker in its environment; checks the reports are valid and nothing it started is left. */
function runFaulty(args: string[], env: NodeJS.ProcessEnv = {}): FaultRun {
  const out = tempDir();
  const marker = `FAULT_TEST_RUN_MARKER=${randomUUID()}`;
  const [markerName, markerValue] = marker.split('=') as [string, string];
  const result = runCli([...args, '--out', out], { env: { ...env, [markerName]: markerValue } });
  expect(processesWithMarker(marker)).toEqual([]);
  const report = readJson<RunReport>(path.join(out, 'wasm-torch-bench.json'));
  expect(reportSchemaErrors(report)).toEqual([]);
  const junitPath = path.join(out, 'wasm-torch-bench.junit.xml');
  expect(xmllint(['--schema', JUNIT_XSD, junitPath]).status).toBe(0);
  const junit = readFileSync(junitPath, 'utf8');
  for (const entry of report.results) {
    if (entry.status !== 'error') continue;
    expect(ERROR_CODES).toContain(entry.error?.code);
    expect(entry.error?.code).not.toBe('INTERNAL');
    expect(junit).toContain(`<error type="${entry.error?.code}"`);
  }
  const row = (name: string) => {
    const found = report.results.find((entry) => entry.model.name === name);
    if (!found) throw new Error(`no row for ${name}`);
    return found;
  };
  return { status: result.status, stdout: result.stdout, report, row };
}

function expectError(row: TrialResult, code: string, message: RegExp): void {
  expect(row.status).toBe('error');
  expect(row.error?.code).toBe(code);
  expect(row.error?.message).toMatch(message);
}

function expectMeasured(row: TrialResult): void {
  expect(row.status).toBe('ok');
  expect(row.error).toBeNull();
  expect(row.inference?.attempts).toBeGreaterThan(0);
}

describe('node-wasm: crashes, hangs and memory (exit 3, the run goes on)', () => {
  it('a killed worker, a hung run(), a worker over --memory-limit and models beyond wasm32 memory are error records beside a measured model', () => {
    const dir = tempDir();
    const run = runFaulty(
      [
        tinyCopy(dir, 'killed-in-inference'),
        tinyCopy(dir, 'hung-run'),
        fixture('memory-hungry').path,
        fixture('huge-input').path,
        fixture('huge-intermediate').path,
        fixture('tiny-mlp').path,
        ...QUICK,
        ...STRUCTURE_ONLY,
        ...ONE_LOAD,
        '--max-time',
        '1s',
        '--timeout',
        '10s',
        '--memory-limit',
        '512MB',
      ],
      { WTB_TEST_FAULTS: 'kill-worker=inference:killed-in-inference;hang-run=hung-run' },
    );
    expect(run.status).toBe(3);
    expect(run.report.exitCode).toBe(3);
    expectMeasured(run.row('tiny-mlp.onnx'));
    expectError(
      run.row('killed-in-inference.onnx'),
      'WORKER_CRASHED',
      /the node-wasm inference worker was killed by SIGKILL before answering; a SIGKILL from outside most often comes from the operating system's out-of-memory killer .*set --memory-limit/,
    );
    expectError(run.row('hung-run.onnx'), 'WORKER_TIMEOUT', /the node-wasm inference worker did not finish within 11 s and was killed; raise --timeout/);
    expectError(
      run.row('memory-hungry.onnx'),
      'OUT_OF_MEMORY',
      /the node-wasm inference worker reached [\d.]+ MB .* of resident memory, above --memory-limit 512 MB \(488 MiB\), and was killed; raise --memory-limit/,
    );
    expectError(
      run.row('huge-input.onnx'),
      'OUT_OF_MEMORY',
      /input 'input' is declared float32 \[1, 1200000000\], which needs 4\.8 GB \(4\.47 GiB\), more than the 2\.15 GB \(2 GiB\) a feed can have in a WebAssembly runtime; use a model with smaller inputs/,
    );
    expectError(
      run.row('huge-intermediate.onnx'),
      'OUT_OF_MEMORY',
      /run\(\) in the first inference ran out of memory: .*Tensor shape is too large; a wasm32 runtime addresses at most 4 GiB.*use smaller inputs/,
    );
    expect(run.stdout).toMatch(/OUT_OF_MEMORY/);
  });
});

describe('models a runtime cannot take', () => {
  it('an opset the runtime lacks, a missing external data file and a worker SIGKILLed in a cold load, beside a measured model', () => {
    const dir = tempDir();
    const run = runFaulty(
      [fixture('opset-too-new').path, fixture('external-data-missing').path, tinyCopy(dir, 'killed-in-load'), fixture('tiny-mlp').path, ...QUICK, ...STRUCTURE_ONLY, ...ONE_LOAD, '--max-time', '1s'],
      { WTB_TEST_FAULTS: 'kill-worker=load:killed-in-load' },
    );
    // MODEL_UNSUPPORTED and WORKER_CRASHED exit 3, EXTERNAL_DATA_MISSING 2: the worst wins.
    expect(run.status).toBe(3);
    expectMeasured(run.row('tiny-mlp.onnx'));
    expectError(run.row('killed-in-load.onnx'), 'WORKER_CRASHED', /the node-wasm load worker was killed by SIGKILL before answering; .*out-of-memory killer \(see dmesg\)/);
    expectError(run.row('opset-too-new.onnx'), 'MODEL_UNSUPPORTED', /onnxruntime-web does not support this model: .*Opset 99 is under development.*; .*export it again with a supported opset/);
    expectError(
      run.row('external-data-missing.onnx'),
      'EXTERNAL_DATA_MISSING',
      /external-data-missing\.onnx: initializer 'bias' keeps its data in the external file "external-data-missing\.weights", which is not there \(looked for .*fixtures\/models\/external-data-missing\.weights\); copy the model's external data files beside it/,
    );
  });
});

describe('chrome-wasm: a crashed renderer, a hung page, a renderer over --memory-limit and a model the runtime refuses', () => {
  it('each is an error record, the browser stays usable and the next model is measured', () => {
    const dir = tempDir();
    const run = runFaulty(
      [
        tinyCopy(dir, 'crashed-in-load'),
        tinyCopy(dir, 'hung-run'),
        fixture('memory-hungry').path,
        fixture('unsupported-operator').path,
        fixture('tiny-mlp').path,
        ...QUICK_SAMPLES,
        ...STRUCTURE_ONLY,
        ...ONE_LOAD,
        '--max-time',
        '1s',
        '--timeout',
        '10s',
        '--memory-limit',
        '800MB',
        '--runtime',
        'chrome-wasm',
      ],
      { WTB_TEST_FAULTS: 'crash-renderer=load:crashed-in-load;hang-run=hung-run' },
    );
    expect(run.status).toBe(3);
    expectMeasured(run.row('tiny-mlp.onnx'));
    expectError(run.row('crashed-in-load.onnx'), 'RENDERER_CRASHED', /the renderer process of the load page crashed \(Page crashed!\); .*set --memory-limit/);
    expectError(run.row('hung-run.onnx'), 'WORKER_TIMEOUT', /the inference page did not finish within 11 s and was closed; raise --timeout/);
    expectError(run.row('memory-hungry.onnx'), 'OUT_OF_MEMORY', /the renderer of the inference page reached [\d.]+ [MG]B .* of resident memory, above --memory-limit 800 MB .*, and was killed/);
    // From chrome-wasm.test.ts: the page's own refusal of a model, in the report, the table and JUnit (runFaulty checks the <error type>).
    expectError(run.row('unsupported-operator.onnx'), 'MODEL_UNSUPPORTED', /No Op registered for NoSuchOperator/);
    expect(run.stdout).toMatch(/No Op registered for NoSuchOperator/);
  });
});
