/**
 * --list: the plan (or, with --shard, this machine's part of it) without measuring: which rows a
 * run would have, with the keys --shard splits by. Reads the models (for their size and inputs),
 * starts no runtime.
 */
import type { RunConfig } from '../config/run-config-schema.js';
import { rowLabel } from '../report/row-label.js';
import { buildPlan, type PlanEntry } from './build-plan.js';
import { planEntryKey, portableModelPath, selectShard } from './shard.js';

export interface ListedEntry {
  /** 0-based place in the whole plan. */
  planIndex: number;
  key: string;
  model: string;
  name: string;
  variant: string | null;
  runtime: string;
  threads: number;
  bytes: number | null;
  /** Why the entry will be an error record instead of a measurement; null when it will be measured. */
  error: string | null;
}

export interface PlanListing {
  shard: { index: number; count: number; planDigest: string } | null;
  plannedTrials: number;
  entries: ListedEntry[];
}

function listed(entry: PlanEntry, planIndex: number, cwd: string): ListedEntry {
  const fields =
    entry.kind === 'trial'
      ? { model: entry.trial.model, variant: entry.trial.variant, runtime: entry.trial.runtime, threads: entry.trial.threads, error: null }
      : { model: entry.model, variant: entry.variant, runtime: entry.runtime, threads: entry.threads, error: entry.error.code };
  return {
    planIndex,
    key: planEntryKey(entry, cwd),
    model: portableModelPath(fields.model.path, cwd),
    name: fields.model.name,
    variant: fields.variant,
    runtime: fields.runtime,
    threads: fields.threads,
    bytes: fields.model.bytes,
    error: fields.error,
  };
}

export async function listPlan(config: Readonly<RunConfig>, cwd: string): Promise<PlanListing> {
  const plan = await buildPlan(config, cwd);
  if (!config.shard) return { shard: null, plannedTrials: plan.length, entries: plan.map((entry, i) => listed(entry, i, cwd)) };
  const { record } = selectShard(plan, config.shard, { cwd, config, baseline: null });
  return {
    shard: { index: record.index, count: record.count, planDigest: record.planDigest },
    plannedTrials: plan.length,
    entries: record.planIndexes.map((i) => listed(plan[i]!, i, cwd)),
  };
}

export function renderPlanListing(listing: PlanListing): string {
  const head = listing.shard
    ? `shard ${listing.shard.index}/${listing.shard.count}: ${listing.entries.length} of ${listing.plannedTrials} trials (plan ${listing.shard.planDigest.slice(0, 12)})`
    : `${listing.plannedTrials} trials`;
  const lines = listing.entries.map(
    (entry) =>
      `${String(entry.planIndex + 1).padStart(4)}  ${rowLabel({ model: { name: entry.name }, variant: entry.variant })} on ${entry.runtime} ×${entry.threads}  ${entry.model}${entry.error ? `  (${entry.error}: an error record, not measured)` : ''}`,
  );
  return `${[head, ...lines].join('\n')}\n`;
}
