/**
 * The robustness suite's fixed sample (64 hostile models, kept small for the CI budget: each mutation kind, operator
 * models with and without their reference inputs, a few on chrome-wasm and node-native). The full
 * set is `npm run test:robustness`.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROBUSTNESS_DIR, anchorFor, batchesOf, generateModels, mutantModels, operatorModels, runBatches, spread, summarize, type Batch, type RobustnessManifest } from './runner.js';

const MUTANTS_PER_KIND = 5;
/** The real models cost seconds per session; the full suite mutates them, the sample keeps to the small fixtures. */
const SAMPLE_SOURCES = new Set(['tiny-mlp', 'int64-input', 'dynamic-batch', 'nan-output', 'random-output', 'unsupported-operator']);

let manifest: RobustnessManifest;

function sampleBatches(): Batch[] {
  const mutants = manifest.mutants.filter((mutant) => SAMPLE_SOURCES.has(mutant.source));
  const kinds = [...new Set(mutants.map((mutant) => mutant.kind))];
  const sampled = kinds.flatMap((kind) =>
    spread(
      mutants.filter((mutant) => mutant.kind === kind),
      MUTANTS_PER_KIND,
    ),
  );
  const fed = spread(
    manifest.operators.filter((model) => model.entry),
    8,
  );
  const unfed = spread(
    manifest.operators.filter((model) => !model.entry),
    4,
  );
  const crossRuntime = [...mutantModels(spread(sampled, 1)), ...operatorModels(spread(fed, 1))];
  return [
    ...batchesOf(mutantModels(sampled), 100, ['node-wasm'], 'mutants', anchorFor(manifest.mutants)),
    ...batchesOf(operatorModels([...fed, ...unfed]), 100, ['node-wasm'], 'operators', () => null),
    ...batchesOf(crossRuntime, 100, ['chrome-wasm', 'node-native'], 'chrome-wasm and node-native', anchorFor(manifest.mutants)),
  ];
}

describe('robustness sample: hostile models never crash, hang or lose a row', () => {
  beforeAll(() => {
    manifest = generateModels();
  });

  it('generates at least 1,000 mutants and the operator models, every one accounted for', () => {
    expect(manifest.mutants.length).toBeGreaterThanOrEqual(1000);
    expect(new Set(manifest.mutants.map((mutant) => mutant.kind)).size).toBe(10);
    expect(manifest.testdataRoot, 'libonnx-testdata is not installed (apt-get install libonnx-testdata)').not.toBeNull();
    expect(manifest.operators.length).toBeGreaterThan(1000);
    for (const model of manifest.operators) expect(model.entry ?? model.reason, model.id).toBeTruthy();
  });

  it('reports every model with a stable error code, valid JSON and JUnit, and an exit code of 0-3', async () => {
    const workRoot = path.join(ROBUSTNESS_DIR, 'runs/ci-sample');
    rmSync(workRoot, { recursive: true, force: true });
    const started = performance.now();
    const outcomes = await runBatches(sampleBatches(), workRoot);
    console.log(summarize(outcomes, performance.now() - started));
    expect(outcomes.flatMap((outcome) => outcome.batch.models).length).toBeGreaterThanOrEqual(60);
    expect(outcomes.flatMap((outcome) => outcome.problems)).toEqual([]);
  }, 600_000);
});
