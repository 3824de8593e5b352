/**
 * node-native (onnxruntime-node) beside the wasm runtimes, end to end: ratios to the reference,
 * output parity on real models, a planted disagreement, and the threads sweep.
 * The parity gate's settings (--parity error, --atol/--rtol, the reference without node-native)
 * are checked in-process in test/unit/cli-parity.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { RunReport, TrialResult } from '../../src/report/schema.js';
import { QUICK_SAMPLES, STRUCTURE_ONLY, BRIEF_TIMED_PHASE, BRIEF_TIMED_RUNS } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';
import { expectChromeMeasured, expectNodeWasmMeasured } from '../helpers/measured.js';
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

/**
 * One run carries both: --runtime all (the three runtimes, ratios to native, parity on the wasm rows)
 * and the --threads sweep (each setting its own row, compared like with like); the ×1 rows are what
 * a plain --runtime all measures.
 */
describe('--runtime all --threads 1,2', () => {
  it('measures node-wasm, chrome-wasm and node-native, with ratios to native and parity on the wasm rows; each threads setting is its own row, compared like with like', () => {
    const { result, report, junit } = runAndRead([fixture('tiny-mlp').path, ...QUICK_SAMPLES, ...STRUCTURE_ONLY, '--runtime', 'all', '--threads', '1,2']);
    expect(result.stderr).not.toContain('internal error');
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
    // Each wasm row is measured as a run on its runtime alone would be (two threads in Chrome: a
    // cross-origin isolated page; this was chrome-wasm.test.ts's own --threads 2 run).
    for (const threads of [1, 2]) {
      expectNodeWasmMeasured(row(report, 'node-wasm', threads), { threads });
      expectChromeMeasured(row(report, 'chrome-wasm', threads), { threads });
    }
    expect(row(report, 'chrome-wasm', 2).comparison?.reference).toEqual({ runtime: 'node-native', threads: 2 });
    expect(row(report, 'node-wasm', 2).parity?.reference).toEqual({ runtime: 'node-native', threads: 2 });
    expect(report.settings.threads).toEqual([1, 2]);
    expect(report.environment.threads).toEqual([1, 2]);
    expect(junit).toContain('name="tiny-mlp.onnx [node-native, 2 threads]"');
    expect(result.stdout).toMatch(/node-wasm ×2 +│ node-native ×2/);
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

/**
 * The real models' one run on every runtime: each runtime measures them (what run-models.test.ts and
 * chrome-wasm.test.ts would check of a run on node-wasm or chrome-wasm alone), and their outputs agree.
 */
describe('real models on every runtime', () => {
  for (const id of ['silero-vad-v5', 'ppocr-v4-rec']) {
    it(`${id} runs in node-wasm, chrome-wasm and node-native, and every runtime agrees with node-native within the float32 tolerances`, () => {
      const model = fixture(id);
      const { result, report } = runAndRead([
        model.path,
        ...model.args,
        ...QUICK_SAMPLES,
        ...STRUCTURE_ONLY,
        ...BRIEF_TIMED_PHASE,
        // PP-OCR's runs in Chrome take 0.6 s and more beside another test file: room for the five.
        '--max-time',
        '10s',
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
      expect(report.results.map((entry) => [entry.runtime, entry.status])).toEqual([
        ['node-wasm', 'ok'],
        ['chrome-wasm', 'ok'],
        ['node-native', 'ok'],
      ]);
      const nodeWasm = row(report, 'node-wasm');
      expectNodeWasmMeasured(nodeWasm, { loads: 1, minimumRuns: BRIEF_TIMED_RUNS });
      expect(nodeWasm.checks.map((check) => check.id)).toEqual(['load.p95', 'inference.p99', 'memory.peak', 'error.rate', 'memory.retained', 'parity']);
      expectChromeMeasured(row(report, 'chrome-wasm'), { loads: 1, minimumRuns: BRIEF_TIMED_RUNS });
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
    const { result, report, junit } = runAndRead([model.path, ...QUICK_SAMPLES, ...STRUCTURE_ONLY, '--runtime', 'node-wasm,node-native']);
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
  // --parity error, --atol/--rtol and the reference without node-native are the CLI's decisions:
  // test/unit/cli-parity.test.ts checks them on the simulated runtime with a planted disagreement.
});
