import { describe, it, expect } from 'vitest';
import { RUN_DEFAULTS } from '../../src/config/run-defaults.js';
import { parseInputShapes, parseInputValues, resolveRunConfig, type RawRunOptions } from '../../src/config/run-config.js';
import { usageMessage } from '../helpers/usage-error.js';
import type { RunConfig } from '../../src/config/run-config-schema.js';

const MODEL = 'fixtures/models/tiny-mlp.onnx';

function resolveWith(raw: RawRunOptions): string {
  return usageMessage(() => resolveRunConfig([MODEL], raw));
}

describe('RUN_DEFAULTS', () => {
  it('has the documented defaults', () => {
    expect(RUN_DEFAULTS).toEqual({
      runtime: 'node-wasm,chrome-wasm',
      loadRuns: 20,
      loadTemperature: 'cold',
      maxLoadRuns: 100,
      warmup: 'auto',
      confidence: 0.95,
      inconclusive: 'fail',
      iterations: 300,
      baselineRepeat: 10,
      minTimeMs: 1000,
      maxTimeMs: 60_000,
      timeoutMs: 120_000,
      retainedCycles: 0,
      threads: '1',
      seed: 1,
      atol: 1e-4,
      rtol: 1e-3,
      parity: 'warn',
      reporter: 'table,json,junit',
      out: 'reports',
    });
  });
});

describe('resolveRunConfig: defaults', () => {
  it('fills every field from the defaults when no flag is given', () => {
    const config = resolveRunConfig([MODEL], {});
    expect(config).toEqual({
      // A model named on the command line takes the run-wide settings and has no inputs of its own.
      models: [
        {
          path: MODEL,
          glob: false,
          name: null,
          origin: null,
          runtimes: config.runtimes,
          threads: config.threads,
          variants: [{ name: null, inputs: {} }],
          kpis: config.kpis,
          timeoutMs: config.timeoutMs,
          tags: [],
        },
      ],
      configFile: null,
      runtimes: ['node-wasm', 'chrome-wasm'],
      skipUnavailableRuntimes: true,
      browserPath: null,
      browserWsEndpoint: null,
      loadRuns: 20,
      loadTemperature: 'cold',
      maxLoadRuns: 100,
      warmup: 'auto',
      confidence: 0.95,
      inconclusive: 'fail',
      checkFinite: false,
      iterations: 300,
      repeat: 1,
      minTimeMs: 1000,
      maxTimeMs: 60_000,
      timeoutMs: 120_000,
      memoryLimitBytes: null,
      retainedCycles: 0,
      threads: [1],
      seed: 1,
      atol: 1e-4,
      rtol: 1e-3,
      parityLevel: 'warn',
      baselineFile: null,
      saveBaselineFile: null,
      regressions: [
        { id: 'load.p50', maxRatio: 1.1, level: 'error' },
        { id: 'load.p95', maxRatio: 1.1, level: 'warn' },
        { id: 'inference.p50', maxRatio: 1.1, level: 'error' },
        { id: 'inference.p99', maxRatio: 1.1, level: 'error' },
        { id: 'memory.peak', maxRatio: 1.1, level: 'error' },
      ],
      strictBaseline: false,
      inputShapes: {},
      inputValues: {},
      dims: [],
      kpis: [
        { id: 'load.p95', threshold: 2000, level: 'error' },
        { id: 'inference.p99', threshold: 500, level: 'error' },
        { id: 'memory.peak', threshold: 100_000_000, level: 'error' },
        { id: 'error.rate', threshold: 0.001, level: 'error' },
        { id: 'memory.retained', threshold: 64_000, level: 'warn' },
      ],
      tags: [],
      reporters: ['table', 'json', 'junit'],
      outDir: 'reports',
      runtimeAdapter: null,
      graphOptimization: null,
      ortWeb: null,
      ortNode: null,
      pushGateway: null,
      otlp: null,
      quiet: false,
      jsonToStdout: false,
      shard: null,
    });
  });

  it('returns a frozen object', () => {
    const config = resolveRunConfig([MODEL], {});
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as RunConfig).iterations = 5;
    }).toThrow(TypeError);
    expect(config.iterations).toBe(300);
  });

  it('copies the model list', () => {
    const models = ['a.onnx', 'b.onnx'];
    const config = resolveRunConfig(models, {});
    models.push('c.onnx');
    expect(config.models.map((model) => model.path)).toEqual(['a.onnx', 'b.onnx']);
  });
});

describe('resolveRunConfig: flags override defaults', () => {
  it('takes every flag', () => {
    const config = resolveRunConfig(['a.onnx', 'b.onnx'], {
      runtime: 'node-wasm',
      browserPath: '/opt/chrome/chrome',
      browserWsEndpoint: 'ws://127.0.0.1:9222/devtools/browser/abc',
      loadRuns: '5',
      maxLoadRuns: '50',
      loadTemperature: 'both',
      warmup: '0',
      confidence: '99%',
      inconclusive: 'warn',
      checkFinite: true,
      iterations: '50',
      minTime: '2s',
      maxTime: '30s',
      timeout: '90s',
      memoryLimit: '512MB',
      retainedCycles: '12',
      threads: '4,1',
      seed: '7',
      atol: '1e-6',
      rtol: '0.01',
      parity: 'error',
      baseline: 'main.baseline.json',
      saveBaseline: 'out/new.baseline.json',
      maxRegression: ['20%', 'inference.p99=50%'],
      regressionLevel: ['memory.peak=off'],
      strict: true,
      inputShape: ['x=1,3', 'y=[]'],
      inputValue: ['sr=16000'],
      kpi: ['load.p95=3s'],
      kpiLevel: ['memory.peak=warn'],
      reporter: 'json',
      out: 'out/dir',
      quiet: true,
      json: true,
      runtimeAdapter: 'adapters/kernel.mjs',
      ortWeb: '1.20.1',
      ortNode: 'bundled',
      pushGateway: 'http://127.0.0.1:9091',
      pushJob: 'pr-check',
      pushLabel: ['branch=feature/x=1', 'ci_run=42'],
      otlpEndpoint: 'https://collector.example:4318/v1/metrics',
      otlpHeader: ['authorization=Bearer a=b'],
      shard: '3/8',
      dim: ['batch=1', 'sequence=128'],
    });
    for (const model of config.models) {
      expect(model).toMatchObject({ runtimes: ['node-wasm'], threads: [4, 1], timeoutMs: 90_000, kpis: config.kpis, variants: [{ name: null, inputs: {} }] });
    }
    expect(config).toEqual({
      models: [expect.objectContaining({ path: 'a.onnx' }), expect.objectContaining({ path: 'b.onnx' })],
      configFile: null,
      runtimes: ['node-wasm'],
      skipUnavailableRuntimes: false,
      browserPath: '/opt/chrome/chrome',
      browserWsEndpoint: 'ws://127.0.0.1:9222/devtools/browser/abc',
      loadRuns: 5,
      maxLoadRuns: 50,
      loadTemperature: 'both',
      warmup: 0,
      confidence: 0.99,
      inconclusive: 'warn',
      checkFinite: true,
      iterations: 50,
      repeat: 10,
      minTimeMs: 2000,
      maxTimeMs: 30_000,
      timeoutMs: 90_000,
      memoryLimitBytes: 512_000_000,
      retainedCycles: 12,
      threads: [4, 1],
      seed: 7,
      atol: 1e-6,
      rtol: 0.01,
      parityLevel: 'error',
      baselineFile: 'main.baseline.json',
      saveBaselineFile: 'out/new.baseline.json',
      regressions: [
        { id: 'load.p50', maxRatio: 1.2, level: 'error' },
        { id: 'load.p95', maxRatio: 1.2, level: 'warn' },
        { id: 'inference.p50', maxRatio: 1.2, level: 'error' },
        { id: 'inference.p99', maxRatio: 1.5, level: 'error' },
        { id: 'memory.peak', maxRatio: 1.2, level: 'off' },
      ],
      strictBaseline: true,
      inputShapes: { x: [1, 3], y: [] },
      inputValues: { sr: 16000 },
      dims: [
        { name: 'batch', size: 1, origin: '--dim batch=1' },
        { name: 'sequence', size: 128, origin: '--dim sequence=128' },
      ],
      kpis: [
        { id: 'load.p95', threshold: 3000, level: 'error' },
        { id: 'inference.p99', threshold: 500, level: 'error' },
        { id: 'memory.peak', threshold: 100_000_000, level: 'warn' },
        { id: 'error.rate', threshold: 0.001, level: 'error' },
        { id: 'memory.retained', threshold: 64_000, level: 'warn' },
      ],
      tags: [],
      reporters: ['json'],
      outDir: 'out/dir',
      runtimeAdapter: 'adapters/kernel.mjs',
      graphOptimization: null,
      ortWeb: { kind: 'version', value: '1.20.1', setBy: '--ort-web' },
      ortNode: { kind: 'bundled', value: '', setBy: '--ort-node' },
      pushGateway: { url: 'http://127.0.0.1:9091', job: 'pr-check', groupings: { branch: 'feature/x=1', ci_run: '42' } },
      otlp: { endpoint: 'https://collector.example:4318/v1/metrics', headers: { authorization: 'Bearer a=b' } },
      quiet: true,
      jsonToStdout: true,
      shard: { index: 3, count: 8 },
    });
  });

  it('overriding one flag leaves the other defaults', () => {
    const config = resolveRunConfig([MODEL], { iterations: '42' });
    expect(config.iterations).toBe(42);
    expect(config.loadRuns).toBe(20);
    expect(config.maxLoadRuns).toBe(100);
    expect(config.warmup).toBe('auto');
    expect(config.confidence).toBe(0.95);
    expect(config.inconclusive).toBe('fail');
    expect(config.checkFinite).toBe(false);
    expect(config.minTimeMs).toBe(1000);
    expect(config.maxTimeMs).toBe(60_000);
    expect(config.threads).toEqual([1]);
    expect(config.reporters).toEqual(['table', 'json', 'junit']);
  });

  it('raises the default --max-time to a longer --min-time', () => {
    const config = resolveRunConfig([MODEL], { minTime: '90s' });
    expect(config.minTimeMs).toBe(90_000);
    expect(config.maxTimeMs).toBe(90_000);
  });

  it('accepts --min-time 0s and equal min and max', () => {
    expect(resolveRunConfig([MODEL], { minTime: '0s' }).minTimeMs).toBe(0);
    const equal = resolveRunConfig([MODEL], { minTime: '5s', maxTime: '5s' });
    expect(equal.minTimeMs).toBe(5000);
    expect(equal.maxTimeMs).toBe(5000);
  });

  it('parses reporter lists, trimming and dropping duplicates', () => {
    expect(resolveRunConfig([MODEL], { reporter: ' junit , json ' }).reporters).toEqual(['junit', 'json']);
    expect(resolveRunConfig([MODEL], { reporter: 'json,json,table' }).reporters).toEqual(['json', 'table']);
  });

  it('accepts the boundaries of --threads and --seed', () => {
    expect(resolveRunConfig([MODEL], { threads: '64' }).threads).toEqual([64]);
    expect(resolveRunConfig([MODEL], { seed: '0' }).seed).toBe(0);
    expect(resolveRunConfig([MODEL], { seed: '4294967295' }).seed).toBe(4_294_967_295);
  });
});

describe('resolveRunConfig: runtimes, threads sweep and parity', () => {
  it('--runtime all names every runtime, once', () => {
    expect(resolveRunConfig([MODEL], { runtime: 'all' }).runtimes).toEqual(['node-wasm', 'chrome-wasm', 'node-native']);
    expect(resolveRunConfig([MODEL], { runtime: 'node-native,all' }).runtimes).toEqual(['node-native', 'node-wasm', 'chrome-wasm']);
    expect(resolveRunConfig([MODEL], { runtime: 'all' }).skipUnavailableRuntimes).toBe(false);
  });

  it('--threads takes a list, keeps its order and drops repeats', () => {
    expect(resolveRunConfig([MODEL], { threads: '1,2,4' }).threads).toEqual([1, 2, 4]);
    expect(resolveRunConfig([MODEL], { threads: ' 2 , 1 ,2' }).threads).toEqual([2, 1]);
  });

  it('--threads with an empty entry or a bad number names the flag and an example', () => {
    expect(resolveWith({ threads: '1,,2' })).toMatch(/--threads "1,,2" has an empty entry.*--threads 1,2,4/);
    expect(resolveWith({ threads: '1,two' })).toContain('--threads "two" is not a whole number');
    expect(resolveWith({ threads: '1,65' })).toContain('--threads 65 is out of range');
  });

  it('--atol and --rtol take non-negative decimals; anything else names the flag', () => {
    expect(resolveRunConfig([MODEL], { atol: '0', rtol: '.5' })).toMatchObject({ atol: 0, rtol: 0.5 });
    for (const bad of ['-1e-3', 'tiny', '1e', '']) {
      expect(resolveWith({ atol: bad })).toContain(`--atol "${bad}" is not a non-negative number; pass e.g. --atol 0.0001`);
    }
    expect(resolveWith({ rtol: 'NaN' })).toContain('--rtol "NaN" is not a non-negative number');
  });

  it('--parity is a check level', () => {
    expect(resolveRunConfig([MODEL], { parity: 'off' }).parityLevel).toBe('off');
    expect(resolveWith({ parity: 'strict' })).toContain('--parity: unknown value "strict"; choose from off, warn, error');
  });
});

describe('resolveRunConfig: errors', () => {
  it('no models', () => {
    const message = usageMessage(() => resolveRunConfig([], {}));
    expect(message).toContain('no model');
    expect(message).toContain('.onnx');
  });

  it('--iterations 0 must be at least 1', () => {
    const message = resolveWith({ iterations: '0' });
    expect(message).toContain('--iterations');
    expect(message).toContain('at least 1');
  });

  it('--iterations abc is not a whole number', () => {
    const message = resolveWith({ iterations: 'abc' });
    expect(message).toContain('--iterations');
    expect(message).toContain('"abc"');
    expect(message).toContain('whole number');
  });

  it.each(['-1', '1.5', '1e3', ''])('--iterations %j is rejected', (text) => {
    expect(resolveWith({ iterations: text })).toContain('--iterations');
  });

  it('--load-runs 0', () => {
    const message = resolveWith({ loadRuns: '0' });
    expect(message).toContain('--load-runs');
    expect(message).toContain('at least 1');
  });

  it('--threads 0 and 65 are out of range 1..64', () => {
    for (const threads of ['0', '65']) {
      const message = resolveWith({ threads });
      expect(message).toContain('--threads');
      expect(message).toContain('from 1 to 64');
    }
  });

  it('--seed above 2^32 − 1 and negative', () => {
    expect(resolveWith({ seed: '4294967296' })).toContain('--seed');
    expect(resolveWith({ seed: '-1' })).toContain('--seed');
  });

  it('--min-time above --max-time names both flags', () => {
    const message = resolveWith({ minTime: '10s', maxTime: '5s' });
    expect(message).toContain('--min-time');
    expect(message).toContain('--max-time');
    expect(message).toContain('10s');
    expect(message).toContain('5s');
  });

  it('--max-time below the default --min-time names both flags', () => {
    const message = resolveWith({ maxTime: '500ms' });
    expect(message).toContain('--min-time');
    expect(message).toContain('--max-time');
  });

  it('--max-time 0s must be above zero', () => {
    const message = resolveWith({ maxTime: '0s' });
    expect(message).toContain('--max-time');
    expect(message).toContain('above zero');
  });

  it('--timeout 0s and a unit-less --min-time', () => {
    expect(resolveWith({ timeout: '0s' })).toContain('--timeout');
    expect(resolveWith({ memoryLimit: '1GB/s' })).toMatch(/--memory-limit: "1GB\/s" has unknown unit "GB\/s"|--memory-limit: "1GB\/s" is not a size/);
    expect(resolveWith({ memoryLimit: '1MB' })).toContain('--memory-limit 1MB is below 64 MiB, less than a worker needs to start; pass e.g. --memory-limit 2GiB');
    const message = resolveWith({ minTime: '5' });
    expect(message).toContain('--min-time');
    expect(message).toContain('us, ms, s or m');
  });

  it('--runtime cheese lists node-wasm', () => {
    const message = resolveWith({ runtime: 'cheese' });
    expect(message).toContain('--runtime');
    expect(message).toContain('cheese');
    expect(message).toContain('node-wasm');
  });

  it('--reporter xml lists table, json, junit', () => {
    const message = resolveWith({ reporter: 'xml' });
    expect(message).toContain('--reporter');
    expect(message).toContain('xml');
    expect(message).toContain('table, json, junit');
  });

  it('an empty --reporter list', () => {
    const message = resolveWith({ reporter: ' , ' });
    expect(message).toContain('--reporter');
    expect(message).toContain('table, json, junit');
  });

  it('--input-shape x=1,a,3', () => {
    const message = resolveWith({ inputShape: ['x=1,a,3'] });
    expect(message).toContain('--input-shape');
    expect(message).toContain('whole numbers');
  });

  it('--input-shape without =', () => {
    const message = resolveWith({ inputShape: ['x'] });
    expect(message).toContain('--input-shape');
    expect(message).toContain('<input>=<value>');
  });

  it('duplicate --input-shape names', () => {
    const message = resolveWith({ inputShape: ['x=1,3', 'x=2,3'] });
    expect(message).toContain('--input-shape');
    expect(message).toContain('"x"');
    expect(message).toContain('twice');
  });

  it('--input-value sr=abc', () => {
    const message = resolveWith({ inputValue: ['sr=abc'] });
    expect(message).toContain('--input-value');
    expect(message).toContain('finite number');
  });

  it('propagates --kpi and --kpi-level errors', () => {
    expect(resolveWith({ kpi: ['nonsense'] })).toContain('--kpi');
    expect(resolveWith({ kpiLevel: ['first-inference=warn'] })).toContain('--kpi first-inference=<value>');
  });
});

describe('resolveRunConfig: confidence, inconclusive, load runs, warm-up', () => {
  it.each([
    ['95%', 0.95],
    ['99%', 0.99],
    [' 99 % ', 0.99],
    ['0.9', 0.9],
    ['.9', 0.9],
    ['90', 0.9],
    ['50%', 0.5],
  ])('--confidence %j is %s', (text, expected) => {
    expect(resolveRunConfig([MODEL], { confidence: text }).confidence).toBe(expected);
  });

  it('--confidence 99.9 is 0.999 (up to float rounding: 99.9/100 = 0.9990000000000001)', () => {
    expect(resolveRunConfig([MODEL], { confidence: '99.9' }).confidence).toBeCloseTo(0.999, 12);
  });

  it.each(['1', '100%', '100', '0.3', '30%', '0', 'abc', '', '-0.95', '0.95%', '1.5', '95%%'])('--confidence %j is rejected', (text) => {
    const message = resolveWith({ confidence: text });
    expect(message).toContain(`--confidence "${text}"`);
    expect(message).toContain('from 50 % up to (not including) 100 %');
    expect(message).toContain('e.g. --confidence 95%');
  });

  it.each(['fail', 'warn', 'pass'] as const)('--inconclusive %s', (policy) => {
    expect(resolveRunConfig([MODEL], { inconclusive: policy }).inconclusive).toBe(policy);
    expect(resolveRunConfig([MODEL], { inconclusive: ` ${policy} ` }).inconclusive).toBe(policy);
  });

  it('--inconclusive maybe lists the policies', () => {
    const message = resolveWith({ inconclusive: 'maybe' });
    expect(message).toBe('--inconclusive: unknown value "maybe"; choose from fail, warn, pass');
  });

  it('--inconclusive takes one value', () => {
    expect(resolveWith({ inconclusive: 'fail,warn' })).toBe('--inconclusive takes one value; choose one of fail, warn, pass');
    expect(resolveWith({ inconclusive: '' })).toContain('--inconclusive is empty');
  });

  it('--max-load-runs below --load-runs names both flags', () => {
    const message = resolveWith({ loadRuns: '30', maxLoadRuns: '10' });
    expect(message).toBe('--load-runs 30 exceeds --max-load-runs 10; raise --max-load-runs or lower --load-runs');
  });

  it('--max-load-runs equal to --load-runs is fine', () => {
    const config = resolveRunConfig([MODEL], { loadRuns: '30', maxLoadRuns: '30' });
    expect(config.loadRuns).toBe(30);
    expect(config.maxLoadRuns).toBe(30);
  });

  it('a --load-runs above the default maximum raises the default --max-load-runs', () => {
    const config = resolveRunConfig([MODEL], { loadRuns: '150' });
    expect(config.loadRuns).toBe(150);
    expect(config.maxLoadRuns).toBe(150);
  });

  it('--max-load-runs alone', () => {
    expect(resolveRunConfig([MODEL], { maxLoadRuns: '72' }).maxLoadRuns).toBe(72);
    // Below the default --load-runs (20) it is an error too.
    expect(resolveWith({ maxLoadRuns: '10' })).toContain('--load-runs 20 exceeds --max-load-runs 10');
  });

  it.each(['0', 'abc', '-5', '2.5'])('--max-load-runs %j is rejected', (text) => {
    expect(resolveWith({ maxLoadRuns: text })).toContain('--max-load-runs');
  });

  it.each([
    ['auto', 'auto'],
    [' auto ', 'auto'],
    ['0', 0],
    ['5', 5],
  ] as const)('--warmup %j is %j', (text, expected) => {
    expect(resolveRunConfig([MODEL], { warmup: text }).warmup).toBe(expected);
  });

  it('--warmup abc is neither auto nor a whole number', () => {
    const message = resolveWith({ warmup: 'abc' });
    expect(message).toBe('--warmup "abc" must be auto or a whole number of runs, e.g. --warmup auto or --warmup 20');
  });

  it.each(['-1', '1.5', 'Auto', ''])('--warmup %j is rejected', (text) => {
    expect(resolveWith({ warmup: text })).toContain('--warmup');
  });

  it('--check-finite is off unless given', () => {
    expect(resolveRunConfig([MODEL], {}).checkFinite).toBe(false);
    expect(resolveRunConfig([MODEL], { checkFinite: true }).checkFinite).toBe(true);
    expect(resolveRunConfig([MODEL], { checkFinite: false }).checkFinite).toBe(false);
  });
});

describe('parseInputShapes', () => {
  it('parses comma-separated dims', () => {
    expect(parseInputShapes(['x=1,3,224,224'])).toEqual({ x: [1, 3, 224, 224] });
  });

  it('parses [] and scalar as 0-d', () => {
    expect(parseInputShapes(['x=[]'])).toEqual({ x: [] });
    expect(parseInputShapes(['x=scalar'])).toEqual({ x: [] });
  });

  it('accepts x and × as separators, brackets and spaces', () => {
    expect(parseInputShapes(['x=1x3'])).toEqual({ x: [1, 3] });
    expect(parseInputShapes(['x=1×3×8'])).toEqual({ x: [1, 3, 8] });
    expect(parseInputShapes(['x=[1,3]'])).toEqual({ x: [1, 3] });
    expect(parseInputShapes([' x = 1, 3 '])).toEqual({ x: [1, 3] });
  });

  it('accepts a zero dim', () => {
    expect(parseInputShapes(['x=0,3'])).toEqual({ x: [0, 3] });
  });

  it('parses several inputs', () => {
    expect(parseInputShapes(['input_ids=1,128', 'attention_mask=1,128', 'sr=[]'])).toEqual({
      input_ids: [1, 128],
      attention_mask: [1, 128],
      sr: [],
    });
  });

  it('returns {} for no expressions', () => {
    expect(parseInputShapes([])).toEqual({});
  });

  it.each(['x=1,a,3', 'x=1,,3', 'x=-1', 'x=1.5', 'x=', 'x', '=1,3'])('rejects %j', (text) => {
    expect(usageMessage(() => parseInputShapes([text]))).toContain('--input-shape');
  });

  it('rejects a name given twice', () => {
    expect(usageMessage(() => parseInputShapes(['x=1', 'x=2']))).toContain('twice');
  });
});

describe('parseInputValues', () => {
  it('parses numbers', () => {
    expect(parseInputValues(['sr=16000', 'scale=0.5', 'bias=-2'])).toEqual({ sr: 16000, scale: 0.5, bias: -2 });
  });

  it.each(['sr=abc', 'sr=Infinity', 'sr=NaN', 'sr=', 'sr'])('rejects %j', (text) => {
    expect(usageMessage(() => parseInputValues([text]))).toContain('--input-value');
  });

  it('rejects a name given twice', () => {
    expect(usageMessage(() => parseInputValues(['sr=1', 'sr=2']))).toContain('twice');
  });
});

describe('integer limits', () => {
  it('says "at most" for a number beyond the largest safe integer', () => {
    expect(() => resolveRunConfig(['m.onnx'], { iterations: '99999999999999999999' })).toThrow(/--iterations 99999999999999999999 is out of range; it must be at most 9007199254740991/);
  });
});

describe('which runtimes may be skipped', () => {
  it('defaults may be skipped; naming a runtime, a browser path or an endpoint asks for it', () => {
    expect(resolveRunConfig([MODEL], {}).skipUnavailableRuntimes).toBe(true);
    expect(resolveRunConfig([MODEL], { runtime: 'node-wasm,chrome-wasm' }).skipUnavailableRuntimes).toBe(false);
    expect(resolveRunConfig([MODEL], { browserPath: '/usr/bin/chromium' }).skipUnavailableRuntimes).toBe(false);
    expect(resolveRunConfig([MODEL], { browserWsEndpoint: 'ws://127.0.0.1:1/x' }).skipUnavailableRuntimes).toBe(false);
  });

  it('--browser-ws-endpoint must be a ws:// or wss:// URL', () => {
    for (const bad of ['http://127.0.0.1:9222', 'localhost:9222', '']) {
      const message = resolveWith({ browserWsEndpoint: bad });
      expect(message).toContain('--browser-ws-endpoint');
      expect(message).toContain('ws://');
    }
  });
});
