// Statistical self-test of the regression gate: plants slowdowns of 0 %, 5 % and 20 % in sample
// sets drawn from one real measurement, adds the machine's own run-to-run spread, and counts how
// often the gate (regression.inference.p50 and .p99 < 1.10×, exactly as the tool judges them)
// fails. Goals: a 20 % slowdown caught in ≥ 95 % of repetitions, identical sets flagged in ≤ 1 %.
//
//   npm run bench:regression-self-test [-- --model fixtures/models/large-20mb.onnx --runs 4 --repetitions 400]
//
// 1. Measure the model --runs times on node-wasm (separate runs, fresh workers). The relative
//    spread (standard deviation) of their inference medians is the run-to-run noise σ.
// 2. Each repetition builds a "new" set: a bootstrap resample of run 1 scaled by
//    (1 + slowdown)(1 + ε), ε ~ Normal(0, σ), and the gate compares it with an "old" set:
//      one baseline    old = run 1 itself (the protocol of the issue: one measured set, noisy
//                      new sets); the goals are judged here
//      both noisy      old = another resample scaled by (1 + ε'): two runs that each drew their
//                      own run-to-run noise, as a baseline from yesterday's CI job did (harder)
import { parseArgs } from 'node:util';
import { resolveRunConfig, runBenchmark } from '../dist/index.js';
import { regressionCheck } from '../dist/baseline/regression-checks.js';
import { quantileRatio } from '../dist/stats/ratio-interval.js';
import { mulberry32 } from '../dist/harness/feeds.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: new URL('../fixtures/models/large-20mb.onnx', import.meta.url).pathname },
    runs: { type: 'string', default: '4' },
    repetitions: { type: 'string', default: '400' },
    'max-time': { type: 'string', default: '3s' },
  },
});
const runs = Number(values.runs);
const repetitions = Number(values.repetitions);
const CONFIDENCE = 0.95;
const MAX_RATIO = 1.1;
const SAMPLE_CAP = 4000;

async function measure() {
  const config = resolveRunConfig([values.model], {
    runtime: 'node-wasm', loadRuns: '1', maxLoadRuns: '1', warmup: 'auto', minTime: '1s', maxTime: values['max-time'], iterations: '1000', reporter: 'json', inconclusive: 'pass',
  });
  const [result] = (await runBenchmark(config)).results;
  if (!result?.inference?.percentiles) throw new Error(`no inference samples: ${result?.error?.message}`);
  return { samples: result.inference.samplesMs, median: result.inference.percentiles.p50 };
}

const measured = [];
for (let i = 0; i < runs; i++) measured.push(await measure());
const medians = measured.map((run) => run.median);
const meanMedian = medians.reduce((a, b) => a + b, 0) / medians.length;
const sigma = Math.sqrt(medians.reduce((sum, m) => sum + (m / meanMedian - 1) ** 2, 0) / Math.max(1, medians.length - 1));

const random = mulberry32(20261129);
const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const base = measured[0].samples;
const n = Math.min(base.length, SAMPLE_CAP);
const resample = (scale) => Float64Array.from({ length: n }, () => base[Math.floor(random() * base.length)] * scale).sort();

const measuredSet = Float64Array.from(base).sort();

function rates(slowdown, bothNoisy) {
  const flagged = { 'inference.p50': 0, 'inference.p99': 0, either: 0 };
  for (let rep = 0; rep < repetitions; rep++) {
    const old = bothNoisy ? resample(1 + sigma * normal()) : measuredSet;
    const fresh = resample((1 + slowdown) * (1 + sigma * normal()));
    let any = false;
    for (const [id, q] of [['inference.p50', 0.5], ['inference.p99', 0.99]]) {
      const check = regressionCheck({ id, maxRatio: MAX_RATIO, level: 'error' }, quantileRatio(fresh, old, q, CONFIDENCE), CONFIDENCE);
      if (check.verdict === 'fail') {
        flagged[id]++;
        any = true;
      }
    }
    if (any) flagged.either++;
  }
  return Object.fromEntries(Object.entries(flagged).map(([id, count]) => [id, count / repetitions]));
}

const pct = (x) => `${(x * 100).toFixed(1)} %`;
console.log(`model          ${values.model}`);
console.log(`measured       ${runs} runs, inference medians ${medians.map((m) => `${(m * 1000).toFixed(1)} µs`).join(', ')}`);
console.log(`run-to-run σ   ${pct(sigma)} (relative spread of the medians)`);
console.log(`sets           ${n} samples each, ${repetitions} repetitions, gate: ratio < ${MAX_RATIO.toFixed(2)}× at ${CONFIDENCE * 100} %`);
const results = { one: {}, both: {} };
for (const [mode, bothNoisy, label] of [['one', false, 'one baseline'], ['both', true, 'both noisy']]) {
  for (const slowdown of [0, 0.05, 0.2]) {
    const r = (results[mode][slowdown] = rates(slowdown, bothNoisy));
    console.log(`${label.padEnd(13)} slowdown ${String(Math.round(slowdown * 100)).padStart(2)} %  flagged: p50 ${pct(r['inference.p50'])}, p99 ${pct(r['inference.p99'])}, either ${pct(r.either)}`);
  }
}
console.log(`both noisy     detection ${pct(results.both[0.2]['inference.p50'])}, false positives ${pct(results.both[0].either)} (for information)`);
const detection = results.one[0.2]['inference.p50'];
const falsePositive = results.one[0].either;
console.log(`detection (20 %, p50)   ${pct(detection)} (goal ≥ 95 %) ${detection >= 0.95 ? 'MET' : 'NOT MET'}`);
console.log(`false positives (0 %)   ${pct(falsePositive)} (goal ≤ 1 %) ${falsePositive <= 0.01 ? 'MET' : 'NOT MET'}`);
