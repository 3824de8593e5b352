/** The error codes are one stable list; docs/error-codes.md documents each with its exit code; runtime messages map to them. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, exitCodeForErrorCode } from '../../src/errors.js';
import { failureCause } from '../../src/harness/failure-causes.js';
import { plantedFaults } from '../../src/runtimes/planted-faults.js';
import { REPO_ROOT } from '../helpers/fixtures.js';

describe('ERROR_CODES', () => {
  it('the table "Error codes" in docs/error-codes.md lists every code once, with its exit code', () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'docs', 'error-codes.md'), 'utf8');
    const section = readme.split('## Error codes')[1]?.split('\n## ')[0] ?? '';
    const rows = [...section.matchAll(/^\| `([A-Z_]+)` \| (\d) \|/gm)].map((match) => [match[1], Number(match[2])]);
    expect(rows).toEqual(ERROR_CODES.map((code) => [code, exitCodeForErrorCode(code)]));
  });

  it('input errors exit 2, runtime failures 3', () => {
    expect(exitCodeForErrorCode('EXTERNAL_DATA_MISSING')).toBe(2);
    expect(exitCodeForErrorCode('MODEL_INVALID')).toBe(2);
    expect(exitCodeForErrorCode('MODEL_UNSUPPORTED')).toBe(3);
    expect(exitCodeForErrorCode('OUT_OF_MEMORY')).toBe(3);
    expect(exitCodeForErrorCode('RENDERER_CRASHED')).toBe(3);
  });
});

describe('failureCause reads onnxruntime messages', () => {
  it.each([
    ["Can't create a session. ERROR_CODE: 6, ERROR_MESSAGE: No Op registered for NoSuchOperator with domain_version of 17", 'unsupported'],
    ['ONNX Runtime only *guarantees* support for models stamped with official released onnx opset versions. Opset 99 is under development', 'unsupported'],
    ['Could not find an implementation for ConvInteger(10) node with name', 'unsupported'],
    ['failed to call OrtRun(). ERROR_CODE: 1, ERROR_MESSAGE: safeint.h:17 SafeIntOnOverflow() Integer overflow', 'out-of-memory'],
    ['Aborted(OOM)', 'out-of-memory'],
    ['INVALID_ARGUMENT : Tensor shape is too large', 'out-of-memory'],
    ['bfc_arena.cc:360 AllocateRawInternal Failed to allocate memory for requested buffer of size 4398046511104', 'out-of-memory'],
    ['RangeError: Array buffer allocation failed', 'out-of-memory'],
    ['Failed to load model because protobuf parsing failed.', 'corrupt'],
    ['input 0 has wrong dimensions: expected 64, got 65', 'other'],
  ])('%s', (message, cause) => {
    expect(failureCause(message)).toBe(cause);
  });
});

describe('test hooks select a phase and a model', () => {
  it('by phase and path part', () => {
    const env = { WTB_TEST_FAULTS: 'kill-worker=load:victim; hang-run=stuck;crash-renderer=inference;slow-run-ms=3:victim' };
    expect(plantedFaults(env, 'load', '/m/victim.onnx')).toEqual({ killWorker: true, crashRenderer: false, hangRun: false, slowRunMs: 3, stretchRun: 0 });
    expect(plantedFaults(env, 'inference', '/m/victim.onnx')).toEqual({ killWorker: false, crashRenderer: true, hangRun: false, slowRunMs: 3, stretchRun: 0 });
    expect(plantedFaults(env, 'inference', '/m/stuck.onnx')).toEqual({ killWorker: false, crashRenderer: true, hangRun: true, slowRunMs: 0, stretchRun: 0 });
    expect(plantedFaults({}, 'inference', '/m/stuck.onnx')).toEqual({ killWorker: false, crashRenderer: false, hangRun: false, slowRunMs: 0, stretchRun: 0 });
    expect(plantedFaults({ WTB_TEST_FAULTS: 'slow-run-ms=2' }, 'inference', '/m/any.onnx').slowRunMs).toBe(2);
    expect(plantedFaults({ WTB_TEST_FAULTS: 'stretch-run=0.05:side-b' }, 'inference', '/m/side-b.onnx').stretchRun).toBe(0.05);
    expect(plantedFaults({ WTB_TEST_FAULTS: 'stretch-run=0.05:side-b' }, 'inference', '/m/side-a.onnx').stretchRun).toBe(0);
  });

  it('a misspelt fault is an error, not a fault that silently does nothing', () => {
    expect(() => plantedFaults({ WTB_TEST_FAULTS: 'kill-wroker=load' }, 'load', '/m/a.onnx')).toThrow(/unknown fault "kill-wroker"; use kill-worker, crash-renderer, hang-run, slow-run-ms/);
    expect(() => plantedFaults({ WTB_TEST_FAULTS: 'slow-run-ms=fast' }, 'load', '/m/a.onnx')).toThrow(/slow-run-ms=fast is not a number of milliseconds/);
    expect(() => plantedFaults({ WTB_TEST_FAULTS: 'stretch-run=lots' }, 'load', '/m/a.onnx')).toThrow(/stretch-run=lots is not a fraction of a run's time, e.g. stretch-run=0.05/);
  });
});
