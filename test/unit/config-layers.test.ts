/**
 * flags > WTB_* environment > config file > defaults: one test per layer, then model entries,
 * tables merged metric by metric, and the origins --print-config shows.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig, type LoadedConfigFile } from '../../src/config/load-config-file.js';
import { resolveConfig, type ConfigLayers } from '../../src/config/resolve-config.js';
import type { RawRunOptions } from '../../src/config/run-config.js';
import { InputError, UsageError } from '../../src/errors.js';

const DIR = '/repo';

function file(config: unknown): LoadedConfigFile {
  return { file: path.join(DIR, 'wasm-torch-bench.config.json'), dir: DIR, config: validateConfig('test', config) };
}

function resolve(layers: Partial<ConfigLayers> & { flags?: RawRunOptions }) {
  const flags = layers.flags ?? {};
  return resolveConfig({ models: [], typedFlags: new Set(Object.keys(flags)), env: {}, file: null, ...layers, flags });
}

const ONE_MODEL = { models: ['m.onnx'] };

describe('memoryLimit goes through every layer with one parser', () => {
  it('file (a size or a number of bytes), then WTB_MEMORY_LIMIT, then --memory-limit', () => {
    expect(resolve({ file: file(ONE_MODEL) }).config.memoryLimitBytes).toBeNull();
    expect(resolve({ file: file({ ...ONE_MODEL, memoryLimit: '512MiB' }) }).config.memoryLimitBytes).toBe(512 * 1024 ** 2);
    expect(resolve({ file: file({ ...ONE_MODEL, memoryLimit: 600_000_000 }) }).config.memoryLimitBytes).toBe(600_000_000);
    const env = resolve({ file: file({ ...ONE_MODEL, memoryLimit: '512MiB' }), env: { WTB_MEMORY_LIMIT: '1GB' } });
    expect(env.config.memoryLimitBytes).toBe(1e9);
    expect(env.origins.memoryLimit).toEqual([{ layer: 'env', name: 'WTB_MEMORY_LIMIT' }]);
    expect(resolve({ file: file(ONE_MODEL), env: { WTB_MEMORY_LIMIT: '1GB' }, flags: { memoryLimit: '2GB' } }).config.memoryLimitBytes).toBe(2e9);
  });

  it('a bad size names where it came from', () => {
    expect(() => file({ ...ONE_MODEL, memoryLimit: '2 elephants' })).toThrow(/memoryLimit/);
    expect(() => resolve({ file: file(ONE_MODEL), env: { WTB_MEMORY_LIMIT: '10MB' } })).toThrow(
      'WTB_MEMORY_LIMIT 10MB is below 64 MiB, less than a worker needs to start; pass e.g. WTB_MEMORY_LIMIT=2GiB',
    );
  });
});

describe('one layer at a time', () => {
  it('defaults: nothing set anywhere', () => {
    const { config, origins } = resolve({ file: file(ONE_MODEL) });
    expect(config.loadRuns).toBe(20);
    expect(config.minTimeMs).toBe(1000);
    expect(origins.loadRuns).toBeUndefined();
  });

  it('the config file beats the defaults; its paths are relative to the file', () => {
    const { config, origins } = resolve({ file: file({ ...ONE_MODEL, loadRuns: 7, minTime: '250ms', out: 'ci-reports', baseline: 'b/main.json' }) });
    expect(config.loadRuns).toBe(7);
    expect(config.minTimeMs).toBe(250);
    expect(config.outDir).toBe('/repo/ci-reports');
    expect(config.baselineFile).toBe('/repo/b/main.json');
    expect(config.models[0]?.path).toBe('/repo/m.onnx');
    expect(origins.loadRuns).toEqual([{ layer: 'file', name: 'loadRuns in /repo/wasm-torch-bench.config.json' }]);
  });

  it('WTB_* variables beat the config file', () => {
    const { config, origins } = resolve({ file: file({ ...ONE_MODEL, loadRuns: 7, minTime: 250 }), env: { WTB_LOAD_RUNS: '9', WTB_CHECK_FINITE: 'yes', WTB_THREADS: '1,2' } });
    expect(config.loadRuns).toBe(9);
    expect(config.minTimeMs).toBe(250);
    expect(config.checkFinite).toBe(true);
    expect(config.threads).toEqual([1, 2]);
    expect(origins.loadRuns).toEqual([{ layer: 'env', name: 'WTB_LOAD_RUNS' }]);
  });

  it('flags beat WTB_* variables, and only flags the user typed count', () => {
    const { config, origins } = resolveConfig({
      models: [],
      flags: { loadRuns: '11', iterations: '300' },
      // commander filled --iterations in from its default: it must not beat the file's 40.
      typedFlags: new Set(['loadRuns']),
      env: { WTB_LOAD_RUNS: '9' },
      file: file({ ...ONE_MODEL, iterations: 40 }),
    });
    expect(config.loadRuns).toBe(11);
    expect(config.iterations).toBe(40);
    expect(origins.loadRuns).toEqual([{ layer: 'flag', name: '--load-runs' }]);
  });

  it("models on the command line replace the file's list", () => {
    const { config, origins } = resolve({ models: ['a.onnx'], file: file({ models: ['m.onnx', 'n.onnx'] }) });
    expect(config.models.map((model) => model.path)).toEqual(['a.onnx']);
    expect(origins.models).toEqual([{ layer: 'flag', name: 'command line' }]);
  });
});

describe('tables merge entry by entry', () => {
  it("a higher layer's KPI replaces that KPI only", () => {
    const { config } = resolve({
      file: file({ ...ONE_MODEL, kpis: { 'load.p95': '3s', 'inference.p99': '50ms' } }),
      env: { WTB_KPI: 'inference.p99=40ms' },
      flags: { kpi: ['memory.peak=64MB'] },
    });
    const threshold = (id: string) => config.kpis.find((kpi) => kpi.id === id)?.threshold;
    expect(threshold('load.p95')).toBe(3000);
    expect(threshold('inference.p99')).toBe(40);
    expect(threshold('memory.peak')).toBe(64_000_000);
    expect(threshold('error.rate')).toBe(0.001);
  });

  it('maxRegression: one value for every metric, or per metric, with levels', () => {
    const every = resolve({ file: file({ ...ONE_MODEL, maxRegression: '20%' }) }).config.regressions;
    expect(every.every((spec) => spec.maxRatio === 1.2)).toBe(true);
    const one = resolve({ file: file({ ...ONE_MODEL, maxRegression: { 'inference.p99': '1.5x' }, regressionLevels: { 'memory.peak': 'off' } }) }).config.regressions;
    expect(one.find((spec) => spec.id === 'inference.p99')?.maxRatio).toBe(1.5);
    expect(one.find((spec) => spec.id === 'inference.p50')?.maxRatio).toBe(1.1);
    expect(one.find((spec) => spec.id === 'memory.peak')?.level).toBe('off');
  });

  it('a bad list entry in the environment names the variable', () => {
    expect(() => resolve({ file: file(ONE_MODEL), env: { WTB_KPI: 'inference.p99=5 parsecs' } })).toThrow(/^environment: --kpi "inference.p99=5 parsecs": .*unknown unit "parsecs"/);
  });
});

describe('model entries', () => {
  const entries = {
    runtimes: ['node-wasm', 'chrome-wasm'],
    timeout: '1m',
    kpis: { 'inference.p99': '50ms' },
    models: [
      'plain.onnx',
      {
        path: 'own.onnx',
        name: 'own',
        runtimes: ['node-native'],
        threads: [2, 4],
        timeout: '5m',
        kpis: { 'inference.p99': { threshold: '5ms', level: 'warn' } },
        tags: ['smoke'],
        inputs: { x: { shape: [1, 3], range: [-1, 1] } },
        variants: [
          { name: 'batch 1', inputs: {} },
          { name: 'batch 8', inputs: { x: { shape: [8, 3] } } },
        ],
      },
    ],
  };

  it("set their own runtimes, threads, timeout, KPIs, tags and inputs over the file's run-wide ones", () => {
    const [plain, own] = resolve({ file: file(entries) }).config.models;
    expect(plain).toMatchObject({
      runtimes: ['node-wasm', 'chrome-wasm'],
      threads: [1],
      timeoutMs: 60_000,
      tags: [],
      name: null,
      origin: { file: '/repo/wasm-torch-bench.config.json', keyPath: 'models[0]' },
    });
    expect(own).toMatchObject({ path: '/repo/own.onnx', name: 'own', runtimes: ['node-native'], threads: [2, 4], timeoutMs: 300_000, tags: ['smoke'] });
    expect(own?.kpis.find((kpi) => kpi.id === 'inference.p99')).toEqual({ id: 'inference.p99', threshold: 5, level: 'warn' });
    expect(plain?.kpis.find((kpi) => kpi.id === 'inference.p99')).toEqual({ id: 'inference.p99', threshold: 50, level: 'error' });
    expect(own?.variants).toEqual([
      { name: 'batch 1', inputs: { x: { shape: [1, 3], dtype: null, values: { kind: 'uniform', min: -1, max: 1 }, origin: 'models[1].inputs.x' } } },
      // The variant sets the shape; the values stay the model's.
      {
        name: 'batch 8',
        inputs: { x: { shape: [8, 3], dtype: null, values: { kind: 'uniform', min: -1, max: 1 }, origin: 'models[1].variants[1].inputs.x', fieldOrigins: { values: 'models[1].inputs.x' } } },
      },
    ]);
  });

  it("flags and WTB_* variables beat a model entry's own settings too", () => {
    const [, own] = resolve({ file: file(entries), env: { WTB_THREADS: '1' }, flags: { runtime: 'node-wasm', timeout: '30s', kpi: ['inference.p99=1ms'] } }).config.models;
    expect(own).toMatchObject({ runtimes: ['node-wasm'], threads: [1], timeoutMs: 30_000 });
    expect(own?.kpis.find((kpi) => kpi.id === 'inference.p99')).toEqual({ id: 'inference.p99', threshold: 1, level: 'warn' });
  });

  it('a path with glob characters is a glob', () => {
    const [model] = resolve({ file: file({ models: ['models/*.onnx'] }) }).config.models;
    expect(model).toMatchObject({ glob: true, path: '/repo/models/*.onnx' });
  });

  it('a runtime named by a model entry is asked for: not skipped when it cannot start', () => {
    expect(resolve({ file: file(ONE_MODEL) }).config.skipUnavailableRuntimes).toBe(true);
    expect(resolve({ file: file(entries) }).config.skipUnavailableRuntimes).toBe(false);
  });
});

describe('errors name their source', () => {
  it('no model anywhere says how to give one', () => {
    expect(() => resolve({ file: file({ loadRuns: 3 }) })).toThrow(
      /no model given; pass one or more \.onnx files .* or list them under "models" in wasm-torch-bench\.config\.json \(wasm-torch-bench init writes one\)/,
    );
  });

  it('a bad WTB_* value names the variable', () => {
    const error = (() => {
      try {
        resolve({ file: file(ONE_MODEL), env: { WTB_LOAD_RUNS: 'many' } });
      } catch (thrown) {
        return thrown;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe('WTB_LOAD_RUNS "many" is not a whole number; pass a number from 1 up, e.g. WTB_LOAD_RUNS=20');
  });

  it('an unknown WTB_* variable is an error with the nearest known name', () => {
    expect(() => resolve({ file: file(ONE_MODEL), env: { WTB_LOAD_RNS: '3' } })).toThrow(/unknown environment variable WTB_LOAD_RNS \(did you mean WTB_LOAD_RUNS\?\); unset it/);
  });

  it('WTB_CONFIG, WTB_CHROME_PATH and the WTB_TEST_FAULTS switch are not run settings and pass', () => {
    expect(() => resolve({ file: file(ONE_MODEL), env: { WTB_CONFIG: 'x.json', WTB_CHROME_PATH: '/usr/bin/chromium', WTB_TEST_FAULTS: 'slow-run-ms=5' } })).not.toThrow();
  });

  it('no other WTB_TEST_ variable passes: the faults have one switch', () => {
    expect(() => resolve({ file: file(ONE_MODEL), env: { WTB_TEST_SLOW_RUN_MS: '5' } })).toThrow(/unknown environment variable WTB_TEST_SLOW_RUN_MS/);
  });

  it('a bad switch value says what a switch takes', () => {
    expect(() => resolve({ file: file(ONE_MODEL), env: { WTB_STRICT: 'maybe' } })).toThrow('WTB_STRICT="maybe" is not a switch; set it to 1 or 0 (true/false, yes/no)');
  });

  it('a config file value checked across keys names the keys and the file', () => {
    expect(() => resolve({ file: file({ ...ONE_MODEL, minTime: '5s', maxTime: '2s' }) })).toThrow(
      'minTime in /repo/wasm-torch-bench.config.json (5s) exceeds maxTime in /repo/wasm-torch-bench.config.json (2s); raise maxTime in /repo/wasm-torch-bench.config.json or lower minTime in /repo/wasm-torch-bench.config.json',
    );
  });

  it('validateConfig lists every bad key path, with the nearest valid key', () => {
    let message = '';
    try {
      validateConfig('cfg.json', { modles: [], loadRuns: 0, kpis: { 'inference.p999': '1s' } });
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).exitCode).toBe(2);
      message = (error as Error).message;
    }
    expect(message).toContain('(top level): unknown key "modles" (did you mean "models"?)');
    expect(message).toContain('loadRuns: Too small: expected number to be >=1');
    expect(message).toContain('kpis: unknown key "inference.p999" (did you mean "inference.p99"?)');
  });
});
