/**
 * --shard and merge through the whole CLI: a plan split four ways and merged gives what one
 * unsharded run gives; merge refuses shards that do not belong together. In-process on the
 * simulated runtimes (what is under test is the split and the join, not the measuring); the many
 * ways shard reports can disagree are read by the library's merge (what the CLI calls). The same
 * --list from another checkout folder, which needs a real working folder, is in
 * test/e2e/shard-merge.test.ts.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { WtbError } from '../../src/errors.js';
import { mergeReportFiles } from '../../src/merge/merge-reports.js';
import type { RunReport } from '../../src/report/schema.js';
import type { PlanListing } from '../../src/plan/list-plan.js';
import { QUICK_SAMPLES, RELAXED, readJson, tempDir } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';
import { runSimulated } from '../helpers/run-main.js';

const runCli = (args: string[], options: { env?: NodeJS.ProcessEnv } = {}) => runSimulated(args, {}, options);
const runCliAsync = runCli;
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
const OTHER_SETTINGS = path.join(dir, 'other-settings', REPORT);
const OTHER_PLAN = path.join(dir, 'other-plan', REPORT);

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
  // Four CI machines at once; two more whose shard 4/4 (models that fail at planning, nothing to
  // measure) comes from other settings or another plan; and the same plan in one run.
  const [wholeRun, ...rest] = await Promise.all([
    runCliAsync([...PLAN, '--out', path.join(dir, 'whole')]),
    ...[1, 2, 3, 4].map((index) => runCliAsync([...PLAN, '--shard', `${index}/4`, '--out', path.join(dir, `shard-${index}`)])),
    runCliAsync([...PLAN, '--iterations', '30', '--shard', '4/4', '--out', path.dirname(OTHER_SETTINGS)]),
    runCliAsync([...PLAN, 'another/missing.onnx', '--shard', '4/4', '--out', path.dirname(OTHER_PLAN)]),
  ]);
  whole = { status: wholeRun!.status, report: readJson<RunReport>(path.join(dir, 'whole', REPORT)) };
  shards = rest.slice(0, 4);
  expect(rest.slice(4).map((run) => run.status)).toEqual([2, 2]);
});

describe('a plan split four ways', async () => {
  it('each shard measures its part and records which part of which plan', async () => {
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

  it('merged, gives the rows, order, verdict and exit code of one unsharded run, with valid JSON and JUnit', async () => {
    const out = path.join(dir, 'merged');
    const result = await runCli(['merge', ...[3, 1, 4, 2].map(shardReport), '--out', out, '--json']);
    expect(result.status).toBe(whole.status);
    expect(result.status).toBe(2);
    const merged = readJson<RunReport>(path.join(out, REPORT));
    expect(JSON.parse(result.stdout)).toEqual(merged);
    expect(reportSchemaErrors(merged)).toEqual([]);
    expect(rowIdentity(merged)).toEqual(rowIdentity(whole.report));
    // The wasm rows were compared with node-native on the same machine: parity and ratios survive the split.
    expect(merged.results.filter((row) => row.parity !== null)).toHaveLength(2);
    expect(merged.results.filter((row) => row.comparison !== null)).toHaveLength(2);
    expect([merged.verdict, merged.exitCode]).toEqual([whole.report.verdict, whole.report.exitCode]);
    expect(merged.merged).toBe(true);
    expect(merged.shard).toBeUndefined();
    expect(merged.shards!.map((shard) => [shard.index, shard.file, shard.trials])).toEqual([1, 2, 3, 4].map((index) => [index, shardReport(index), 2]));
    expect(merged.durationMs).toBeCloseTo(
      merged.shards!.reduce((sum, shard) => sum + shard.durationMs, 0),
      6,
    );
    expect(merged.shards![0]!.environment).toEqual(readJson<RunReport>(shardReport(1)).environment);
    expect(xmllint(['--schema', JUNIT_XSD, path.join(out, 'wasm-torch-bench.junit.xml')]).status).toBe(0);
    // --json: the table moves to stderr.
    expect(result.stderr).toMatch(/tiny-mlp\.onnx on node-wasm[\s\S]*MODEL_NOT_FOUND/);
  });
});

describe("--list shows a shard's part without measuring", () => {
  it("lists the shard's trials with the plan the shard reports came from; WTB_SHARD works as the flag", async () => {
    const list = async (args: string[], options: { env?: NodeJS.ProcessEnv } = {}) => {
      const result = await await runCli([...args, '--list', '--json'], options);
      expect(result.status).toBe(0);
      return JSON.parse(result.stdout) as PlanListing;
    };
    const here = await list([...PLAN, '--shard', '2/4']);
    expect(here.entries.map((entry) => [entry.planIndex, entry.key])).toEqual([
      [2, '["fixtures/models/int64-input.onnx",null,"node-wasm",1]'],
      [3, '["fixtures/models/int64-input.onnx",null,"node-native",1]'],
    ]);
    expect(here.shard?.planDigest).toBe(readJson<RunReport>(shardReport(2)).shard!.planDigest);
    expect(await list(PLAN, { env: { WTB_SHARD: '2/4' } })).toEqual(here);
  });

  it('prints a readable listing', async () => {
    const result = await runCli([...PLAN, '--shard', '4/4', '--list']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /^shard 4\/4: 2 of 8 trials \(plan [0-9a-f]{12}\)\n +7 {2}model\.onnx on node-wasm ×1 {2}no\/such\/model\.onnx {2}\(MODEL_NOT_FOUND: an error record, not measured\)/,
    );
  });
});

describe('a shard with nothing to measure', async () => {
  it('writes a report with zero rows, says so, and exits 0', async () => {
    const out = path.join(dir, 'empty');
    const result = await runCli([...PLAN, '--shard', '5/5', '--out', out]);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/shard 5\/5 has no trials \(the plan's 8 went to the other shards\); wrote a report with no rows/);
    const report = readJson<RunReport>(path.join(out, REPORT));
    expect(reportSchemaErrors(report)).toEqual([]);
    expect([report.results, report.exitCode, report.shard?.planIndexes]).toEqual([[], 0, []]);
  });
});

describe('bad --shard values (exit 2, nothing written; every form in test/unit/shard.test.ts)', async () => {
  it('a value not of the form k/n', async () => {
    const out = path.join(tempDir(), 'reports');
    const result = await runCli([...PLAN, '--shard', 'a/b', '--out', out]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^wasm-torch-bench: --shard "a\/b" is not a shard; it takes the form <index>\/<count>, the index from 1 to the count, e\.g\. --shard 2\/4/);
    expect(() => readFileSync(path.join(out, REPORT))).toThrow();
  });

  it('an index beyond the count, named by its variable', async () => {
    const result = await runCli([...PLAN], { env: { WTB_SHARD: '5/4' } });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^wasm-torch-bench: WTB_SHARD 5\/4: the index must be from 1 to 4; .*e\.g\. WTB_SHARD=2\/4/);
  });
});

describe('merge refuses what does not belong together (exit 2, naming the files and what differs)', async () => {
  const all = () => [1, 2, 3, 4].map(shardReport);

  it('a missing shard, from the command line', async () => {
    const result = await runCli(['merge', ...[1, 2, 4].map(shardReport), '--out', path.join(dir, 'not-merged')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('wasm-torch-bench: cannot merge: shard 3/4 is missing: pass its report too\n');
    expect(result.stdout).toBe('');
    expect(() => readFileSync(path.join(dir, 'not-merged', REPORT))).toThrow();
  });

  async function refused(files: string[], message: RegExp) {
    const error = await mergeReportFiles(files).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(WtbError);
    expect((error as WtbError).exitCode).toBe(2);
    expect((error as WtbError).message).toMatch(message);
  }

  it('two reports for one shard, naming both', async () => {
    const copy = editedCopy(2, 'copy-of-2', async () => {});
    await refused([...all(), copy], new RegExp(`^cannot merge: two reports for shard 2/4: ${shardReport(2)} and ${copy}; pass one of them$`));
  });

  it('several shards missing', async () => {
    await refused([shardReport(2)], /^cannot merge: shards 1\/4, 3\/4 and 4\/4 are missing: pass their reports too$/);
  });

  it('another tool version, naming the files and versions', async () => {
    const other = editedCopy(3, 'other-version', (report) => (report.tool.version = '9.9.9'));
    const [one, two, , four] = all();
    await refused(
      [one!, two!, other, four!],
      new RegExp(`different wasm-torch-bench versions: ${one}, ${two} and ${four} \\(0\\.1\\.0\\); ${other} \\(9\\.9\\.9\\); run every shard with one version`),
    );
  });

  it('other settings, naming the setting', async () => {
    await refused(
      [...all().slice(0, 3), OTHER_SETTINGS],
      new RegExp(`run with different settings: .* vs ${OTHER_SETTINGS}; they differ in iterations \\(20 vs 30\\); run every shard with the same settings`),
    );
  });

  it('another plan', async () => {
    await refused(
      [...all().slice(0, 3), OTHER_PLAN],
      new RegExp(`parts of different plans: .*\\(plan [0-9a-f]{12}, 8 trials\\); ${OTHER_PLAN} \\(plan [0-9a-f]{12}, 10 trials\\); run every shard with the same models`),
    );
  });

  it('another number of shards', async () => {
    const other = editedCopy(4, 'of-five', (report) => (report.shard!.count = 5));
    await refused([...all().slice(0, 3), other], new RegExp(`different numbers of shards: .* \\(of 4\\); ${other} \\(of 5\\); run every shard with the same --shard count`));
  });

  it('a whole-run report among shards; alone it is accepted as it is', async () => {
    const wholeFile = path.join(dir, 'whole', REPORT);
    await refused([...all(), wholeFile], new RegExp(`${wholeFile} is the report of a whole run \\(no --shard\\); merge takes the reports of one run's shards, or one whole-run report alone`));
    const alone = await mergeReportFiles([wholeFile]);
    expect(alone).toEqual(whole.report);
  });

  it('a merged report', async () => {
    const merged = path.join(dir, 'merged-here.json');
    writeFileSync(merged, JSON.stringify(await mergeReportFiles(all())));
    await refused([merged], /merged-here\.json is already merged; pass the shard reports it was made from/);
  });

  it('a shard cut short (fewer rows than its record lists)', async () => {
    const cut = editedCopy(1, 'cut-short', (report) => report.results.pop());
    await refused([cut, ...all().slice(1)], /cut-short\/wasm-torch-bench\.json holds 1 row where its shard record lists 2; .*run shard 1\/4 again/);
  });

  it('a shard an interrupt cut short (a partial report)', async () => {
    const interrupted = editedCopy(3, 'interrupted', (report) => {
      report.partial = true;
      report.exitCode = 130;
    });
    await refused([...all().slice(0, 2), interrupted, shardReport(4)], /interrupted\/wasm-torch-bench\.json is a partial report \(the run was interrupted\); run shard 3\/4 again$/);
  });

  it('a file that is not a report', async () => {
    await refused([...all().slice(0, 3), path.join(dir, 'nowhere.json')], /report .*nowhere\.json: no such file; pass the wasm-torch-bench\.json a run wrote into --out/);
  });
});
