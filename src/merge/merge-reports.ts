/**
 * `merge`: the reports of one run split with --shard → the report one machine would have written.
 * Every row was judged where it was measured (its checks, comparisons and parity need only rows of
 * its own model, which travel together); the run's verdict and exit code are judged again over all
 * rows, by the same functions a run uses. Refuses shards that do not belong together.
 */
import { readRunReport } from '../baseline/read-baseline.js';
import { InputError } from '../errors.js';
import { exitCodeFor, runVerdict } from '../gate/run-verdict.js';
import type { MergedShard, RunReport, ShardRecord } from '../report/schema.js';

export interface ShardInput {
  /** As given, for messages and the merged report's `shards`. */
  file: string;
  report: RunReport;
}

type ShardedInput = ShardInput & { report: RunReport & { shard: ShardRecord } };

function refuse(why: string): InputError {
  return new InputError('SHARDS_INCONSISTENT', `cannot merge: ${why}`);
}

const list = (items: readonly string[]) => (items.length <= 2 ? items.join(' and ') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

/** Inputs grouped by a property, in the order first seen. */
function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}

function filesOf(inputs: readonly ShardInput[]): string {
  return list(inputs.map((input) => input.file));
}

function refuseUnlessOneGroup<T extends ShardInput>(inputs: readonly T[], keyOf: (input: T) => string, describe: (groups: T[][]) => string): void {
  const groups = [...groupBy(inputs, keyOf).values()];
  if (groups.length > 1) throw refuse(describe(groups));
}

/** Names the report settings that differ between two shards, for a settings digest mismatch. */
function settingsDifferences(a: RunReport, b: RunReport): string[] {
  const { configFile: _a, ...left } = a.settings;
  const { configFile: _b, ...right } = b.settings;
  const show = (value: unknown) => JSON.stringify(value);
  return Object.keys(left)
    .filter((key) => show(left[key as keyof typeof left]) !== show(right[key as keyof typeof right]))
    .map((key) => `${key} (${show(left[key as keyof typeof left])} vs ${show(right[key as keyof typeof right])})`);
}

function checkBelongTogether(inputs: readonly ShardedInput[]): void {
  refuseUnlessOneGroup(
    inputs,
    (input) => input.report.tool.version,
    (groups) =>
      `the reports come from different wasm-torch-bench versions: ${groups.map((group) => `${filesOf(group)} (${group[0]!.report.tool.version})`).join('; ')}; run every shard with one version (pin it in package.json)`,
  );
  refuseUnlessOneGroup(
    inputs,
    (input) => String(input.report.shard.count),
    (groups) =>
      `the reports split the plan into different numbers of shards: ${groups.map((group) => `${filesOf(group)} (of ${group[0]!.report.shard.count})`).join('; ')}; run every shard with the same --shard count`,
  );
  refuseUnlessOneGroup(
    inputs,
    (input) => input.report.shard.planDigest,
    (groups) =>
      `the reports are parts of different plans: ${groups
        .map((group) => {
          const { shard } = group[0]!.report;
          return `${filesOf(group)} (plan ${shard.planDigest.slice(0, 12)}, ${shard.plannedTrials} trials)`;
        })
        .join('; ')}; run every shard with the same models, variants, runtimes and threads (the same config file, flags and WTB_* variables)`,
  );
  refuseUnlessOneGroup(
    inputs,
    (input) => input.report.shard.settingsDigest,
    (groups) => {
      const differences = settingsDifferences(groups[0]![0]!.report, groups[1]![0]!.report);
      const what =
        differences.length > 0
          ? `they differ in ${differences.join(', ')}`
          : "they differ in a baseline, the --input-shape/--input-value flags, or a model's own settings (inputs, KPIs, timeout, tags) or file";
      return `the reports were run with different settings: ${groups.map((group) => filesOf(group)).join(' vs ')}; ${what}; run every shard with the same settings`;
    },
  );
}

function checkShardsComplete(inputs: readonly ShardedInput[]): void {
  const { count } = inputs[0]!.report.shard;
  const problems: string[] = [];
  const byIndex = groupBy(inputs, (input) => String(input.report.shard.index));
  for (const [index, group] of byIndex) {
    if (group.length > 1) problems.push(`${group.length === 2 ? 'two' : group.length} reports for shard ${index}/${count}: ${filesOf(group)}; pass one of them`);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !byIndex.has(String(index)));
  if (missing.length === 1) problems.push(`shard ${missing[0]}/${count} is missing: pass its report too`);
  if (missing.length > 1) problems.push(`shards ${list(missing.map((index) => `${index}/${count}`))} are missing: pass their reports too`);
  if (problems.length > 0) throw refuse(problems.join('; '));
}

/** Every row of the plan once: a shard run cut short, or a report edited by hand, shows here. */
function checkRowsComplete(inputs: readonly ShardedInput[]): void {
  for (const { file, report } of inputs) {
    if (report.shard.planIndexes.length !== report.results.length) {
      throw refuse(
        `${file} holds ${report.results.length} row${report.results.length === 1 ? '' : 's'} where its shard record lists ${report.shard.planIndexes.length}; the run was cut short or the file edited: run shard ${report.shard.index}/${report.shard.count} again`,
      );
    }
  }
  const planned = inputs[0]!.report.shard.plannedTrials;
  const seen = new Map<number, string>();
  for (const { file, report } of inputs) {
    for (const index of report.shard.planIndexes) {
      const earlier = seen.get(index);
      if (earlier !== undefined || index >= planned)
        throw refuse(`plan row ${index + 1} ${earlier !== undefined ? `is in both ${earlier} and ${file}` : `of ${file} is beyond the plan's ${planned} rows`}; run the shards again`);
      seen.set(index, file);
    }
  }
  if (seen.size !== planned) throw refuse(`the shard reports hold ${seen.size} of the plan's ${planned} rows; a shard run was cut short: run it again`);
}

function mergedShard({ file, report }: ShardedInput): MergedShard {
  const { index, count, planDigest, settingsDigest } = report.shard;
  return { index, count, file, startedAt: report.startedAt, durationMs: report.durationMs, trials: report.results.length, planDigest, settingsDigest, environment: report.environment };
}

/** The reports as one: rows in the whole plan's order, the verdict and exit code judged over all of them. */
export function mergeReports(inputs: readonly ShardInput[]): RunReport {
  if (inputs.length === 0) throw refuse('no reports given; pass the wasm-torch-bench.json of every shard');
  const already = inputs.filter((input) => input.report.merged);
  if (already.length > 0) throw refuse(`${filesOf(already)} ${already.length === 1 ? 'is' : 'are'} already merged; pass the shard reports it was made from`);
  const partial = inputs.filter((input) => input.report.partial);
  if (partial.length > 0) {
    const again = partial.map(({ report }) => (report.shard ? `shard ${report.shard.index}/${report.shard.count}` : 'the run')).join(', ');
    throw refuse(`${filesOf(partial)} ${partial.length === 1 ? 'is a partial report' : 'are partial reports'} (the run was interrupted); run ${again} again`);
  }
  const whole = inputs.filter((input) => !input.report.shard);
  if (whole.length > 0) {
    // A whole run is its own merge; next to shards it would count its rows twice.
    if (inputs.length === 1) return rejudged(inputs[0]!.report);
    throw refuse(
      `${filesOf(whole)} ${whole.length === 1 ? 'is the report of a whole run' : 'are reports of whole runs'} (no --shard); merge takes the reports of one run's shards, or one whole-run report alone`,
    );
  }
  const sharded = inputs as readonly ShardedInput[];
  checkBelongTogether(sharded);
  checkShardsComplete(sharded);
  checkRowsComplete(sharded);

  const ordered = [...sharded].sort((a, b) => a.report.shard.index - b.report.shard.index);
  const results = ordered
    .flatMap(({ report }) => report.results.map((result, i) => ({ planIndex: report.shard.planIndexes[i]!, result })))
    .sort((a, b) => a.planIndex - b.planIndex)
    .map((row) => row.result);
  const first = ordered[0]!.report;
  const environments = ordered.map(({ report }) => report.environment);
  const baselines = ordered.flatMap(({ report }) => (report.baseline ? [report.baseline] : []));
  return {
    schemaVersion: first.schemaVersion,
    tool: first.tool,
    startedAt: ordered.map(({ report }) => report.startedAt).sort()[0]!,
    durationMs: ordered.reduce((sum, { report }) => sum + report.durationMs, 0),
    percentileMethod: first.percentileMethod,
    environment: {
      ...first.environment,
      browser: environments.find((environment) => environment.browser)?.browser ?? null,
      adapter: environments.find((environment) => environment.adapter)?.adapter ?? first.environment.adapter,
    },
    settings: first.settings,
    verdict: runVerdict(results),
    exitCode: exitCodeFor(results, first.settings.inconclusive),
    partial: false,
    baseline: baselines[0] ? { ...baselines[0], differences: [...new Set(baselines.flatMap((baseline) => baseline.differences))] } : null,
    results,
    merged: true,
    shards: ordered.map(mergedShard),
  };
}

function rejudged(report: RunReport): RunReport {
  return { ...report, verdict: runVerdict(report.results), exitCode: exitCodeFor(report.results, report.settings.inconclusive) };
}

/** Reads each report as `compare` does (a missing, corrupt or foreign file is exit 2), then merges. */
export async function mergeReportFiles(files: readonly string[]): Promise<RunReport> {
  const inputs: ShardInput[] = [];
  for (const file of files) inputs.push({ file, report: await readRunReport(file) });
  return mergeReports(inputs);
}
