/**
 * Every reporter from one run, as CI would use them: the files in --out, the GitHub step summary
 * and annotations, --json on stdout untouched by either, metrics sent to a real Pushgateway and an
 * OTLP receiver; and the export settings' bad input, each refused before anything is measured.
 * The CLI runs in-process on the simulated runtime: the reporters and exporters are under test,
 * not the measuring.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/report/schema.js';
import { REPORTER_NAMES } from '../../src/types.js';
import { QUICK, RELAXED, readJson, tempDir, type CliResult } from '../helpers/cli.js';
import { runSimulated } from '../helpers/run-main.js';
import { parseExposition, seriesValue } from '../helpers/exposition.js';
import { freePort } from '../helpers/free-port.js';
import { attributesOf, startOtlpReceiver, type OtlpMetricsRequest } from '../helpers/otlp-receiver.js';
import { startPushgateway } from '../helpers/pushgateway.js';
import { fixture } from '../helpers/fixtures.js';
import { JUNIT_XSD, reportSchemaErrors, xmllint } from '../helpers/validate.js';

const runCli = (args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) => runSimulated(args, {}, options);

const FILES = {
  json: 'wasm-torch-bench.json',
  junit: 'wasm-torch-bench.junit.xml',
  markdown: 'wasm-torch-bench.md',
  html: 'wasm-torch-bench.html',
  prometheus: 'wasm-torch-bench.prom',
  csv: 'wasm-torch-bench.csv',
  bmf: 'wasm-torch-bench.bmf.json',
  'benchmark-action': 'wasm-torch-bench.benchmark-action.json',
};

/** Three models with their own inputs, under loose timing KPIs; silero's own inference budget of 1 µs cannot be met. */
function threeModelConfig(dir: string): string {
  const file = path.join(dir, 'wasm-torch-bench.config.json');
  const config = {
    kpis: { 'load.p95': '10m', 'inference.p99': '10m' },
    models: [
      fixture('tiny-mlp').absolutePath,
      { path: fixture('dynamic-batch').absolutePath, inputs: { input: { shape: [4, 32] } } },
      {
        path: fixture('silero-vad-v5').absolutePath,
        inputs: { input: { shape: [1, 512] }, state: { shape: [2, 1, 128] }, sr: { value: 16000 } },
        kpis: { 'inference.p99': '1us' },
      },
    ],
  };
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  return file;
}

describe('one run with every reporter', async () => {
  const dir = tempDir('wtb-reporters-');
  const out = path.join(dir, 'out');
  const summaryFile = path.join(dir, 'step-summary.md');
  let result: CliResult;
  let report: RunReport;

  beforeAll(async () => {
    writeFileSync(summaryFile, 'written by an earlier step\n');
    result = await runCli(['--config', threeModelConfig(dir), ...QUICK, '--reporter', REPORTER_NAMES.join(','), '--out', out, '--json'], {
      cwd: dir,
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summaryFile, GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'team/app', GITHUB_RUN_ID: '42' },
    });
    report = readJson<RunReport>(path.join(out, FILES.json));
  });

  it('exits 1 for the failed budget and writes every report file', async () => {
    expect(result.status, result.stderr).toBe(1);
    expect(readdirSync(out).sort()).toEqual(Object.values(FILES).sort());
    for (const file of Object.values(FILES)) expect(readFileSync(path.join(out, file), 'utf8').length, file).toBeGreaterThan(0);
    expect(result.stderr).toContain(
      `reports: ${Object.values(FILES)
        .map((file) => path.join(out, file))
        .join(', ')}`,
    );
  });

  it('keeps stdout the JSON report, annotations and all going to stderr', async () => {
    expect(JSON.parse(result.stdout)).toEqual(report);
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(result.stdout).not.toContain('::error');
  });

  it('writes a JUnit file the xUnit schema accepts and an exposition promtool accepts', async () => {
    expect(xmllint(['--schema', JUNIT_XSD, path.join(out, FILES.junit)]).status).toBe(0);
    const promtool = spawnSync('promtool', ['check', 'metrics'], { input: readFileSync(path.join(out, FILES.prometheus)), encoding: 'utf8' });
    expect(promtool.status, promtool.stdout + promtool.stderr).toBe(0);
    expect(promtool.stdout + promtool.stderr).toBe('');
  });

  it('writes one CSV line per sample of the JSON report', async () => {
    const records = parse(readFileSync(path.join(out, FILES.csv)), { columns: true }) as Record<string, string>[];
    const inference = report.results.reduce((sum, row) => sum + (row.inference?.samplesMs.length ?? 0), 0);
    expect(records.filter((record) => record.metric === 'inference')).toHaveLength(inference);
    expect(new Set(records.map((record) => record.model))).toEqual(new Set(['tiny-mlp.onnx', 'dynamic-batch.onnx', 'silero_vad_v5.onnx']));
  });

  it('appends the Markdown summary to the step summary, after what was there', async () => {
    const summary = readFileSync(summaryFile, 'utf8');
    expect(summary.startsWith('written by an earlier step\n## ❌ wasm-torch-bench: FAIL')).toBe(true);
    expect(summary).toContain('in the artifacts of https://github.com/team/app/actions/runs/42');
    expect(summary).toContain('silero\\_vad\\_v5.onnx');
    expect(readFileSync(path.join(out, FILES.markdown), 'utf8')).toContain('[wasm-torch-bench.html](wasm-torch-bench.html)');
  });

  it('annotates the failed check on stderr as a workflow command', async () => {
    const annotations = result.stderr.split('\n').filter((line) => line.startsWith('::'));
    expect(annotations).toEqual([expect.stringMatching(/^::error title=inference\.p99 < 1 µs failed%3A silero_vad_v5\.onnx on node-wasm ×1::inference\.p99 < 1 µs: /)]);
  });

  it('writes HTML that needs nothing from the network', async () => {
    const html = readFileSync(path.join(out, FILES.html), 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/(src|href)="https?:/);
  });
});

describe('export settings: bad input is refused before measuring', async () => {
  const model = fixture('tiny-mlp').path;

  it.each([
    [['--push-gateway', 'ftp://gateway'], {}, '--push-gateway "ftp://gateway" is not an http:// or https:// URL; pass e.g. --push-gateway http://localhost:9091'],
    [['--push-job', 'ci'], {}, '--push-job needs a gateway to push to; add --push-gateway http://localhost:9091'],
    [
      ['--push-gateway', 'http://127.0.0.1:9', '--push-job', 'ci/main'],
      {},
      '--push-job "ci/main" contains "/", which the gateway would read as a path separator; name the job without it, e.g. --push-job wasm-torch-bench',
    ],
    [['--push-gateway', 'http://127.0.0.1:9', '--push-label', 'model=a'], {}, '--push-label "model": the metrics carry that label already; choose another name, such as ci_model'],
    [['--push-gateway', 'http://127.0.0.1:9', '--push-label', '1x=a'], {}, '--push-label "1x" is not a Prometheus label name'],
    [['--push-gateway', 'http://127.0.0.1:9', '--push-label', 'branch'], {}, '--push-label "branch" is not of the form <label>=<value>; for example --push-label branch=main'],
    [['--otlp-header', 'authorization=Bearer x'], {}, '--otlp-header needs an endpoint; add --otlp-endpoint http://localhost:4318'],
    [['--otlp-endpoint', 'localhost:4318'], {}, '--otlp-endpoint "localhost:4318" is not an http:// or https:// URL; pass e.g. --otlp-endpoint http://localhost:4318'],
    [[], { WTB_PUSH_GATEWAY: 'gateway:9091' }, 'WTB_PUSH_GATEWAY "gateway:9091" is not an http:// or https:// URL; pass e.g. WTB_PUSH_GATEWAY=http://localhost:9091'],
    [[], { WTB_PUSH_LABEL: 'branch=main' }, 'WTB_PUSH_LABEL needs a gateway to push to; add WTB_PUSH_GATEWAY=http://localhost:9091'],
    [['--reporter', 'table,pdf'], {}, '--reporter: unknown value "pdf"; choose from table, json, junit, markdown, html, prometheus, csv, bmf, benchmark-action'],
  ])('%j %j', async (args, env, message) => {
    const out = path.join(tempDir(), 'out');
    const run = await runCli([model, ...QUICK, ...args, '--out', out], { env });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(existsSync(out)).toBe(false);
  });

  it("a config file's pushGateway that is not a URL names its key", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'wasm-torch-bench.config.json'), JSON.stringify({ models: [path.resolve(model)], pushGateway: 'gateway:9091' }));
    const run = await runCli([...QUICK], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('pushGateway: expected an http:// or https:// URL');
  });

  it('a gateway that cannot be reached: the reports are written, the error says what to do, and a passing run exits 3', async () => {
    const port = await freePort();
    const out = path.join(tempDir(), 'out');
    const run = await runCli([model, ...QUICK, ...RELAXED, '--push-gateway', `http://127.0.0.1:${port}`, '--out', out]);
    expect(run.status, run.stderr).toBe(3);
    expect(readJson<RunReport>(path.join(out, FILES.json)).exitCode).toBe(0);
    expect(run.stderr).toContain(`http://127.0.0.1:${port}`);
    expect(run.stderr).toContain('--push-gateway');
  });
});

describe('metrics sent from the command line', async () => {
  const model = fixture('tiny-mlp').path;
  const series = { model: 'tiny-mlp.onnx', runtime: 'node-wasm', threads: '1' };

  it("--push-gateway with a job and a label: the real Pushgateway holds the run's series", async () => {
    const gateway = await startPushgateway();
    try {
      const out = tempDir();
      const run = await runCli([model, ...QUICK, ...RELAXED, '--push-gateway', gateway.url, '--push-job', 'pr-check', '--push-label', 'branch=main', '--out', out]);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stderr).toContain(`sent: Pushgateway ${gateway.url} (job pr-check)`);
      const report = readJson<RunReport>(path.join(out, FILES.json));
      const exposition = parseExposition(await gateway.metrics());
      const labels = { ...series, job: 'pr-check', branch: 'main' };
      expect(seriesValue(exposition, 'wasm_torch_inference_duration_seconds_count', labels)).toBe(report.results[0]?.inference?.samplesMs.length);
      expect(seriesValue(exposition, 'wasm_torch_memory_usage_bytes', labels)).toBe(report.results[0]?.memory?.peakBytes);
    } finally {
      await gateway.stop();
    }
  });

  it('--otlp-endpoint with a header: the collector receives the same numbers', async () => {
    const receiver = await startOtlpReceiver({ status: 200, body: '{}' });
    try {
      const out = tempDir();
      const run = await runCli([model, ...QUICK, ...RELAXED, '--otlp-endpoint', receiver.url, '--otlp-header', 'authorization=Bearer t0ken', '--out', out]);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stderr).toContain(`sent: OTLP ${receiver.url}`);
      expect(receiver.requests.map((request) => request.path)).toEqual(['/v1/metrics']);
      expect(receiver.requests[0]?.headers.authorization).toBe('Bearer t0ken');
      const report = readJson<RunReport>(path.join(out, FILES.json));
      const body = JSON.parse(receiver.requests[0]!.body.toString('utf8')) as OtlpMetricsRequest;
      const metrics = body.resourceMetrics.flatMap((resource) => resource.scopeMetrics.flatMap((scope) => scope.metrics));
      const inference = metrics.find((metric) => metric.name === 'wasm_torch_inference_duration_seconds');
      const point = inference?.histogram?.dataPoints.find((candidate) => attributesOf(candidate.attributes).model === 'tiny-mlp.onnx');
      expect(Number(point?.count)).toBe(report.results[0]?.inference?.samplesMs.length);
    } finally {
      await receiver.close();
    }
  });
});
