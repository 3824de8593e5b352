/**
 * Retained memory through the whole CLI in-process on the simulated runtimes (the sampling loop,
 * judge and reporters are the real ones): --retained-cycles asks for the cycles, a model that keeps
 * memory per cycle is caught at memory.retained's level, a clean one passes, and bad values are
 * usage errors. The real runtimes, the leaking adapter and Chrome's readings are in
 * test/e2e/runtime-adapter.test.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/report/schema.js';
import { QUICK_SAMPLES, readJson, tempDir } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';
import { runSimulatedAndRead } from '../helpers/reports.js';
import { runSimulated } from '../helpers/run-main.js';

const MIB = 1024 * 1024;
const LEAKS_A_MIB = { models: { 'tiny-mlp': { retainedBytesPerCycle: MIB } } };
const tiny = () => fixture('tiny-mlp').path;

describe('--retained-cycles on the simulated runtimes', () => {
  it('catches a model that keeps 1 MiB a cycle: the series, the growth and a warn-level failure that leaves the exit code alone', async () => {
    const { result, report, junit } = await runSimulatedAndRead([tiny(), ...QUICK_SAMPLES, '--runtime', 'node-wasm', '--retained-cycles', '10', '--reporter', 'table,json,junit'], LEAKS_A_MIB);
    expect(result.status).toBe(0);
    const [row] = report.results;
    const retained = row?.memory?.retained;
    expect(retained?.cycles).toBe(10);
    expect(retained?.series.map((series) => [series.source, series.gated, series.bytes.length])).toEqual([
      ['wasm-linear-memory', true, 11],
      ['js-heap', true, 11],
      ['rss', false, 11],
    ]);
    expect(retained?.series[0]?.growth).toEqual({ bytesPerCycle: MIB, low: MIB, high: MIB });
    const check = row?.checks.find((candidate) => candidate.id === 'memory.retained');
    expect(check).toMatchObject({ verdict: 'fail', level: 'warn', actual: MIB, method: 'theil-sen' });
    expect(result.stdout).toMatch(/│ Retained \/ cycle +│/);
    expect(result.stdout).toMatch(/│ 1\.05 MB \[1\.05 MB–1\.05 MB\] +│/);
    expect(result.stdout).toContain('WARN memory.retained < 64 kB: 1.05 MB (1 MiB), 95 % interval [1.05 MB (1 MiB), 1.05 MB (1 MiB)], growth per cycle of the wasm linear memory');
    expect(junit).toMatch(/<testcase name="memory.retained &lt; 64 kB" classname="tiny-mlp.onnx\/node-wasm"[^>]*>\s*<system-out>/);
  });

  it('fails the run at --kpi-level memory.retained=error (exit 1), and on node-native judges the resident set', async () => {
    const { result, report } = await runSimulatedAndRead(
      [tiny(), ...QUICK_SAMPLES, '--runtime', 'node-wasm,node-native', '--retained-cycles', '10', '--kpi-level', 'memory.retained=error', '--reporter', 'json,junit'],
      LEAKS_A_MIB,
    );
    expect(result.status).toBe(1);
    expect(report.results.map((row) => row.verdict)).toEqual(['fail', 'fail']);
    const native = report.results.find((row) => row.runtime === 'node-native');
    expect(native?.memory?.retained?.series.map((series) => [series.source, series.gated])).toEqual([
      ['js-heap', true],
      ['rss', true],
    ]);
    expect(native?.checks.find((check) => check.id === 'memory.retained')?.message).toContain('growth per cycle of the resident set');
  });

  it('passes a clean model, with the Markdown and HTML summaries showing its growth', async () => {
    const out = tempDir();
    const result = await runSimulated([tiny(), ...QUICK_SAMPLES, '--runtime', 'node-wasm', '--retained-cycles', '6', '--reporter', 'json,markdown,html', '--out', out]);
    expect(result.status).toBe(0);
    const report = readJson<RunReport>(path.join(out, 'wasm-torch-bench.json'));
    const check = report.results[0]?.checks.find((candidate) => candidate.id === 'memory.retained');
    expect(check).toMatchObject({ verdict: 'pass', n: 7 });
    expect(readFileSync(path.join(out, 'wasm-torch-bench.md'), 'utf8')).toMatch(/\| Peak memory \| Retained \/ cycle \| Errors \|/);
    const html = readFileSync(path.join(out, 'wasm-torch-bench.html'), 'utf8');
    expect(html).toContain('<th scope="col">Retained / cycle</th>');
    expect(html).toContain('Retained memory: 6 create → run → release cycles after a warm-up one, a full garbage collection before each reading');
    expect(html).toMatch(/<td class="name">wasm linear memory \(gated\)<\/td><td class="num">[\d.]+ MB → [\d.]+ MB<\/td><td class="num">0 B <span class="interval">\[0 B, 0 B\]<\/span><\/td>/);
  });

  it('measures nothing by default: no readings, the check skipped saying how to turn it on, no table column', async () => {
    const { result, report, junit } = await runSimulatedAndRead([tiny(), ...QUICK_SAMPLES, '--runtime', 'node-wasm', '--reporter', 'table,json,junit']);
    expect(report.results[0]?.memory?.retained).toBeNull();
    expect(report.results[0]?.checks.find((check) => check.id === 'memory.retained')).toMatchObject({
      verdict: 'skipped',
      level: 'warn',
      message: 'memory.retained < 64 kB: skipped, no retained-memory cycles were asked for (--retained-cycles 0)',
    });
    expect(result.stdout).not.toContain('Retained');
    expect(junit).toContain('<skipped message="memory.retained &lt; 64 kB: skipped, no retained-memory cycles were asked for (--retained-cycles 0)"/>');
  });

  it('takes WTB_RETAINED_CYCLES and "retainedCycles" in a config file', async () => {
    const fromEnv = await runSimulatedAndRead([tiny(), ...QUICK_SAMPLES, '--runtime', 'node-wasm', '--reporter', 'json,junit'], LEAKS_A_MIB, { WTB_RETAINED_CYCLES: '5' });
    expect(fromEnv.report.results[0]?.memory?.retained?.cycles).toBe(5);
    const dir = tempDir();
    const config = path.join(dir, 'wasm-torch-bench.config.json');
    writeFileSync(config, JSON.stringify({ retainedCycles: 7, models: [{ path: fixture('tiny-mlp').absolutePath }] }));
    const fromFile = await runSimulatedAndRead(['--config', config, ...QUICK_SAMPLES, '--runtime', 'node-wasm', '--reporter', 'json,junit'], LEAKS_A_MIB);
    expect(fromFile.report.results[0]?.memory?.retained?.cycles).toBe(7);
  });
});

describe('bad --retained-cycles values are usage errors (exit 2) that say what to pass, before anything is measured', () => {
  it.each([
    [
      ['--retained-cycles', '2'],
      {},
      "--retained-cycles 2 gives 3 memory readings (the warm-up cycle's and one per cycle); a 95 % interval of the growth per cycle needs 5: pass at least 4, or 0 to measure no retained memory (e.g. --retained-cycles 10)",
    ],
    [
      ['--retained-cycles', '4', '--confidence', '99%'],
      {},
      "--retained-cycles 4 gives 5 memory readings (the warm-up cycle's and one per cycle); a 99 % interval of the growth per cycle needs 6: pass at least 5",
    ],
    [['--retained-cycles', '500'], {}, '--retained-cycles 500 is out of range; it must be from 0 to 200, e.g. --retained-cycles 10'],
    [['--retained-cycles', 'some'], {}, '--retained-cycles "some" is not a whole number; pass a number from 0 up, e.g. --retained-cycles 10'],
    [[], { WTB_RETAINED_CYCLES: '-1' }, 'WTB_RETAINED_CYCLES "-1" is not a whole number; pass a number from 0 up, e.g. WTB_RETAINED_CYCLES=10'],
  ])('%j %j', async (args, env, message) => {
    const out = tempDir();
    const result = await runSimulated([tiny(), '--runtime', 'node-wasm', ...args, '--out', out], {}, { env });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(() => readFileSync(path.join(out, 'wasm-torch-bench.json'))).toThrow();
  });
});
