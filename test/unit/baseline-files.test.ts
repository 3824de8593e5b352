import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import { baselineSchema, type Baseline } from '../../src/baseline/document.js';
import { environmentDifferences } from '../../src/baseline/environment-differences.js';
import { baselineFromReport } from '../../src/baseline/from-report.js';
import { readBaseline, readRunReport } from '../../src/baseline/read-baseline.js';
import { loadSamples, storeSamples } from '../../src/baseline/sample-store.js';
import { InputError } from '../../src/errors.js';
import { runReportSchema, type Environment, type RunReport, type TrialResult } from '../../src/report/schema.js';
import { runCli, tempDir } from '../helpers/cli.js';

const ENVIRONMENT: Environment = {
  node: 'v20.11.0',
  os: 'Linux 6.1.0',
  platform: 'linux',
  arch: 'x64',
  cpuModel: 'Test CPU @ 3.0GHz',
  cpuCores: 8,
  memoryBytes: 16_000_000_000,
  onnxruntimeWebVersion: '1.20.0',
  onnxruntimeNodeVersion: '1.20.1',
  threads: [1, 4],
  ci: false,
  browser: null,
  adapter: null,
};

const CHROME = { name: 'chrome', version: '124.0.6367.60', executablePath: '/usr/bin/chrome', mode: 'launched' as const };

describe('environmentDifferences', () => {
  it('is empty when nothing differs', () => {
    expect(environmentDifferences(ENVIRONMENT, { ...ENVIRONMENT })).toEqual([]);
    expect(environmentDifferences({ ...ENVIRONMENT, browser: CHROME }, { ...ENVIRONMENT, browser: { ...CHROME } })).toEqual([]);
  });

  it('names each differing field with both values', () => {
    expect(environmentDifferences(ENVIRONMENT, { ...ENVIRONMENT, cpuModel: 'Other CPU' })).toEqual(['cpuModel: Test CPU @ 3.0GHz in the baseline, Other CPU now']);
    expect(environmentDifferences(ENVIRONMENT, { ...ENVIRONMENT, cpuCores: 4 })).toEqual(['cpuCores: 8 in the baseline, 4 now']);
    expect(environmentDifferences(ENVIRONMENT, { ...ENVIRONMENT, memoryBytes: 32_000_000_000 })).toEqual(['memoryBytes: 16000000000 in the baseline, 32000000000 now']);
    expect(environmentDifferences(ENVIRONMENT, { ...ENVIRONMENT, os: 'Darwin 23.4.0' })).toEqual(['os: Linux 6.1.0 in the baseline, Darwin 23.4.0 now']);
    expect(environmentDifferences(ENVIRONMENT, { ...ENVIRONMENT, arch: 'arm64' })).toEqual(['arch: x64 in the baseline, arm64 now']);
    expect(environmentDifferences(ENVIRONMENT, { ...ENVIRONMENT, node: 'v22.1.0' })).toEqual(['node: v20.11.0 in the baseline, v22.1.0 now']);
    expect(environmentDifferences(ENVIRONMENT, { ...ENVIRONMENT, onnxruntimeWebVersion: '1.21.0' })).toEqual(['onnxruntimeWebVersion: 1.20.0 in the baseline, 1.21.0 now']);
  });

  it('shows a missing version as null', () => {
    expect(environmentDifferences(ENVIRONMENT, { ...ENVIRONMENT, onnxruntimeNodeVersion: null })).toEqual(['onnxruntimeNodeVersion: 1.20.1 in the baseline, null now']);
    expect(environmentDifferences({ ...ENVIRONMENT, onnxruntimeNodeVersion: null }, ENVIRONMENT)).toEqual(['onnxruntimeNodeVersion: null in the baseline, 1.20.1 now']);
  });

  it('names several differences in a fixed order', () => {
    const now: Environment = { ...ENVIRONMENT, node: 'v22.1.0', cpuModel: 'Other CPU', arch: 'arm64' };
    expect(environmentDifferences(ENVIRONMENT, now)).toEqual([
      'cpuModel: Test CPU @ 3.0GHz in the baseline, Other CPU now',
      'arch: x64 in the baseline, arm64 now',
      'node: v20.11.0 in the baseline, v22.1.0 now',
    ]);
  });

  it('names a browser version difference when both sides used a browser', () => {
    const old: Environment = { ...ENVIRONMENT, browser: CHROME };
    const now: Environment = { ...ENVIRONMENT, browser: { ...CHROME, version: '125.0.6422.41' } };
    expect(environmentDifferences(old, now)).toEqual(['browser: 124.0.6367.60 in the baseline, 125.0.6422.41 now']);
  });

  it('says nothing about the browser when only one side used one', () => {
    expect(environmentDifferences({ ...ENVIRONMENT, browser: CHROME }, ENVIRONMENT)).toEqual([]);
    expect(environmentDifferences(ENVIRONMENT, { ...ENVIRONMENT, browser: CHROME })).toEqual([]);
  });
});

/** Runs fn, asserts it rejects with a BASELINE_INVALID InputError (exit 2), returns the message. */
async function baselineInvalid(promise: Promise<unknown>): Promise<string> {
  let thrown: unknown;
  try {
    await promise;
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(InputError);
  const error = thrown as InputError;
  expect(error.code).toBe('BASELINE_INVALID');
  expect(error.exitCode).toBe(2);
  return error.message;
}

function handBuiltBaseline(): Baseline {
  return baselineSchema.parse({
    kind: 'wasm-torch-bench-baseline',
    schemaVersion: 1,
    tool: { name: 'wasm-torch-bench', version: '0.1.0' },
    createdAt: '2024-05-01T12:00:00.000Z',
    environment: ENVIRONMENT,
    entries: [
      {
        model: { path: 'models/mlp.onnx', name: 'mlp.onnx', sha256: 'a'.repeat(64) },
        runtime: 'node-wasm',
        runtimeVersion: '1.20.0',
        threads: 1,
        load: storeSamples([12, 10, 11]),
        inference: storeSamples(
          Array.from({ length: 300 }, (_, i) => 1 + (i % 17) / 10),
          100,
        ),
        inferenceWorkerMediansMs: [1.8, 1.9, 1.85],
        memoryPeakBytes: 5_000_000,
        errors: 0,
        attempts: 300,
      },
    ],
  });
}

describe('readBaseline and readRunReport', () => {
  let dir: string;
  let reportFile: string;
  let report: RunReport;

  beforeAll(() => {
    dir = tempDir('wtb-baseline-files-');
    const out = path.join(dir, 'run');
    const cli = runCli([
      'fixtures/models/tiny-mlp.onnx',
      '--runtime',
      'node-wasm',
      '--load-runs',
      '2',
      '--max-load-runs',
      '2',
      '--warmup',
      '2',
      '--iterations',
      '20',
      '--min-time',
      '0s',
      '--max-time',
      '2s',
      '--inconclusive',
      'warn',
      '--reporter',
      'json',
      '--out',
      out,
      '-q',
    ]);
    reportFile = path.join(out, 'wasm-torch-bench.json');
    let text: string;
    try {
      text = readFileSync(reportFile, 'utf8');
    } catch {
      throw new Error(`the benchmark wrote no report (exit ${cli.status}): ${cli.stderr}`);
    }
    report = runReportSchema.parse(JSON.parse(text));
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function write(name: string, content: string | object): string {
    const file = path.join(dir, name);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return file;
  }

  describe('readBaseline', () => {
    it('reports a missing file, with how to make one', async () => {
      const file = path.join(dir, 'missing.json');
      const message = await baselineInvalid(readBaseline(file));
      expect(message).toContain('no such file; save one first with --save-baseline');
      expect(message).toBe(
        `baseline ${file}: no such file; save one first with --save-baseline ${file} ("saveBaseline" in a config file), or fix the path given to --baseline ("baseline" in a config file, relative to it)`,
      );
    });

    it('reports a file that cannot be read as a file', async () => {
      const message = await baselineInvalid(readBaseline(dir));
      expect(message).toContain('cannot be read (EISDIR)');
    });

    it('reports invalid JSON as corrupt or truncated', async () => {
      const file = write('truncated.json', '{"kind": "wasm-torch-bench-baseline", "entries": [');
      const message = await baselineInvalid(readBaseline(file));
      expect(message).toMatch(new RegExp(`^baseline ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: is not valid JSON \\(.+\\)`));
      expect(message).toContain('the file is corrupt or truncated');
    });

    it.each([
      ['an unrelated object', { hello: 'world' }],
      ['another tool’s report', { tool: { name: 'other-bench' }, schemaVersion: 3 }],
      ['our tool without a schema version', { tool: { name: 'wasm-torch-bench', version: '0.1.0' } }],
      ['null', null],
      ['an array', []],
      ['a number', 42],
    ])('rejects %s as neither a baseline nor a run report', async (_label, content) => {
      const file = write('neither.json', JSON.stringify(content));
      const message = await baselineInvalid(readBaseline(file));
      expect(message).toContain('is neither a wasm-torch-bench baseline');
      expect(message).toContain('pass a file written by --save-baseline or a wasm-torch-bench.json');
    });

    it('rejects a baseline with a wrong field, naming where', async () => {
      const document = handBuiltBaseline();
      const broken = { ...document, entries: [{ ...document.entries[0], threads: 0 }] };
      const file = write('wrong-field.json', broken);
      const message = await baselineInvalid(readBaseline(file));
      expect(message).toContain(`is not a valid baseline at entries.0.threads`);
      expect(message).toContain('save it again with --save-baseline');
    });

    it('rejects a baseline whose stored samples are malformed', async () => {
      const document = handBuiltBaseline();
      const broken = { ...document, entries: [{ ...document.entries[0], inference: { encoding: 'gzip', n: 3, data: 'xyz' } }] };
      const message = await baselineInvalid(readBaseline(write('bad-samples.json', broken)));
      expect(message).toContain('is not a valid baseline at entries.0.inference');
    });

    it('rejects a baseline of another schema version', async () => {
      const message = await baselineInvalid(readBaseline(write('v2-baseline.json', { ...handBuiltBaseline(), schemaVersion: 2 })));
      expect(message).toContain('is not a valid baseline at schemaVersion');
    });

    it('rejects a baseline with an unknown field', async () => {
      const message = await baselineInvalid(readBaseline(write('extra-field.json', { ...handBuiltBaseline(), extra: true })));
      expect(message).toContain('is not a valid baseline at (root)');
    });

    it('reads back a valid baseline exactly', async () => {
      const document = handBuiltBaseline();
      expect(document.entries[0]?.inference.encoding).toBe('hdr-ns');
      const read = await readBaseline(write('valid-baseline.json', document));
      expect(read).toEqual(document);
      expect(loadSamples(read.entries[0]?.load ?? storeSamples([]))).toEqual([10, 11, 12]);
      expect(loadSamples(read.entries[0]?.inference ?? storeSamples([]))).toHaveLength(300);
    });

    it('turns a run report into a baseline with one node-wasm entry', async () => {
      const baseline = await readBaseline(reportFile);
      const result = report.results[0] as TrialResult;
      expect(baseline.kind).toBe('wasm-torch-bench-baseline');
      expect(baseline.schemaVersion).toBe(1);
      expect(baseline.createdAt).toBe(report.startedAt);
      expect(baseline.tool).toEqual(report.tool);
      expect(baseline.environment).toEqual(report.environment);
      expect(baseline.entries).toHaveLength(1);
      const [entry] = baseline.entries;
      expect(entry?.runtime).toBe('node-wasm');
      expect(entry?.threads).toBe(result.threads.requested);
      expect(entry?.runtimeVersion).toBe(result.runtimeVersion);
      expect(entry?.model).toEqual({ path: result.model.path, name: 'tiny-mlp.onnx', sha256: result.model.sha256 });
      expect(entry?.model.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(entry?.load).toEqual(storeSamples(result.load?.samplesMs ?? []));
      expect(entry?.load.n).toBe(2);
      expect(entry?.inference).toEqual(storeSamples(result.inference?.samplesMs ?? []));
      expect(entry?.inference.n).toBeGreaterThanOrEqual(20);
      expect(entry?.memoryPeakBytes).toBe(result.memory?.peakBytes ?? null);
      expect(entry?.attempts).toBe(result.inference?.attempts);
      expect(entry?.errors).toBe(result.inference?.errors);
      expect(() => baselineSchema.parse(baseline)).not.toThrow();
    });

    it('reads a baseline saved from a run report back exactly', async () => {
      const saved = baselineFromReport(report);
      const read = await readBaseline(write('saved-baseline.json', saved));
      expect(read).toEqual(saved);
    });

    it('rejects a run report of schema version 2, saying to run again', async () => {
      const old = { ...report, schemaVersion: 2 };
      const file = write('v2-report.json', old);
      const message = await baselineInvalid(readBaseline(file));
      expect(message).toContain('schema version 2');
      expect(message).toBe(`baseline ${file}: is a run report of schema version 2; this version reads 4: run the benchmark again to get a new one`);
    });

    it('rejects a run report with a wrong field, naming where', async () => {
      const broken = { ...report, results: [{ ...report.results[0], status: 'exploded' }] };
      const message = await baselineInvalid(readBaseline(write('broken-report.json', broken)));
      expect(message).toContain('is not a valid run report at results.0.status');
    });
  });

  describe('baselineFromReport', () => {
    it('keeps only the measured rows', () => {
      const measured = report.results[0] as TrialResult;
      const failed: TrialResult = { ...measured, runtime: 'chrome-wasm', status: 'error', error: { code: 'RUNTIME_FAILED', message: 'boom' }, verdict: 'error' };
      const baseline = baselineFromReport({ ...report, results: [failed, measured] });
      expect(baseline.entries.map((entry) => entry.runtime)).toEqual(['node-wasm']);
    });

    it('stores a row without samples as empty sample lists', () => {
      const measured = report.results[0] as TrialResult;
      const bare: TrialResult = { ...measured, load: null, inference: null, memory: null };
      const [entry] = baselineFromReport({ ...report, results: [bare] }).entries;
      expect(entry?.load).toEqual({ encoding: 'sorted', n: 0, sortedMs: [] });
      expect(entry?.inference).toEqual({ encoding: 'sorted', n: 0, sortedMs: [] });
      expect(entry?.memoryPeakBytes).toBeNull();
      expect(entry?.attempts).toBe(0);
      expect(() => baselineSchema.parse(baselineFromReport({ ...report, results: [bare] }))).not.toThrow();
    });
  });

  describe('readRunReport', () => {
    it('reads a run report', async () => {
      const read = await readRunReport(reportFile);
      expect(read).toEqual(report);
      expect(read.results[0]?.runtime).toBe('node-wasm');
    });

    it('rejects a baseline whose samples cannot be decoded, naming the entry, before anything is measured', async () => {
      const broken = handBuiltBaseline() as { entries: { inference: unknown; load: unknown }[] };
      (broken.entries[0] as { inference: unknown }).inference = { encoding: 'hdr-ns', n: 3, significantDigits: 3, histogram: 'garbage' };
      const message = await baselineInvalid(readBaseline(write('broken-histogram.json', broken)));
      expect(message).toMatch(/entries\.0\.inference \(.+ on .+\) cannot be read: .+; save the baseline again$/);
      const short = handBuiltBaseline() as { entries: { load: unknown }[] };
      (short.entries[0] as { load: unknown }).load = { encoding: 'sorted', n: 5, sortedMs: [1] };
      expect(await baselineInvalid(readBaseline(write('short-sorted.json', short)))).toContain('entries.0.load');
    });

    it('rejects a baseline file as not a run report', async () => {
      const file = write('baseline-not-report.json', handBuiltBaseline());
      const message = await baselineInvalid(readRunReport(file));
      expect(message).toContain('is not a wasm-torch-bench run report');
      expect(message).toContain('pass the wasm-torch-bench.json a run wrote into --out');
    });

    it('reports a missing file, with what to pass', async () => {
      const file = path.join(dir, 'no-report.json');
      const message = await baselineInvalid(readRunReport(file));
      expect(message).toBe(`report ${file}: no such file; pass the wasm-torch-bench.json a run wrote into --out`);
    });

    it('reports invalid JSON as corrupt or truncated', async () => {
      const message = await baselineInvalid(readRunReport(write('report-truncated.json', '{"schemaVersion": 3,')));
      expect(message).toContain('is not valid JSON');
      expect(message).toContain('corrupt or truncated');
    });

    it('rejects a run report of schema version 2', async () => {
      const message = await baselineInvalid(readRunReport(write('report-v2.json', { ...report, schemaVersion: 2 })));
      expect(message).toContain('is a run report of schema version 2; this version reads 4');
    });

    it('rejects a run report with a wrong field, naming where', async () => {
      const message = await baselineInvalid(readRunReport(write('report-bad-verdict.json', { ...report, verdict: 'maybe' })));
      expect(message).toContain('is not a valid run report at verdict');
    });
  });
});
