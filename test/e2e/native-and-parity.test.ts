/**
 * node-native (onnxruntime-node) beside the wasm runtimes, end to end: ratios to the reference,
 * output parity on real models, a planted disagreement, and the threads sweep.
 */
import { describe, expect, it } from 'vitest';
import type { RunReport, TrialResult } from '../../src/report/schema.js';
import { QUICK_SAMPLES, RELAXED, BRIEF_TIMED_PHASE } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';
import { runAndRead } from '../helpers/reports.js';

function row(report: RunReport, runtime: string, threads = 1): TrialResult {
  const found = report.results.find((result) => result.runtime === runtime && result.threads.requested === threads);
  if (!found) throw new Error(`no ${runtime} ×${threads} row in ${report.results.map((result) => `${result.runtime} ×${result.threads.requested}`).join(', ')}`);
  return found;
}

function parityCheck(result: TrialResult) {
  return result.checks.find((check) => check.id === 'parity');
}

/** Prints what parity saw, so a run's log holds the real diffs. */
function logParity(model: string, report: RunReport): void {
  for (const result of report.results) {
    for (const output of result.parity?.outputs ?? []) {
      console.log(
        `${model} ${result.runtime} vs ${result.parity?.reference.runtime}: ${output.name} max|Δ| ${output.maxAbsDiff} maxRel ${output.maxRelDiff} mismatches ${output.mismatches}/${output.elements}`,
      );
    }
  }
}

describe('--runtime all', () => {
  it('measures node-wasm, chrome-wasm and node-native, with ratios to native and parity on the wasm rows', () => {
    const { result, report, junit } = runAndRead([fixture('tiny-mlp').path, ...QUICK_SAMPLES, ...RELAXED, '--runtime', 'all']);
    expect(result.stderr).not.toContain('internal error');
    expect(result.status).toBe(0);
    expect(report.results.map((entry) => entry.runtime)).toEqual(['node-wasm', 'chrome-wasm', 'node-native']);
    expect(report.environment.onnxruntimeNodeVersion).toMatch(/^\d+\.\d+\.\d+/);

    const native = row(report, 'node-native');
    expect(native.status).toBe('ok');
    expect(native.runtimeVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(native.memory?.peakSource).toBe('rss-growth');
    expect(native.memory?.wasmPeakBytes).toBeNull();
    expect(native.memory?.peakBytes).toBeGreaterThan(0);
    expect(native.threads.used).toBe(1);
    expect(native.comparison).toBeNull();
    expect(parityCheck(native)).toBeUndefined();

    for (const runtime of ['node-wasm', 'chrome-wasm']) {
      const wasm = row(report, runtime);
      expect(wasm.memory?.peakSource).toBe('wasm-linear-memory');
      expect(wasm.comparison?.reference).toEqual({ runtime: 'node-native', threads: 1 });
      const p50 = wasm.comparison?.inferenceP50;
      expect(p50?.ratio).toBeCloseTo((wasm.inference?.percentiles?.p50 ?? 0) / (native.inference?.percentiles?.p50 ?? 1), 6);
      expect(p50?.low).toBeLessThanOrEqual(p50?.ratio ?? 0);
      expect(p50?.high).toBeGreaterThanOrEqual(p50?.ratio ?? Infinity);
      expect(wasm.comparison?.memoryPeak?.ratio).toBeCloseTo((wasm.memory?.peakBytes ?? 0) / (native.memory?.peakBytes ?? 1), 6);
      expect(parityCheck(wasm)).toMatchObject({ verdict: 'pass', level: 'warn', actual: 0, unit: 'count', n: 10 });
      expect(wasm.parity?.reference).toEqual({ runtime: 'node-native', threads: 1 });
      expect(wasm.parity?.outputs[0]).toMatchObject({ name: 'logits', comparison: 'tolerance', mismatches: 0, problem: null });
      expect(junit).toMatch(/<property name="ratio.inference.p50" value="\d[\d.]*( \[[\d.—]+, [\d.—]+\])?"\/>/);
    }
    expect(result.stdout).toContain('Against the native reference');
    expect(result.stdout).toMatch(/tiny-mlp\.onnx.*chrome-wasm ×1.*node-native ×1.*×.*agree/);
    expect(result.stdout).toMatch(/PASS parity with node-native ×1: 1 output, 10 elements agree \(max \|Δ\| /);
    expect(junit).toContain('<testcase name="parity &lt; 1"');
    logParity('tiny-mlp', report);
  }, 300_000);
});

describe('output parity on real models', () => {
  for (const id of ['silero-vad-v5', 'ppocr-v4-rec']) {
    it(`${id}: every runtime agrees with node-native within the float32 tolerances`, () => {
      const model = fixture(id);
      const { result, report } = runAndRead([
        model.path,
        ...model.args,
        ...QUICK_SAMPLES,
        ...RELAXED,
        ...BRIEF_TIMED_PHASE,
        '--load-runs',
        '1',
        '--max-load-runs',
        '1',
        '--kpi',
        'memory.peak=1GB',
        '--runtime',
        'all',
      ]);
      expect(result.stderr).not.toContain('internal error');
      expect(result.status).toBe(0);
      for (const runtime of ['node-wasm', 'chrome-wasm']) {
        const wasm = row(report, runtime);
        expect(parityCheck(wasm)?.verdict).toBe('pass');
        const outputs = wasm.parity?.outputs ?? [];
        expect(outputs.length).toBeGreaterThan(0);
        for (const output of outputs) {
          expect(output.mismatches).toBe(0);
          expect(output.maxAbsDiff).not.toBeNull();
        }
      }
      logParity(id, report);
    }, 300_000);
  }
});

describe('a planted disagreement', () => {
  const model = fixture('random-output');

  it('fails the warn-level parity check, naming the output and its worst element; the run still passes', () => {
    const { result, report, junit } = runAndRead([model.path, ...QUICK_SAMPLES, ...RELAXED, '--runtime', 'node-wasm,node-native']);
    expect(result.status).toBe(0);
    const wasm = row(report, 'node-wasm');
    expect(parityCheck(wasm)).toMatchObject({ verdict: 'fail', level: 'warn', n: 9 });
    const noisy = wasm.parity?.outputs.find((output) => output.name === 'noisy');
    expect(noisy?.mismatches).toBeGreaterThan(0);
    expect(noisy?.worst?.index).toHaveLength(2);
    const argmax = wasm.parity?.outputs.find((output) => output.name === 'argmax');
    expect(argmax).toMatchObject({ comparison: 'exact', mismatches: 0, dtype: 'int64' });
    expect(result.stdout).toMatch(/WARN parity with node-native ×1: \d of 8 elements of 'noisy' disagree \(beyond atol 0\.0001 \+ rtol 0\.001·\|ref\|\); worst noisy\[0,\d\]: [\d.]+ vs [\d.]+/);
    expect(result.stdout).toMatch(/DISAGREE \d of 9/);
    expect(junit).toMatch(/<testcase name="parity &lt; 1"[^>]*>\s*<system-out>/);
  }, 120_000);

  it('--parity error makes the disagreement fail the run (exit 1)', () => {
    const { result, report, junit } = runAndRead([model.path, ...QUICK_SAMPLES, ...RELAXED, '--runtime', 'node-wasm,node-native', '--parity', 'error']);
    expect(result.status).toBe(1);
    expect(report.verdict).toBe('fail');
    expect(row(report, 'node-wasm').verdict).toBe('fail');
    // The reference has no parity check of its own (its load.p95 is merely undecided on 2 loads).
    expect(parityCheck(row(report, 'node-native'))).toBeUndefined();
    expect(row(report, 'node-native').verdict).toBe('inconclusive');
    expect(result.stdout).toMatch(/FAIL parity with node-native ×1: /);
    expect(junit).toMatch(/<testcase name="parity &lt; 1"[^>]*>\s*<failure /);
  }, 120_000);

  it('--atol and --rtol wide enough make the noise agree', () => {
    const { result, report } = runAndRead([model.path, ...QUICK_SAMPLES, ...RELAXED, '--runtime', 'node-wasm,node-native', '--parity', 'error', '--atol', '1', '--rtol', '0']);
    expect(result.status).toBe(0);
    expect(parityCheck(row(report, 'node-wasm'))?.verdict).toBe('pass');
    expect(report.settings).toMatchObject({ atol: 1, rtol: 0, parityLevel: 'error' });
  }, 120_000);

  it('without node-native the first runtime is the reference', () => {
    const { report } = runAndRead([model.path, ...QUICK_SAMPLES, ...RELAXED, '--runtime', 'node-wasm,chrome-wasm']);
    expect(parityCheck(row(report, 'node-wasm'))).toBeUndefined();
    expect(row(report, 'chrome-wasm').parity?.reference).toEqual({ runtime: 'node-wasm', threads: 1 });
    expect(parityCheck(row(report, 'chrome-wasm'))?.verdict).toBe('fail');
    expect(row(report, 'chrome-wasm').comparison).toBeNull();
  }, 120_000);
});

describe('--threads sweep', () => {
  it('measures each setting as its own row, on every runtime, and compares like with like', () => {
    const { result, report, junit } = runAndRead([fixture('tiny-mlp').path, ...QUICK_SAMPLES, ...RELAXED, '--runtime', 'all', '--threads', '1,2']);
    expect(result.status).toBe(0);
    expect(report.results.map((entry) => `${entry.runtime} ×${entry.threads.requested}`)).toEqual([
      'node-wasm ×1',
      'node-wasm ×2',
      'chrome-wasm ×1',
      'chrome-wasm ×2',
      'node-native ×1',
      'node-native ×2',
    ]);
    for (const entry of report.results) {
      expect(entry.status).toBe('ok');
      expect(entry.threads.used).toBe(entry.threads.requested);
    }
    expect(row(report, 'chrome-wasm', 2).comparison?.reference).toEqual({ runtime: 'node-native', threads: 2 });
    expect(row(report, 'node-wasm', 2).parity?.reference).toEqual({ runtime: 'node-native', threads: 2 });
    expect(report.settings.threads).toEqual([1, 2]);
    expect(report.environment.threads).toEqual([1, 2]);
    expect(junit).toContain('name="tiny-mlp.onnx [node-native, 2 threads]"');
    expect(result.stdout).toMatch(/node-wasm ×2 +│ node-native ×2/);
  }, 300_000);
});
