/**
 * --shard and merge, end to end: a plan split four ways and merged gives what one unsharded run
 * gives; merge refuses shards that do not belong together. Spawns the built bin as CI would.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/report/schema.js';
import type { PlanListing } from '../../src/plan/list-plan.js';
import { QUICK_SAMPLES, RELAXED, readJson, runCli, runCliAsync, tempDir } from '../helpers/cli.js';
import { fixture, REPO_ROOT } from '../helpers/fixtures.js';
import { JUNIT_XSD, reportSchemaErrors, xmllint } from '../helpers/validate.js';

/** Two measured models and two that fail at planning, each on two runtimes: 8 rows, 4 model groups. */
const MODELS = [fixture('tiny-mlp').path, fixture('int64-input').path, fixture('dynamic-batch').path, 'no/such/model.onnx'];
const PLAN = [...MODELS, ...QUICK_SAMPLES, '--runtime', 'node-wasm,node-native', ...RELAXED];
const REPORT = 'wasm-torch-bench.json';

/** What must agree between a merged and an unsharded run (the numbers are measured twice, so differ). */
const rowIdentity = (report: RunReport) =>
  report.results.map((row) => [row.model.name, row.variant, row.runtime, row.threads.requested, row.status, row.error?.code ?? null, row.checks.map((check) => check.id)]);

const dir = tempDir('wtb-shard-');
const shardReport = (index: number) => path.join(dir, `shard-${index}`, REPORT);

function merge(files: string[], ...args: string[]) {
  return runCli(['merge', ...files, '--out', path.join(dir, `merged-${Math.random().toString(36).slice(2)}`), ...args]);
}

/** A copy of a shard report, edited, in a folder of its own. */
function editedCopy(index: number, name: string, edit: (report: RunReport) => void): string {
  const report = readJson<RunReport>(shardReport(index));
  edit(report);
  const file = path.join(dir, name, REPORT);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(report));
  return file;
}

let whole: { status: number | null; report: RunReport };
let shards: { status: number | null; stderr: string }[];

beforeAll(async () => {
  // Four CI machines at once, then the same plan in one run.
  shards = await Promise.all([1, 2, 3, 4].map((index) => runCliAsync([...PLAN, '--shard', `${index}/4`, '--out', path.join(dir, `shard-${index}`)])));
  const result = runCli([...PLAN, '--out', path.join(dir, 'whole')]);
  whole = { status: result.status, report: readJson<RunReport>(path.join(dir, 'whole', REPORT)) };
}, 300_000);

describe('a plan split four ways', () => {
  it('each shard measures its part and records which part of which plan', () => {
    const reports = [1, 2, 3, 4].map((index) => readJson<RunReport>(shardReport(index)));
    for (const [i, report] of reports.entries()) {
      expect(reportSchemaErrors(report)).toEqual([]);
      expect(report.shard).toMatchObject({ index: i + 1, count: 4, plannedTrials: 8 });
      expect(report.shard!.planIndexes).toHaveLength(report.results.length);
      expect(report.shard!.planDigest).toBe(reports[0]!.shard!.planDigest);
      expect(report.shard!.settingsDigest).toBe(reports[0]!.shard!.settingsDigest);
    }
    // One model (both runtimes) per machine: measured ones exit 0, the ones failed at planning 2.
    expect(reports.map((report) => report.results.map((row) => `${row.model.name} ${row.runtime}`))).toEqual([
      ['tiny-mlp.onnx node-wasm', 'tiny-mlp.onnx node-native'],
      ['int64-input.onnx node-wasm', 'int64-input.onnx node-native'],
      ['dynamic-batch.onnx node-wasm', 'dynamic-batch.onnx node-native'],
      ['model.onnx node-wasm', 'model.onnx node-native'],
    ]);
    expect(shards.map((shard) => shard.status)).toEqual([0, 0, 2, 2]);
  });

  it('merged, gives the rows, order, verdict and exit code of one unsharded run, with valid JSON and JUnit', () => {
    const out = path.join(dir, 'merged');
    const result = runCli(['merge', ...[3, 1, 4, 2].map(shardReport), '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(whole.status);
    expect(result.status).toBe(2);
    const merged = readJson<RunReport>(path.join(out, REPORT));
    expect(reportSchemaErrors(merged)).toEqual([]);
    expect(rowIdentity(merged)).toEqual(rowIdentity(whole.report));
    // The wasm rows were compared with node-native on the same machine: parity and ratios survive the split.
    expect(merged.results.filter((row) => row.parity !== null)).toHaveLength(2);
    expect(merged.results.filter((row) => row.comparison !== null)).toHaveLength(2);
    expect([merged.verdict, merged.exitCode]).toEqual([whole.report.verdict, whole.report.exitCode]);
    expect(merged.merged).toBe(true);
    expect(merged.shard).toBeUndefined();
    expect(merged.shards!.map((shard) => [shard.index, shard.file, shard.trials])).toEqual([1, 2, 3, 4].map((index) => [index, shardReport(index), 2]));
    expect(merged.durationMs).toBeCloseTo(merged.shards!.reduce((sum, shard) => sum + shard.durationMs, 0), 6);
    expect(merged.shards![0]!.environment.nodeVersion).toBe(process.version);
    expect(xmllint(['--schema', JUNIT_XSD, path.join(out, 'wasm-torch-bench.junit.xml')]).status).toBe(0);
    expect(result.stdout).toMatch(/tiny-mlp\.onnx on node-wasm[\s\S]*MODEL_NOT_FOUND/);
  });

  it('--json prints the merged report on stdout, the table on stderr', () => {
    const result = merge([1, 2, 3, 4].map(shardReport), '--json', '--reporter', 'table,json');
    expect(result.status).toBe(2);
    expect(JSON.parse(result.stdout) as RunReport).toMatchObject({ merged: true, exitCode: 2 });
    expect(result.stderr).toMatch(/int64-input\.onnx on node-native/);
  });
});

describe('--list shows a shard\'s part without measuring', () => {
  const list = (args: string[], cwd = REPO_ROOT) => {
    const result = runCli([...args, '--list', '--json'], { cwd });
    expect(result.status).toBe(0);
    return JSON.parse(result.stdout) as PlanListing;
  };

  it('the same part every time, and from another checkout folder', () => {
    const here = list([...PLAN, '--shard', '2/4']);
    expect(list([...PLAN, '--shard', '2/4'])).toEqual(here);
    const checkout = tempDir('wtb-checkout-');
    cpSync(path.join(REPO_ROOT, 'fixtures/models'), path.join(checkout, 'fixtures/models'), { recursive: true });
    expect(list([...PLAN, '--shard', '2/4'], checkout)).toEqual(here);
    expect(here.entries.map((entry) => entry.key)).toEqual(['["fixtures/models/int64-input.onnx",null,"node-wasm",1]', '["fixtures/models/int64-input.onnx",null,"node-native",1]']);
  });

  it('the parts together are the whole plan, each row once; WTB_SHARD works as the flag', () => {
    const wholePlan = list(PLAN);
    const parts = [1, 2, 3, 4].map((index) => list(PLAN.slice(), REPO_ROOT).entries.length && list([...PLAN], REPO_ROOT) && runCli([...PLAN, '--list', '--json'], { env: { WTB_SHARD: `${index}/4` } }));
    const entries = parts.flatMap((result) => (JSON.parse(result.stdout) as PlanListing).entries);
    expect(entries.map((entry) => entry.planIndex).sort()).toEqual(wholePlan.entries.map((entry) => entry.planIndex));
    expect(new Set(entries.map((entry) => entry.key))).toEqual(new Set(wholePlan.entries.map((entry) => entry.key)));
  });

  it('prints a readable listing', () => {
    const result = runCli([...PLAN, '--shard', '4/4', '--list']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^shard 4\/4: 2 of 8 trials \(plan [0-9a-f]{12}\)\n +7 {2}model\.onnx on node-wasm ×1 {2}no\/such\/model\.onnx {2}\(MODEL_NOT_FOUND: an error record, not measured\)/);
  });
});

describe('a shard with nothing to measure', () => {
  it('writes a report with zero rows, says so, and exits 0', () => {
    const out = path.join(dir, 'empty');
    const result = runCli([...PLAN, '--shard', '5/5', '--out', out]);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/shard 5\/5 has no trials \(the plan's 8 went to the other shards\); wrote a report with no rows/);
    const report = readJson<RunReport>(path.join(out, REPORT));
    expect(reportSchemaErrors(report)).toEqual([]);
    expect([report.results, report.exitCode, report.shard?.planIndexes]).toEqual([[], 0, []]);
  });
});

describe('bad --shard values (exit 2, nothing written)', () => {
  it.each([
    ['0/4', /--shard 0\/4: the index must be from 1 to 4/],
    ['5/4', /--shard 5\/4: the index must be from 1 to 4/],
    ['a/b', /--shard "a\/b" is not a shard/],
    ['2', /--shard "2" is not a shard/],
  ])('%s', (value, message) => {
    const out = path.join(tempDir(), 'reports');
    const result = runCli([...PLAN, '--shard', value, '--out', out]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/it takes the form <index>\/<count>, the index from 1 to the count, e\.g\. --shard 2\/4/);
    expect(() => readFileSync(path.join(out, REPORT))).toThrow();
  });

  it('WTB_SHARD is named when it is the bad one', () => {
    const result = runCli([...PLAN, '--list'], { env: { WTB_SHARD: '1-4' } });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/WTB_SHARD "1-4" is not a shard; .*e\.g\. WTB_SHARD=2\/4/);
  });
});

describe('merge refuses what does not belong together (exit 2)', () => {
  const all = () => [1, 2, 3, 4].map(shardReport);

  function refused(files: string[], message: RegExp) {
    const result = merge(files);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  }

  it('a missing shard', () => {
    refused([1, 2, 4].map(shardReport), /^wasm-torch-bench: cannot merge: shard 3\/4 is missing: pass its report too\n$/);
  });

  it('two reports for one shard, naming both', () => {
    const copy = editedCopy(2, 'copy-of-2', () => {});
    refused([...all(), copy], new RegExp(`two reports for shard 2/4: ${shardReport(2)} and ${copy}; pass one of them`));
  });

  it('another tool version, naming the files and versions', () => {
    const other = editedCopy(3, 'other-version', (report) => (report.tool.version = '9.9.9'));
    const [one, two, , four] = all();
    refused([one!, two!, other, four!], new RegExp(`different wasm-torch-bench versions: ${one} and ${two} and ${four} \\(0\\.1\\.0\\); ${other} \\(9\\.9\\.9\\); run every shard with one version`));
  });

  it('other settings, naming the setting', () => {
    // Shard 4/4 fails at planning, so running it again costs nothing.
    const out = path.join(dir, 'other-settings');
    expect(runCli([...PLAN, '--iterations', '30', '--shard', '4/4', '--out', out]).status).toBe(2);
    refused([...all().slice(0, 3), path.join(out, REPORT)], /run with different settings: .* vs .*other-settings\/wasm-torch-bench\.json; they differ in iterations \(20 vs 30\); run every shard with the same settings/);
  });

  it('another plan', () => {
    const out = path.join(dir, 'other-plan');
    expect(runCli([...PLAN, 'another/missing.onnx', '--shard', '4/4', '--out', out]).status).toBe(2);
    refused([...all().slice(0, 3), path.join(out, REPORT)], /parts of different plans: .*\(plan [0-9a-f]{12}, 8 trials\); .*other-plan\/wasm-torch-bench\.json \(plan [0-9a-f]{12}, 10 trials\); run every shard with the same models/);
  });

  it('a whole-run report among shards; alone it is accepted as it is', () => {
    const wholeFile = path.join(dir, 'whole', REPORT);
    refused([...all(), wholeFile], new RegExp(`${wholeFile} is the report of a whole run \\(no --shard\\); merge takes the reports of one run's shards, or one whole-run report alone`));
    const alone = merge([wholeFile], '--json', '--reporter', 'json');
    expect(alone.status).toBe(whole.status);
    expect(rowIdentity(JSON.parse(alone.stdout) as RunReport)).toEqual(rowIdentity(whole.report));
  });

  it('a merged report', () => {
    refused([path.join(dir, 'merged', REPORT)], /merged\/wasm-torch-bench\.json is already merged; pass the shard reports it was made from/);
  });

  it('a shard cut short (fewer rows than its record lists)', () => {
    const cut = editedCopy(1, 'cut-short', (report) => report.results.pop());
    refused([cut, ...all().slice(1)], /cut-short\/wasm-torch-bench\.json holds 1 rows where its shard record lists 2; .*run shard 1\/4 again/);
  });

  it('a file that is not a report', () => {
    refused([...all().slice(0, 3), path.join(dir, 'nowhere.json')], /report .*nowhere\.json: no such file; pass the wasm-torch-bench\.json a run wrote into --out/);
  });
});
