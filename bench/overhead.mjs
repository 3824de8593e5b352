// Harness overhead: the same onnxruntime-web session timed by a bare loop (session.run on
// onnxruntime tensors) and by the harness's timed loop (runTimedChunk through the runtime adapter
// interface, on plain feeds, as every built-in row runs), in interleaved rounds within one process,
// on the tiny MLP. Prints the ratio of median per-run times (goal: harness ≤ 1.01 × bare loop).
//
//   npm run bench:overhead [-- --rounds 10 --runs 2000 --model fixtures/models/tiny-mlp.onnx]
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '10' },
    runs: { type: 'string', default: '2000' },
    model: { type: 'string', default: new URL('../fixtures/models/tiny-mlp.onnx', import.meta.url).pathname },
  },
});
const rounds = Number(values.rounds);
const runs = Number(values.runs);

const { runTimedChunk } = await import('../dist/harness/measure-inference.js');
const { buildFeeds } = await import('../dist/harness/feeds.js');
const { bindSession } = await import('../dist/harness/measure-load.js');
const { ortAdapter } = await import('../dist/harness/ort-adapter.js');
const { WASM_FLAVOUR } = await import('../dist/harness/runtime-flavour.js');
const { loadModelInfo } = await import('../dist/plan/model-info.js');
const { resolveFeedSpecs } = await import('../dist/plan/feed-specs.js');
const { percentile, sortAscending } = await import('../dist/stats/percentiles.js');
const ort = await import('onnxruntime-web');

const info = await loadModelInfo(values.model);
const adapter = ortAdapter(ort, WASM_FLAVOUR);
const session = await adapter.load(new Uint8Array(await readFile(values.model)), { threads: 1 });
const feeds = buildFeeds(await resolveFeedSpecs(info, {}), 1);
const ortFeeds = Object.fromEntries(Object.entries(feeds).map(([name, tensor]) => [name, new ort.Tensor(tensor.type, tensor.data, tensor.dims)]));
const harnessSession = bindSession(adapter, session);
const clock = { now: () => performance.now() };

async function bareLoop() {
  const samples = new Float64Array(runs);
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await session.run(ortFeeds);
    samples[i] = performance.now() - t0;
  }
  return Array.from(samples);
}

async function harnessLoop() {
  const chunk = await runTimedChunk({ clock, session: harnessSession, feeds, iterations: runs, minTimeMs: 0, maxTimeMs: Number.MAX_SAFE_INTEGER, checkFinite: false, batchSize: 1 });
  return chunk.samplesMs;
}

await bareLoop(); // warm both paths before measuring
await harnessLoop();
const bare = [];
const harness = [];
for (let round = 0; round < rounds; round++) {
  // Alternate the order so drift (thermal, other tenants) hits both sides alike.
  if (round % 2 === 0) {
    bare.push(...(await bareLoop()));
    harness.push(...(await harnessLoop()));
  } else {
    harness.push(...(await harnessLoop()));
    bare.push(...(await bareLoop()));
  }
}
const median = (samples) => percentile(sortAscending(samples), 0.5);
const bareMedian = median(bare);
const harnessMedian = median(harness);
const ratio = harnessMedian / bareMedian;
console.log(`model            ${values.model}`);
console.log(`samples          ${bare.length} bare, ${harness.length} harness (${rounds} interleaved rounds × ${runs})`);
console.log(`bare loop        median ${(bareMedian * 1000).toFixed(2)} µs/run`);
console.log(`harness+adapter  median ${(harnessMedian * 1000).toFixed(2)} µs/run`);
console.log(`ratio            ${ratio.toFixed(4)} × (goal ≤ 1.01) ${ratio <= 1.01 ? 'MET' : 'NOT MET'}`);
await session.release();
