/**
 * --shard k/n: the plan split into n parts that machines agree on without talking to each other.
 *
 * Every entry has a key made of what a checkout on any machine shares: the model path relative to
 * the working folder (posix separators), the variant, the runtime and the thread setting; never an
 * absolute path, the order files were found in, or the time. Entries of one model and variant
 * travel together: their rows are compared with each other (ratios to node-native, output parity)
 * from outputs that never enter the report, so they must be measured in one run.
 *
 * The groups are spread by longest-processing-time first: heaviest first (ties by key), each to
 * the lightest part so far (ties to the lowest index). A group weighs, per entry, a fixed cost plus
 * the model's bytes. The split depends on the whole plan: adding a model may move others.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { reportedSettings } from '../report/build-report.js';
import type { Baseline } from '../baseline/document.js';
import type { ShardRecord } from '../report/schema.js';
import type { RunConfig } from '../config/run-config-schema.js';
import type { PlanEntry } from './build-plan.js';

/** What one trial costs beyond its model's size, in bytes of model: worker starts, warm-up, sampling. */
export const TRIAL_COST_BYTES = 4_000_000;

export interface ShardPart {
  /** This part's entries, in plan order. */
  entries: PlanEntry[];
  /** For the report: which part of which plan, and where each entry stands in the whole plan. */
  record: ShardRecord;
}

function entryFields(entry: PlanEntry) {
  return entry.kind === 'trial'
    ? { model: entry.trial.model, variant: entry.trial.variant, runtime: entry.trial.runtime, threads: entry.trial.threads }
    : { model: entry.model, variant: entry.variant, runtime: entry.runtime, threads: entry.threads };
}

/** The model path as every checkout spells it: relative to the working folder, with "/". */
export function portableModelPath(modelPath: string, cwd: string): string {
  return path.relative(cwd, path.resolve(cwd, modelPath)).split(path.sep).join('/');
}

/** The entry's key: JSON, so no separator inside a name or path can make two keys equal. */
export function planEntryKey(entry: PlanEntry, cwd: string): string {
  const { model, variant, runtime, threads } = entryFields(entry);
  return JSON.stringify([portableModelPath(model.path, cwd), variant, runtime, threads]);
}

function groupKeyOf(entry: PlanEntry, cwd: string): string {
  const { model, variant } = entryFields(entry);
  return JSON.stringify([portableModelPath(model.path, cwd), variant]);
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Longest-processing-time first: the part (0-based) of each item, items in the order given.
 * Deterministic for the same items in any order.
 */
export function assignParts(items: readonly { key: string; weight: number }[], count: number): number[] {
  const order = items.map((_, i) => i).sort((a, b) => items[b]!.weight - items[a]!.weight || byText(items[a]!.key, items[b]!.key));
  const loads = new Array<number>(count).fill(0);
  const parts = new Array<number>(items.length).fill(0);
  for (const i of order) {
    let lightest = 0;
    for (let part = 1; part < count; part++) if (loads[part]! < loads[lightest]!) lightest = part;
    parts[i] = lightest;
    loads[lightest]! += items[i]!.weight;
  }
  return parts;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with every object's keys sorted, so the order flags were typed in does not change a digest. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (item && typeof item === 'object' && !Array.isArray(item) ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => byText(a, b))) : item));
}

/** What must agree between an entry's runs on two machines, beyond its key. */
function entrySettings(entry: PlanEntry) {
  if (entry.kind === 'failed') {
    return { name: entry.model.name, sha256: entry.model.sha256, error: entry.error.code, kpis: entry.kpis, tags: entry.tags };
  }
  const { trial } = entry;
  return {
    name: trial.model.name,
    sha256: trial.model.sha256,
    feeds: trial.feeds.map((feed) => ({
      name: feed.name,
      dtype: feed.dtype,
      shape: feed.shape,
      values: feed.values?.kind === 'file' ? { kind: 'file', sha256: feed.values.sha256 } : feed.values,
    })),
    kpis: trial.kpis,
    timeoutMs: trial.timeoutMs,
    tags: trial.tags,
    adapter: trial.adapter ? { name: trial.adapter.name, version: trial.adapter.version } : null,
  };
}

/**
 * The settings the shards of one run must share: what is measured, how, and how it is judged. Not
 * where reports go, how they are printed or pushed, or where the browser is installed.
 */
function runSettings(config: Readonly<RunConfig>, baseline: Baseline | null) {
  // The config file's path differs between checkouts; what it set is in the other settings.
  const { configFile: _where, ...reported } = reportedSettings(config);
  return {
    ...reported,
    strictBaseline: config.strictBaseline,
    baseline: baseline ? sha256(canonicalJson(baseline)) : null,
    inputShapes: config.inputShapes,
    inputValues: config.inputValues,
  };
}

export interface ShardContext {
  /** What model paths are made relative to. */
  cwd: string;
  config: Readonly<RunConfig>;
  baseline: Baseline | null;
}

/** The part `shard` names of the whole plan, with the digests that let `merge` check its siblings. */
export function selectShard(plan: readonly PlanEntry[], shard: { index: number; count: number }, context: ShardContext): ShardPart {
  const keys = plan.map((entry) => planEntryKey(entry, context.cwd));
  const groups = new Map<string, { weight: number; members: number[] }>();
  for (const [i, entry] of plan.entries()) {
    const group = groups.get(groupKeyOf(entry, context.cwd)) ?? { weight: 0, members: [] };
    group.weight += TRIAL_COST_BYTES + (entryFields(entry).model.bytes ?? 0);
    group.members.push(i);
    groups.set(groupKeyOf(entry, context.cwd), group);
  }
  const items = [...groups].map(([key, group]) => ({ key, weight: group.weight }));
  const parts = assignParts(items, shard.count);
  const planIndexes = [...groups.values()]
    .filter((_, i) => parts[i] === shard.index - 1)
    .flatMap((group) => group.members)
    .sort((a, b) => a - b);
  const sortedKeys = keys.map((key, i) => ({ key, i })).sort((a, b) => byText(a.key, b.key));
  const settings = { run: runSettings(context.config, context.baseline), entries: sortedKeys.map(({ key, i }) => [key, entrySettings(plan[i]!)]) };
  return {
    entries: planIndexes.map((i) => plan[i]!),
    record: {
      index: shard.index,
      count: shard.count,
      planDigest: sha256(sortedKeys.map(({ key }) => key).join('\n')),
      settingsDigest: sha256(canonicalJson(settings)),
      plannedTrials: plan.length,
      planIndexes,
    },
  };
}
