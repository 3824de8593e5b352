/**
 * Bad input that only the real runtimes can reveal (exit 3, reported as error records), and the
 * bin's own wiring of a usage error and --version: exit codes and streams of a real process. The
 * rest of the bad-input corpus (bad models, bad flags, help, inspect) runs in-process in
 * test/unit/cli-bad-input.test.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/report/schema.js';
import { QUICK, readJson, runCli, tempDir } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';
import { JUNIT_XSD, reportSchemaErrors, xmllint } from '../helpers/validate.js';

const tiny = () => fixture('tiny-mlp').path;

describe('the bin as a process', () => {
  it('a usage error exits 2 with the message on stderr and nothing on stdout', () => {
    const result = runCli([tiny(), '--iteration', '5']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^wasm-torch-bench: unknown option '--iteration'[\s\S]*Did you mean --iterations\?/);
    expect(result.stdout).toBe('');
  });

  it('--version prints the package version and exits 0', () => {
    const result = runCli(['--version']);
    const pkg = readJson<{ version: string }>(path.resolve(import.meta.dirname, '../../package.json'));
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(pkg.version);
  });
});

describe('the runtime cannot run the model (exit 3, reported as error records)', () => {
  function expectRuntimeError(args: string[], code: string, message: RegExp) {
    const out = tempDir();
    const result = runCli([...args, '--out', out]);
    expect(result.status).toBe(3);
    expect(result.stdout).toMatch(message);
    const report = readJson<RunReport>(path.join(out, 'wasm-torch-bench.json'));
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(report.exitCode).toBe(3);
    expect(report.results[0]?.error?.code).toBe(code);
    expect(report.results[0]?.error?.message).toMatch(message);
    const junitPath = path.join(out, 'wasm-torch-bench.junit.xml');
    expect(xmllint(['--schema', JUNIT_XSD, junitPath]).status).toBe(0);
    expect(readFileSync(junitPath, 'utf8')).toContain(`<error type="${code}"`);
  }

  it('an operator the runtime does not implement', () => {
    expectRuntimeError(
      [fixture('unsupported-operator').path, ...QUICK],
      'MODEL_UNSUPPORTED',
      /onnxruntime-web does not support this model: .*No Op registered for NoSuchOperator.*; onnxruntime-web's wasm backend lacks an operator or opset it uses: see its opsets with `wasm-torch-bench inspect`/,
    );
  });

  it('inputs the model rejects in the first inference', () => {
    const silero = fixture('silero-vad-v5');
    const args = silero.args.map((arg) => (arg === 'sr=16000' ? 'sr=3' : arg));
    expectRuntimeError([silero.path, ...args, ...QUICK], 'INFERENCE_FAILED', /run\(\) failed in the first inference: .*check --input-shape and --input-value/);
  });

  it('a worker that exceeds --timeout is killed', () => {
    expectRuntimeError([tiny(), ...QUICK, '--timeout', '1ms'], 'WORKER_TIMEOUT', /the node-wasm load worker did not finish within 1 ms and was killed; raise --timeout/);
  });
});
