/**
 * What a measured row on a real wasm runtime holds, whatever the run's other rows: shared by the
 * e2e files so one run on several runtimes (test/e2e/native-and-parity.test.ts) can prove what a
 * run on one would.
 */
import { expect } from 'vitest';
import type { TrialResult } from '../../src/report/schema.js';

export interface MeasuredShape {
  /** Cold loads the run asked for (--load-runs = --max-load-runs). */
  loads?: number;
  /** Timed runs at least (--iterations). */
  minimumRuns?: number;
  threads?: number;
}

/** A node-wasm row: load phases that partition each load, runs timed, wasm memory in pages. */
export function expectNodeWasmMeasured(result: TrialResult, { loads = 2, minimumRuns = 20, threads = 1 }: MeasuredShape = {}): void {
  expect(result.status).toBe('ok');
  expect(result.error).toBeNull();
  expect(result.runtime).toBe('node-wasm');
  expect(result.load?.samplesMs).toHaveLength(loads);
  for (const phase of ['readMs', 'runtimeInitMs', 'sessionCreateMs'] as const) {
    expect(result.load?.phases[phase]).toHaveLength(loads);
  }
  // The phases partition each load sample.
  result.load?.samplesMs.forEach((total, i) => {
    const sum = (result.load?.phases.readMs[i] ?? 0) + (result.load?.phases.runtimeInitMs[i] ?? 0) + (result.load?.phases.sessionCreateMs[i] ?? 0);
    expect(Math.abs(sum - total)).toBeLessThan(1e-3);
  });
  // A worker's wall time holds its load plus the tool's own start-up and teardown.
  result.load?.workerWallMs.forEach((wall, i) => {
    expect(wall).toBeGreaterThan(result.load?.samplesMs[i] ?? Infinity);
  });
  expect(result.inference?.count).toBeGreaterThanOrEqual(minimumRuns);
  expect(result.inference?.samplesMs.every((sample) => sample > 0)).toBe(true);
  expect(result.inference?.errors).toBe(0);
  expect(result.firstInferenceMs).toBeGreaterThan(0);
  expect(result.memory?.peakSource).toBe('wasm-linear-memory');
  expect(result.memory?.peakBytes).toBe(result.memory?.wasmPeakBytes);
  // wasm memory grows in 64 KiB pages.
  expect((result.memory?.wasmPeakBytes ?? 1) % 65536).toBe(0);
  expect(result.memory?.rssPeakBytes).toBeGreaterThan(result.memory?.jsHeapPeakBytes ?? Infinity);
  expect(result.threads).toEqual({ requested: threads, used: threads });
  expect(result.runtimeVersion).toMatch(/^\d+\.\d+\.\d+/);
}

/** A chrome-wasm row: measured in a cross-origin isolated page, the renderer's memory read. */
export function expectChromeMeasured(result: TrialResult, { loads = 2, minimumRuns = 20, threads = 1 }: MeasuredShape = {}): void {
  expect(result.status).toBe('ok');
  expect(result.error).toBeNull();
  expect(result.crossOriginIsolated).toBe(true);
  expect(result.threads).toEqual({ requested: threads, used: threads });
  expect(result.wasmModule).toBe('ort-wasm-simd-threaded.wasm');
  expect(result.load?.samplesMs).toHaveLength(loads);
  expect(result.load?.phases.readMs.every((ms) => ms > 0)).toBe(true);
  result.load?.workerWallMs.forEach((wall, i) => {
    expect(wall).toBeGreaterThan(result.load?.samplesMs[i] ?? Infinity);
  });
  expect(result.inference?.count).toBeGreaterThanOrEqual(minimumRuns);
  expect(result.inference?.errors).toBe(0);
  expect(result.memory?.peakSource).toBe('wasm-linear-memory');
  expect((result.memory?.wasmPeakBytes ?? 1) % 65536).toBe(0);
  // The renderer's RSS holds its wasm memory, so it must exceed it.
  expect(result.memory?.rssPeakBytes).toBeGreaterThan(result.memory?.wasmPeakBytes ?? Infinity);
  expect(result.memory?.jsHeapPeakBytes).toBeGreaterThan(0);
  expect(result.clockResolutionMs).toBeGreaterThan(0);
}
