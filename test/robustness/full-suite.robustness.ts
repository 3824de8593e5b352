/**
 * The whole robustness suite (`npm run test:robustness`): every generated mutant and every
 * libonnx-testdata operator model on node-wasm, a spread of them also on chrome-wasm and
 * node-native. Too long for `npm test` (its sample is ci-sample.test.ts); the summary is printed
 * and written to .scratch/robustness/runs/full/summary.txt, the per-batch log beside it.
 */
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ROBUSTNESS_DIR, anchorFor, type Batch, batchesOf, generateModels, mutantModels, operatorModels, runBatches, spread, summarize } from './runner.js';

const BATCH_SIZE = 50;

/** Items reordered so that each consecutive chunk of `size` is an even sample of the whole (every source and suite in each batch). */
function strided<T>(items: readonly T[], size: number): T[] {
  const chunks = Math.ceil(items.length / size);
  return Array.from({ length: chunks }, (_, chunk) => items.filter((_, index) => index % chunks === chunk)).flat();
}

/** Batches of different flags (one source model each) in turn, so the real models come early too. */
function roundRobinByArgs(batches: readonly Batch[]): Batch[] {
  const groups = new Map<string, Batch[]>();
  for (const batch of batches) groups.set(batch.args.join(' '), [...(groups.get(batch.args.join(' ')) ?? []), batch]);
  const longest = Math.max(0, ...[...groups.values()].map((group) => group.length));
  return Array.from({ length: longest }, (_, index) => [...groups.values()].flatMap((group) => (group[index] ? [group[index]] : []))).flat();
}

function interleave<T>(first: readonly T[], second: readonly T[]): T[] {
  return Array.from({ length: Math.max(first.length, second.length) }, (_, index) => [first[index], second[index]])
    .flat()
    .filter((item): item is T => item !== undefined);
}
const CROSS_RUNTIME_MODELS = 20;

it(
  'every hostile model gets a row with a stable error code, valid reports, an exit code of 0-3, and no hang',
  async () => {
    const started = performance.now();
    const manifest = generateModels();
    const workRoot = path.join(ROBUSTNESS_DIR, 'runs/full');
    rmSync(workRoot, { recursive: true, force: true });
    mkdirSync(workRoot, { recursive: true });
    const logFile = path.join(workRoot, 'progress.log');
    const log = (line: string) => {
      appendFileSync(logFile, `${line}\n`);
      console.log(line);
    };
    const mutants = strided(mutantModels(manifest.mutants), BATCH_SIZE);
    const operators = strided(operatorModels(manifest.operators), BATCH_SIZE);
    const crossRuntime = batchesOf(spread([...mutants, ...operators], CROSS_RUNTIME_MODELS), BATCH_SIZE, ['chrome-wasm', 'node-native'], 'chrome-wasm and node-native', anchorFor(manifest.mutants));
    // Mutant and operator batches alternate, each an even sample (cross-runtime first), so a run cut short has covered every sort of model.
    const batches = [
      ...crossRuntime,
      ...interleave(
        roundRobinByArgs(batchesOf(mutants, BATCH_SIZE, ['node-wasm'], 'mutants', anchorFor(manifest.mutants))),
        batchesOf(operators, BATCH_SIZE, ['node-wasm'], 'operators', () => null),
      ),
    ];
    // ROBUSTNESS_FROM_BATCH=n resumes a run that was cut short at batch n (1-based; the order is fixed).
    const firstBatch = Number(process.env.ROBUSTNESS_FROM_BATCH ?? 1);
    if (!Number.isInteger(firstBatch) || firstBatch < 1 || firstBatch > batches.length) throw new Error(`ROBUSTNESS_FROM_BATCH must be a batch number from 1 to ${batches.length}`);
    const skipped = batches.splice(0, firstBatch - 1);
    log(`${batches.length} batches, ${batches.reduce((sum, batch) => sum + batch.models.length, 0)} models${skipped.length > 0 ? ` (from batch ${firstBatch}: ${skipped.length} skipped)` : ''}`);
    const summaryFile = path.join(workRoot, 'summary.txt');
    // Rewritten after every batch, so an interrupted run still leaves its numbers so far.
    const outcomes = await runBatches(batches, workRoot, log, (done) => writeFileSync(summaryFile, `${summarize(done, performance.now() - started)}\n`));
    const summary = summarize(outcomes, performance.now() - started);
    console.log(summary);
    expect(outcomes.flatMap((outcome) => outcome.problems)).toEqual([]);
  },
  6 * 3600_000,
);
