/**
 * The robustness suite's runner: spawns the built bin on batches of hostile models (command-line
 * models, or a generated config file feeding operator models their reference inputs) and lists
 * every way a batch's outcome breaks the tool's contract. An empty `problems` list is a pass.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fromBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema } from 'onnx-buf';
import { ERROR_CODES } from '../../src/errors.js';
import { BIN } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/fixtures.js';
import { JUNIT_XSD, reportSchemaErrors, xmllint } from '../helpers/validate.js';

export const ROBUSTNESS_DIR = path.join(REPO_ROOT, '.scratch/robustness');

/** Codes a failed row may carry: every stable error code but INTERNAL, which is a bug of the tool. */
export const STABLE_ERROR_CODES: ReadonlySet<string> = new Set(ERROR_CODES.filter((code) => code !== 'INTERNAL'));

export interface Mutant {
  id: string;
  kind: string;
  source: string;
  path: string;
  args: string[];
  note: string;
}

export interface OperatorModel {
  id: string;
  suite: string;
  modelPath: string;
  entry: { path: string; name: string; inputs: Record<string, unknown> } | null;
  reason?: string;
}

export interface RobustnessManifest {
  seed: number;
  testdataRoot: string | null;
  mutants: Mutant[];
  operators: OperatorModel[];
}

/** Regenerates every hostile model (deterministic, a few seconds) and returns the manifest. */
export function generateModels(): RobustnessManifest {
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/robustness/generate.mjs'), ROBUSTNESS_DIR], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`the robustness generator failed:\n${result.stderr}`);
  return JSON.parse(readFileSync(path.join(ROBUSTNESS_DIR, 'manifest.json'), 'utf8')) as RobustnessManifest;
}

/** One model of a batch: where its row comes from, and what it is counted as. */
export interface BatchModel {
  kind: string;
  label: string;
  path: string;
  /** A config entry (operator models with their inputs); absent: the model goes on the command line. */
  entry?: OperatorModel['entry'];
}

export interface Batch {
  label: string;
  models: BatchModel[];
  /** Flags the models need (--input-shape …), after the sampling flags. */
  args: string[];
  runtimes: string[];
}

export interface RowOutcome {
  kind: string;
  label: string;
  runtime: string;
  status: string;
  code: string | null;
}

export interface BatchOutcome {
  batch: Batch;
  exitCode: number | null;
  hung: boolean;
  elapsedMs: number;
  rows: RowOutcome[];
  problems: string[];
}

/** Few samples and no KPI gates: the models' failures are under test, not their speed. */
export const SAMPLING = [
  '--load-runs',
  '1',
  '--max-load-runs',
  '1',
  '--warmup',
  '1',
  '--iterations',
  '3',
  '--min-time',
  '0s',
  '--max-time',
  '2s',
  '--inconclusive',
  'warn',
  '--parity',
  'off',
  '--timeout',
  '20s',
  '--kpi-level',
  'load.p95=off',
  '--kpi-level',
  'inference.p99=off',
  '--kpi-level',
  'memory.peak=off',
  '--kpi-level',
  'error.rate=off',
];

/** Time bound of a whole batch: generous per model (each may start two workers on a busy machine), so only a hang exceeds it. */
function batchBoundMs(batch: Batch): number {
  return 60_000 + batch.models.length * batch.runtimes.length * 25_000;
}

/** Names of the inputs a model declares, or none when it does not decode. */
function declaredInputNames(modelPath: string): string[] {
  try {
    return fromBinary(ModelProtoSchema, readFileSync(modelPath)).graph?.input.map((input) => input.name) ?? [];
  } catch {
    return [];
  }
}

/**
 * --input-shape/--input-value naming an input no model of the run has is refused as a typo; a
 * batch whose mutants all lost that input gets the unmutated source model beside them.
 */
export function needsAnchor(models: readonly BatchModel[], args: readonly string[]): boolean {
  const flagged = args.flatMap((arg, index) => (args[index - 1] === '--input-shape' || args[index - 1] === '--input-value' ? [arg.split('=')[0] ?? ''] : []));
  if (flagged.length === 0) return false;
  const known = new Set(models.flatMap((model) => declaredInputNames(model.path)));
  return flagged.some((name) => !known.has(name));
}

function spawnBounded(args: string[], boundMs: number): Promise<{ status: number | null; stdout: string; stderr: string; hung: boolean; elapsedMs: number }> {
  const started = performance.now();
  const { GITHUB_ACTIONS: _actions, GITHUB_STEP_SUMMARY: _summary, ...env } = process.env;
  const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env: { ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  let hung = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => {
    hung = true;
    if (child.pid) process.kill(-child.pid, 'SIGKILL'); // the bin and the workers it started
  }, boundMs);
  return new Promise((resolve) =>
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, hung, elapsedMs: performance.now() - started });
    }),
  );
}

interface ReportRow {
  model: { path: string; name: string };
  runtime: string;
  status: string;
  error: { code: string; message: string } | null;
}

const STACK_LINE = /^\s+at .+(\(|\s)\S+:\d+:\d+\)?$/m;

/** Runs one batch and checks its outcome; `workDir` receives the config file and the reports. */
export async function runBatch(batch: Batch, workDir: string): Promise<BatchOutcome> {
  mkdirSync(workDir, { recursive: true });
  const outDir = path.join(workDir, 'reports');
  const configured = batch.models.filter((model) => model.entry);
  const onCommandLine = batch.models.filter((model) => !model.entry);
  const args = [...SAMPLING, '--runtime', batch.runtimes.join(','), '--reporter', 'json,junit', '--out', outDir, '-q', ...batch.args];
  if (configured.length > 0) {
    const configPath = path.join(workDir, 'wasm-torch-bench.config.json');
    writeFileSync(configPath, JSON.stringify({ models: configured.map((model) => model.entry) }, null, 1));
    args.push('--config', configPath);
  }
  args.push(...onCommandLine.map((model) => model.path));
  const result = await spawnBounded(args, batchBoundMs(batch));
  const problems: string[] = [];
  const problem = (text: string) => problems.push(`${batch.label}: ${text}`);
  if (result.hung) problem(`still running after ${batchBoundMs(batch) / 1000} s (killed)`);
  if (!result.hung && ![0, 1, 2, 3].includes(result.status ?? -1)) problem(`exit code ${result.status}`);
  if (/internal error/i.test(result.stderr)) problem(`"internal error" on stderr: ${result.stderr.slice(0, 2000)}`);
  if (STACK_LINE.test(result.stderr)) problem(`stack trace on stderr: ${result.stderr.slice(0, 2000)}`);
  if (/\bINTERNAL\b/.test(result.stderr)) problem(`INTERNAL on stderr: ${result.stderr.slice(0, 2000)}`);

  const rows: RowOutcome[] = [];
  const jsonPath = path.join(outDir, 'wasm-torch-bench.json');
  const junitPath = path.join(outDir, 'wasm-torch-bench.junit.xml');
  if (!existsSync(jsonPath)) {
    if (!result.hung) problem(`no JSON report (exit ${result.status}): ${result.stderr.slice(0, 2000)}`);
    return { batch, exitCode: result.status, hung: result.hung, elapsedMs: result.elapsedMs, rows, problems };
  }
  const report = JSON.parse(readFileSync(jsonPath, 'utf8')) as { results: ReportRow[]; exitCode: number };
  for (const error of reportSchemaErrors(report)) problem(`report schema: ${error}`);
  if (!existsSync(junitPath)) problem('no JUnit report');
  else {
    const lint = xmllint(['--schema', JUNIT_XSD, junitPath]);
    if (lint.status !== 0) problem(`JUnit report invalid: ${lint.output.slice(0, 1000)}`);
  }
  if (report.exitCode !== result.status && !result.hung) problem(`report says exit ${report.exitCode}, the process exited ${result.status}`);

  for (const model of batch.models) {
    const mine = report.results.filter((row) => (model.entry ? row.model.name === model.entry.name : path.resolve(REPO_ROOT, row.model.path) === path.resolve(model.path)));
    for (const runtime of batch.runtimes) {
      const row = mine.find((candidate) => candidate.runtime === runtime);
      if (!row) {
        problem(`no ${runtime} row for ${model.label} (${model.path})`);
        continue;
      }
      const code = row.error?.code ?? null;
      if (row.status === 'error') {
        if (!code || !STABLE_ERROR_CODES.has(code)) problem(`${model.label} on ${runtime}: error code ${code} (${row.error?.message})`);
        if (!row.error?.message.trim()) problem(`${model.label} on ${runtime}: ${code} without a message`);
        else if (STACK_LINE.test(row.error.message)) problem(`${model.label} on ${runtime}: ${code} message holds a stack trace: ${row.error.message.slice(0, 1000)}`);
      }
      rows.push({ kind: model.kind, label: model.label, runtime, status: row.status, code });
    }
  }
  return { batch, exitCode: result.status, hung: result.hung, elapsedMs: result.elapsedMs, rows, problems };
}

/** Splits models into batches of at most `size`, keeping models that need the same flags together. */
export function batchesOf(models: readonly (BatchModel & { args: string[] })[], size: number, runtimes: string[], label: string, anchorFor: (args: string[]) => BatchModel | null): Batch[] {
  const groups = new Map<string, (BatchModel & { args: string[] })[]>();
  for (const model of models) {
    // Models on the command line replace a config file's models: config entries go in batches of their own.
    const key = `${model.entry ? 'config' : 'command line'} ${model.args.join(' ')}`;
    groups.set(key, [...(groups.get(key) ?? []), model]);
  }
  const batches: Batch[] = [];
  for (const group of groups.values()) {
    for (let start = 0; start < group.length; start += size) {
      const chunk: BatchModel[] = group.slice(start, start + size);
      const args = group[0]?.args ?? [];
      const anchor = needsAnchor(chunk, args) ? anchorFor(args) : null;
      batches.push({ label: `${label} #${batches.length + 1}`, models: anchor ? [...chunk, anchor] : chunk, args, runtimes });
    }
  }
  return batches;
}

/** Mutants as batch models (command line), operator models as config entries or bare command-line models. */
export function mutantModels(mutants: readonly Mutant[]): (BatchModel & { args: string[] })[] {
  return mutants.map((mutant) => ({ kind: mutant.kind, label: `${mutant.kind}/${mutant.id} (${mutant.note})`, path: mutant.path, args: mutant.args }));
}

export function operatorModels(operators: readonly OperatorModel[]): (BatchModel & { args: string[] })[] {
  return operators.map((model) =>
    model.entry
      ? { kind: 'operator', label: model.id, path: model.modelPath, entry: model.entry, args: [] }
      : { kind: 'operator-without-inputs', label: `${model.id} (${model.reason})`, path: model.modelPath, args: [] },
  );
}

/** Models tried per kind, error codes with counts, rows ok, hangs, problems, time: the suite's summary. */
export function summarize(outcomes: readonly BatchOutcome[], wallMs: number): string {
  const rows = outcomes.flatMap((outcome) => outcome.rows);
  const count = (keys: string[]) =>
    Object.entries(
      keys.reduce<Record<string, number>>((acc, key) => {
        acc[key] = (acc[key] ?? 0) + 1;
        return acc;
      }, {}),
    ).sort((a, b) => b[1] - a[1]);
  const models = outcomes.flatMap((outcome) => outcome.batch.models);
  const lines = [
    `robustness: ${models.length} models in ${outcomes.length} batches, ${rows.length} rows, ${(wallMs / 1000).toFixed(0)} s`,
    `  models per kind: ${count(models.map((model) => model.kind))
      .map(([key, n]) => `${key} ${n}`)
      .join(', ')}`,
    `  rows per runtime: ${count(rows.map((row) => row.runtime))
      .map(([key, n]) => `${key} ${n}`)
      .join(', ')}`,
    `  rows ok: ${rows.filter((row) => row.status === 'ok').length}; error codes: ${count(rows.filter((row) => row.code).map((row) => row.code as string))
      .map(([key, n]) => `${key} ${n}`)
      .join(', ')}`,
    `  exit codes: ${count(outcomes.map((outcome) => String(outcome.exitCode)))
      .map(([key, n]) => `${key} ×${n}`)
      .join(', ')}`,
    `  hangs: ${outcomes.filter((outcome) => outcome.hung).length}; batches with problems: ${outcomes.filter((outcome) => outcome.problems.length > 0).length}`,
  ];
  for (const kind of [...new Set(rows.map((row) => row.kind))]) {
    const ofKind = rows.filter((row) => row.kind === kind);
    lines.push(
      `    ${kind}: ${ofKind.length} rows, ${ofKind.filter((row) => row.status === 'ok').length} ok; ${count(ofKind.filter((row) => row.code).map((row) => row.code as string))
        .map(([key, n]) => `${key} ${n}`)
        .join(', ')}`,
    );
  }
  return lines.join('\n');
}

/** `count` items spread evenly over `items` (first, last and between): a fixed sample that does not depend on a PRNG. */
export function spread<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, index) => items[Math.floor((index * (items.length - 1)) / Math.max(1, count - 1))] as T);
}

/** The unmutated fixture a batch of mutants needs for its flags to name an existing input. */
export function anchorFor(mutants: readonly Mutant[]): (args: string[]) => BatchModel | null {
  return (args) => {
    const source = mutants.find((mutant) => mutant.args.join(' ') === args.join(' '))?.source;
    const fixturePath = source
      ? path.join(
          REPO_ROOT,
          (JSON.parse(readFileSync(path.join(REPO_ROOT, 'fixtures/manifest.json'), 'utf8')) as { models: { id: string; path: string }[] }).models.find((model) => model.id === source)?.path ?? '',
        )
      : null;
    return fixturePath ? { kind: 'anchor', label: `anchor ${source}`, path: fixturePath } : null;
  };
}

/** Runs batches one after another (two cores), logging each as it ends. */
export async function runBatches(
  batches: readonly Batch[],
  workRoot: string,
  log: (line: string) => void = () => {},
  afterEach: (outcomes: readonly BatchOutcome[]) => void = () => {},
): Promise<BatchOutcome[]> {
  const outcomes: BatchOutcome[] = [];
  for (const [index, batch] of batches.entries()) {
    const outcome = await runBatch(batch, path.join(workRoot, `batch-${String(index).padStart(3, '0')}`));
    outcomes.push(outcome);
    log(`${batch.label}: ${batch.models.length} models, exit ${outcome.exitCode}, ${(outcome.elapsedMs / 1000).toFixed(1)} s${outcome.problems.length ? `, ${outcome.problems.length} problems` : ''}`);
    for (const problem of outcome.problems) log(`  ${problem}`);
    afterEach(outcomes);
  }
  return outcomes;
}
