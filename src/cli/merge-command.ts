/** Help text and messages of `merge` and of a run's shard; the command itself is wired in main.ts. */
import type { ShardRecord } from '../report/schema.js';

export const MERGE_HELP = `
Examples:
  $ wasm-torch-bench --shard 1/2 --out shard-1   # on one machine
  $ wasm-torch-bench --shard 2/2 --out shard-2   # on another
  $ wasm-torch-bench merge shard-1/wasm-torch-bench.json shard-2/wasm-torch-bench.json --out reports

Every shard must come from the same wasm-torch-bench version, plan (models, variants, runtimes,
threads) and settings (sampling, KPIs, thresholds, baseline, confidence); every shard 1..n must be
there, once. Otherwise exit 2, naming the files and what differs. One whole-run report (no --shard)
is accepted alone. Rows come out in the order one unsharded run would have measured them; the
verdict and exit code are judged over all rows, as one run judges them. The environment is the
first shard's; each shard's own is kept under "shards".
`;

export function emptyShardNote(shard: ShardRecord): string {
  return `wasm-torch-bench: shard ${shard.index}/${shard.count} has no trials (the plan's ${shard.plannedTrials} went to the other shards); wrote a report with no rows\n`;
}
