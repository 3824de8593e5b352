/**
 * --shard k/n (WTB_SHARD): run the k-th of n parts of the plan, 1-based. There is no config-file
 * key: the index differs from machine to machine, so it belongs to the CI job, not the checked-in
 * file every job reads.
 */
import { UsageError } from '../errors.js';

export interface ShardSetting {
  /** 1-based. */
  index: number;
  count: number;
}

/** Enough for any CI matrix; a larger count is almost certainly a typo. */
export const MAX_SHARD_COUNT = 1000;

export function parseShard(text: string | undefined, flag: string): ShardSetting | null {
  if (text === undefined) return null;
  const form = `it takes the form <index>/<count>, the index from 1 to the count, e.g. ${flag.startsWith('WTB_') ? `${flag}=2/4` : `${flag} 2/4`} for the second of four parts`;
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) throw new UsageError(`${flag} "${text}" is not a shard; ${form}`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || count > MAX_SHARD_COUNT) throw new UsageError(`${flag} ${text}: the count must be from 1 to ${MAX_SHARD_COUNT}; ${form}`);
  if (index < 1 || index > count) throw new UsageError(`${flag} ${text}: the index must be from 1 to ${count}; ${form}`);
  return { index, count };
}

export function formatShard(shard: ShardSetting): string {
  return `${shard.index}/${shard.count}`;
}
