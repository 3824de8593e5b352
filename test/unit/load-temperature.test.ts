/**
 * --load-temperature cold|warm|both: what the CLI decides about warm loads (which KPIs judge them,
 * how the reports show them side by side with the cold ones, bad input) in-process on the
 * simulated runtime; the KPI derivation and the reading of Chrome's code-cache trace events as
 * pure functions. The real runtimes' warm loads are in test/e2e/chrome-wasm.test.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyKpiSettings } from '../../src/config/kpi-expressions.js';
import { kpisForTemperature } from '../../src/gate/load-temperature-kpis.js';
import { DEFAULT_KPIS } from '../../src/metrics.js';
import { codeCacheEvents, codeCacheNote } from '../../src/runtimes/chrome-wasm/wasm-code-cache.js';
import { tempDir } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';
import { runSimulatedAndRead } from '../helpers/reports.js';
import { runSimulated } from '../helpers/run-main.js';

const tiny = () => fixture('tiny-mlp').path;
const FIXED_LOADS = ['--load-runs', '5', '--max-load-runs', '5', '--iterations', '20', '--min-time', '0s', '--max-time', '1s'];
const BOTH_RUNTIMES = ['--runtime', 'node-wasm,chrome-wasm'];

describe('--load-temperature both', () => {
  it('measures cold and warm loads side by side, each judged by its own KPI, with the code-cache verdict in every report', async () => {
    const { result, report, junit, out } = await runSimulatedAndRead(
      [tiny(), ...FIXED_LOADS, ...BOTH_RUNTIMES, '--load-temperature', 'both', '--reporter', 'table,json,junit,markdown,csv,html,bmf,benchmark-action'],
      {
        models: { 'tiny-mlp': { loadMs: 400, warmLoadMs: 100 } },
      },
    );
    expect(report.settings.loadTemperature).toBe('both');
    for (const row of report.results) {
      expect(row.load?.samplesMs).toHaveLength(5);
      expect(row.warmLoad?.samplesMs).toHaveLength(5);
      expect(row.warmLoad?.fillLoads).toBe(1);
      expect(row.warmLoad?.percentiles.p50).toBeLessThan(row.load?.percentiles.p50 ?? 0);
      // The warm KPI is the cold one's budget, judged on the warm loads.
      const warmCheck = row.checks.find((check) => check.id === 'load.warm.p95');
      expect(warmCheck).toMatchObject({ threshold: 2000, level: 'error', n: 5, actual: row.warmLoad?.percentiles.p95 });
      expect(row.checks.find((check) => check.id === 'load.p95')?.actual).toBe(row.load?.percentiles.p95);
    }
    const [node, chrome] = report.results;
    expect(node?.warmLoad?.codeCacheHits).toEqual([null, null, null, null, null]);
    expect(chrome?.warmLoad?.codeCacheHits).toEqual([true, true, true, true, true]);

    expect(result.stdout).toMatch(/Cold load P95 +│ Warm load P95/);
    expect(result.stdout).toMatch(/tiny-mlp\.onnx on chrome-wasm\n(.*\n)*? {2}warm loads: compiled wasm from V8's cache in 5 of 5; the cache was filled within 1 filling visit/);
    expect(result.stdout).toContain('  warm loads: not applicable: a simulated worker keeps no compiled-wasm cache');
    expect(junit).toContain('<testcase name="load.warm.p95 &lt; 2 s" classname="tiny-mlp.onnx/chrome-wasm"');
    expect(junit).toContain('<property name="warm-load.code-cache" value="compiled wasm from V8\'s cache in 5 of 5');
    const markdown = readFileSync(path.join(out, 'wasm-torch-bench.md'), 'utf8');
    expect(markdown).toContain('| Cold load P95 | Warm load P95 |');
    expect(markdown).toContain("- tiny-mlp.onnx on chrome-wasm: compiled wasm from V8's cache in 5 of 5;");
    expect(readFileSync(path.join(out, 'wasm-torch-bench.csv'), 'utf8').match(/,load\.warm,/g)).toHaveLength(10);
    // HTML: a column per temperature in the summary, and each row's warm loads plotted with the cache verdict.
    const html = readFileSync(path.join(out, 'wasm-torch-bench.html'), 'utf8');
    expect(html).toContain('<th scope="col">Cold load P95</th><th scope="col">Warm load P95</th>');
    expect(html).toMatch(/Run chart of warm loads, tiny-mlp\.onnx on chrome-wasm ×1: all 5 loads in order/);
    expect(html).toContain("repeat visits: median of each phase over 5 loads; compiled wasm from V8's cache in 5 of 5;");
    // The trackers: the warm P95 beside the cold one, each with its interval where it has one.
    const bmf = JSON.parse(readFileSync(path.join(out, 'wasm-torch-bench.bmf.json'), 'utf8')) as Record<string, Record<string, { value: number }>>;
    expect(bmf['tiny-mlp.onnx (chrome-wasm ×1)']?.['load-warm-p95-ms']?.value).toBe(chrome?.warmLoad?.percentiles.p95);
    const action = JSON.parse(readFileSync(path.join(out, 'wasm-torch-bench.benchmark-action.json'), 'utf8')) as { name: string; value: number }[];
    expect(action.find((entry) => entry.name === 'tiny-mlp.onnx (node-wasm ×1) warm load P95')?.value).toBe(node?.warmLoad?.percentiles.p95);
  });

  it('a warm KPI of its own overrides the cold budget for warm loads only, and can fail the run alone', async () => {
    const { result, report } = await runSimulatedAndRead([tiny(), ...FIXED_LOADS, '--runtime', 'node-wasm', '--load-temperature', 'both', '--kpi', 'load.p95=10s', '--kpi', 'load.warm.p95=20ms'], {
      models: { 'tiny-mlp': { loadMs: 400, warmLoadMs: 100 } },
    });
    expect(result.status).toBe(1);
    const [row] = report.results;
    expect(row?.checks.find((check) => check.id === 'load.warm.p95')).toMatchObject({ threshold: 20, verdict: 'fail' });
    expect(row?.checks.find((check) => check.id === 'load.p95')).toMatchObject({ threshold: 10_000 });
    expect(result.stdout).toMatch(/FAIL load\.warm\.p95 < 20 ms: \d+(\.\d+)? ms, 95 % interval \[.*\], n=5, wholly at or above 20 ms/);
  });

  it('samples warm loads adaptively while their check is undecided, like the cold ones', async () => {
    const { report } = await runSimulatedAndRead([tiny(), '--runtime', 'node-wasm', '--load-temperature', 'both', '--load-runs', '5', '--max-load-runs', '100', '--kpi', 'load.warm.p95=60ms'], {
      models: { 'tiny-mlp': { loadMs: 100, warmLoadMs: 50, spread: 0.05 } },
    });
    const [row] = report.results;
    expect(row?.warmLoad?.looks).toBeGreaterThan(0);
    expect(row?.warmLoad?.samplesMs.length).toBeGreaterThan(5);
    expect(row?.checks.find((check) => check.id === 'load.warm.p95')).toMatchObject({ method: 'confidence-sequence', verdict: 'pass' });
  });
});

describe('--load-temperature warm and cold', () => {
  it('warm alone measures no cold loads: no cold load check, no cold column', async () => {
    const { result, report } = await runSimulatedAndRead([tiny(), ...FIXED_LOADS, '--runtime', 'node-wasm', '--load-temperature', 'warm']);
    const [row] = report.results;
    expect(row?.load).toBeNull();
    expect(row?.warmLoad?.samplesMs).toHaveLength(5);
    expect(row?.checks.map((check) => check.id)).toEqual(['load.warm.p95', 'inference.p99', 'memory.peak', 'error.rate', 'memory.retained']);
    expect(result.stdout).toContain('Warm load P95');
    expect(result.stdout).not.toMatch(/Cold load|│ Load P95/);
    expect(result.stderr).not.toContain('cold loads');
  });

  it('cold, the default, reports as before: no warm loads, no warm check, settings unchanged', async () => {
    const { result, report } = await runSimulatedAndRead([tiny(), ...FIXED_LOADS, '--runtime', 'node-wasm']);
    const [row] = report.results;
    expect(row).not.toHaveProperty('warmLoad');
    expect(report.settings).not.toHaveProperty('loadTemperature');
    expect(row?.checks.map((check) => check.id)).toEqual(['load.p95', 'inference.p99', 'memory.peak', 'error.rate', 'memory.retained']);
    expect(result.stdout).toContain('│ Load P95');
  });

  it('a row that failed has no warm loads (null) and its warm check is an error naming the failure', async () => {
    const { report } = await runSimulatedAndRead([tiny(), ...FIXED_LOADS, '--runtime', 'node-wasm', '--load-temperature', 'both'], {}, { WTB_TEST_FAULTS: 'kill-worker=load' });
    const [row] = report.results;
    expect(row?.warmLoad).toBeNull();
    expect(row?.checks.find((check) => check.id === 'load.warm.p95')).toMatchObject({ verdict: 'error', message: expect.stringMatching(/: WORKER_CRASHED$/) });
  });
});

describe('bad input (exit 2, nothing measured)', () => {
  it.each([
    ['a misspelt flag value', ['--load-temperature', 'warmm'], {}, '--load-temperature: unknown value "warmm"; choose from cold, warm, both'],
    ['two values', ['--load-temperature', 'cold,warm'], {}, '--load-temperature takes one value; choose one of cold, warm, both'],
    ['a misspelt variable', [], { WTB_LOAD_TEMPERATURE: 'hot' }, 'WTB_LOAD_TEMPERATURE: unknown value "hot"; choose from cold, warm, both'],
    [
      'a warm KPI where no warm loads are measured',
      ['--kpi', 'load.warm.p95=1s'],
      {},
      '--kpi sets load.warm.p95, a KPI on warm loads, but --load-temperature cold measures none; measure them with --load-temperature both (or warm), or drop load.warm.p95',
    ],
    [
      'a warm KPI level from a variable, no warm loads',
      ['--load-temperature', 'cold'],
      { WTB_KPI_LEVEL: 'load.warm.p95=warn' },
      'WTB_KPI_LEVEL sets load.warm.p95, a KPI on warm loads, but --load-temperature cold measures none; measure them with --load-temperature both (or warm), or drop load.warm.p95',
    ],
  ])('%s', async (_name, flags, env, message) => {
    const out = path.join(tempDir(), 'reports');
    const result = await runSimulated([tiny(), ...flags, '--out', out], {}, { env });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });

  it('a misspelt value in a config file, and a model entry with a warm KPI on a cold run', async () => {
    const dir = tempDir();
    const config = path.join(dir, 'wasm-torch-bench.config.json');
    writeFileSync(config, JSON.stringify({ models: [fixture('tiny-mlp').absolutePath], loadTemperature: 'wram' }));
    const misspelt = await runSimulated(['--config', config], {}, { cwd: dir });
    expect(misspelt.status).toBe(2);
    expect(misspelt.stderr).toContain('loadTemperature: unknown value "wram" (did you mean "warm"?); choose from cold, warm, both');

    writeFileSync(config, JSON.stringify({ models: [{ path: fixture('tiny-mlp').absolutePath, kpis: { 'load.warm.p95': '1s' } }] }));
    const unmeasured = await runSimulated(['--config', config], {}, { cwd: dir });
    expect(unmeasured.status).toBe(2);
    expect(unmeasured.stderr).toContain('models[0].kpis sets load.warm.p95, a KPI on warm loads, but --load-temperature cold measures none');
  });
});

describe('which KPIs judge which loads', () => {
  const kpis = [...DEFAULT_KPIS, { id: 'load.p50', threshold: 800, level: 'warn' as const }];

  it('cold: the table as it is; warm: each cold load KPI becomes a warm one; both: each is followed by its warm counterpart', () => {
    expect(kpisForTemperature(kpis, 'cold')).toEqual(kpis);
    expect(kpisForTemperature(kpis, 'warm').map((kpi) => kpi.id)).toEqual(['load.warm.p95', 'inference.p99', 'memory.peak', 'error.rate', 'memory.retained', 'load.warm.p50']);
    expect(kpisForTemperature(kpis, 'both').map((kpi) => kpi.id)).toEqual(['load.p95', 'load.warm.p95', 'inference.p99', 'memory.peak', 'error.rate', 'memory.retained', 'load.p50', 'load.warm.p50']);
    expect(kpisForTemperature(kpis, 'both').find((kpi) => kpi.id === 'load.warm.p50')).toEqual({ id: 'load.warm.p50', threshold: 800, level: 'warn' });
  });

  it('a warm KPI the table sets replaces the derived one; a warm level alone takes the cold threshold', () => {
    const table = applyKpiSettings([{ id: 'load.warm.p95', threshold: 500 }], [{ id: 'load.warm.p95', level: 'warn', expression: 'load.warm.p95=warn' }]);
    expect(kpisForTemperature(table, 'both').filter((kpi) => kpi.id.startsWith('load.'))).toEqual([
      { id: 'load.p95', threshold: 2000, level: 'error' },
      { id: 'load.warm.p95', threshold: 500, level: 'warn' },
    ]);
    const levelOnly = applyKpiSettings([], [{ id: 'load.warm.p95', level: 'off', expression: 'load.warm.p95=off' }]);
    expect(levelOnly.find((kpi) => kpi.id === 'load.warm.p95')).toEqual({ id: 'load.warm.p95', threshold: 2000, level: 'off' });
    expect(kpisForTemperature(levelOnly, 'cold').some((kpi) => kpi.id === 'load.warm.p95')).toBe(false);
  });
});

describe("Chrome's code-cache trace events", () => {
  const trace = (...names: string[]) => JSON.stringify({ traceEvents: [{ name: 'thread_name' }, ...names.map((name) => ({ name, cat: 'disabled-by-default-devtools.timeline' }))] });

  it('a streamed module: a hit, a write, neither; an invalid entry is no hit; no trace is nothing seen', () => {
    expect(codeCacheEvents(trace('v8.wasm.streamFromResponseCallback', 'v8.wasm.moduleCacheHit'))).toEqual({ streamed: true, hit: true, written: false });
    expect(codeCacheEvents(new TextEncoder().encode(trace('v8.wasm.streamFromResponseCallback', 'v8.wasm.cachedModule')))).toEqual({ streamed: true, hit: false, written: true });
    expect(codeCacheEvents(trace('v8.wasm.streamFromResponseCallback', 'v8.wasm.moduleCacheHit', 'v8.wasm.moduleCacheInvalid'))).toEqual({ streamed: true, hit: false, written: false });
    expect(codeCacheEvents(trace())).toEqual({ streamed: false, hit: false, written: false });
    expect(codeCacheEvents(undefined)).toEqual({ streamed: false, hit: false, written: false });
    expect(codeCacheEvents('{"traceEvents": [')).toEqual({ streamed: false, hit: false, written: false });
  });

  it('says why the warm loads did or did not read the cache', () => {
    const fill = { visits: 2, useMs: 2000, filled: true, written: true };
    expect(codeCacheNote(fill, [true, true])).toBe('the cache was filled within 2 filling visits (each loads the model and runs it for 2 s)');
    expect(codeCacheNote({ ...fill, filled: false }, [false, false])).toBe(
      'V8 wrote compiled code to its cache during the 2 filling visits (each loads the model and runs it for 2 s), but no warm load read it',
    );
    expect(codeCacheNote({ ...fill, filled: false, written: false }, [false, false])).toMatch(
      /^V8 wrote no compiled code to its cache in 2 filling visits \(each loads the model and runs it for 2 s\): it caches only optimised code, once a page has made about 1 MB of it/,
    );
    expect(codeCacheNote({ ...fill, visits: 1, filled: false, written: false }, [null, null])).toMatch(
      /^not applicable: the runtime compiled its WebAssembly from bytes, not from a fetched response \(WebAssembly\.instantiateStreaming or compileStreaming\)/,
    );
  });
});
