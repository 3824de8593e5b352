/** The simulated runtime the in-process tests use: deterministic, and it follows its spec and the planted faults. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/report/schema.js';
import { readJson, tempDir } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';
import { runSimulated } from '../helpers/run-main.js';
import type { SimulationSpec } from '../../src/runtimes/simulated/simulation-spec.js';

const FEW = ['--load-runs', '3', '--max-load-runs', '3', '--iterations', '50', '--min-time', '0s', '--max-time', '10s', '--warmup', '2', '--inconclusive', 'warn'];

async function simulatedReport(args: string[], spec: SimulationSpec = {}, env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; report: RunReport }> {
  const out = tempDir();
  const result = await runSimulated([fixture('tiny-mlp').path, ...FEW, ...args, '--reporter', 'json', '--out', out], spec, { env });
  return { status: result.status, report: readJson<RunReport>(path.join(out, 'wasm-torch-bench.json')) };
}

const samplesOf = (report: RunReport) => report.results.map((row) => [row.load?.samplesMs, row.inference?.samplesMs]);

describe('the simulated runtime', () => {
  it('gives the same samples for the same seed, others for another', async () => {
    const first = await simulatedReport(['--runtime', 'node-wasm'], { seed: 7 });
    const again = await simulatedReport(['--runtime', 'node-wasm'], { seed: 7 });
    const other = await simulatedReport(['--runtime', 'node-wasm'], { seed: 8 });
    expect(samplesOf(again.report)).toEqual(samplesOf(first.report));
    expect(samplesOf(other.report)).not.toEqual(samplesOf(first.report));
    expect(first.report.results[0]?.inference?.samplesMs.length).toBeGreaterThanOrEqual(50);
  });

  it("follows the model's spec: latency, errors, memory", async () => {
    const { report } = await simulatedReport(['--runtime', 'node-wasm'], { models: { 'tiny-mlp': { inferenceMs: 20, spread: 0.01, errorRate: 0.5, wasmPeakBytes: 123 * 1024 ** 2 } } });
    const [row] = report.results;
    expect(row?.inference?.percentiles?.p50).toBeGreaterThan(19);
    expect(row?.inference?.percentiles?.p50).toBeLessThan(21);
    expect(row?.inference?.errors).toBeGreaterThan(10);
    expect(row?.memory?.peakBytes).toBe(123 * 1024 ** 2);
  });

  it('plants the faults of WTB_TEST_FAULTS as the real workers would fail', async () => {
    const slow = await simulatedReport(['--runtime', 'node-wasm'], { models: { 'tiny-mlp': { inferenceMs: 1, spread: 0.01 } } }, { WTB_TEST_FAULTS: 'slow-run-ms=4' });
    expect(slow.report.results[0]?.inference?.percentiles?.p50).toBeGreaterThan(4.5);
    const killed = await simulatedReport(['--runtime', 'node-wasm'], {}, { WTB_TEST_FAULTS: 'kill-worker=inference:tiny' });
    expect(killed.status).toBe(3);
    expect(killed.report.results[0]?.error?.code).toBe('WORKER_CRASHED');
  });

  it('a runtime the spec makes unavailable is skipped when not asked for by name', async () => {
    const { report } = await simulatedReport([], { unavailable: ['chrome-wasm'] });
    expect(report.results.map((row) => [row.runtime, row.status])).toEqual([
      ['node-wasm', 'ok'],
      ['chrome-wasm', 'skipped'],
    ]);
  });
});
