// Statistical self-test of the baseline gate: plants slowdowns of 0 %, 5 % and 20 % in runs built
// from real measurements with this machine's own run-to-run noise, and counts how often the gate
// (regression.inference.p50 and .p99 < 1.10×, judged by the tool's own functions) fails.
// Goals: a 20 % slowdown caught in ≥ 95 % of repetitions, identical runs flagged in ≤ 1 %.
//
//   npm run bench:regression-self-test [-- --fixture silero-vad-v5 --runs 5 --repeat 10 --repetitions 1000] [-- <run flags, e.g. --cpu-affinity 0>]
//
// 1. Measure the model --runs times with the built bin on node-wasm, each run with --repeat
//    inference workers, exactly as `--save-baseline` would. Each worker is one fresh process: its
//    median is one real draw of this machine's per-process and over-time noise.
// 2. Each repetition: the baseline is run 1 as measured (the issue's protocol: one measured set).
//    The new run picks one of the later runs and resamples its workers with replacement (keeping
//    the run's own drift), each worker with its own real samples, times (1 + slowdown). Workers of
//    run 1 are never reused on the new side.
//    "any two runs" does the same with both sides drawn from two different measured runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { regressionCheck, widen } from '../dist/gate/regression-checks.js';
import { quantileRatio } from '../dist/stats/ratio-interval.js';
import { runNoise } from '../dist/stats/run-noise.js';
import { workerShift } from '../dist/stats/worker-shift.js';
import { percentile } from '../dist/stats/percentiles.js';
import { mulberry32 } from '../dist/harness/feeds.js';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

const ROOT = new URL('..', import.meta.url).pathname;
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    fixture: { type: 'string', default: 'large-20mb' },
    model: { type: 'string' },
    runs: { type: 'string', default: '4' },
    repeat: { type: 'string', default: '10' },
    repetitions: { type: 'string', default: '1000' },
    'min-time': { type: 'string', default: '2s' },
    'max-time': { type: 'string', default: '20s' },
  },
});
const runs = Number(values.runs);
const repetitions = Number(values.repetitions);
const CONFIDENCE = 0.95;
const MAX_RATIO = 1.1;
/** Samples kept per simulated run: each worker keeps its share, so fast workers still weigh more. */
const SAMPLES_PER_RUN = 10_000;
if (runs < 2) throw new Error('--runs must be at least 2: the new side is drawn from the runs after the first');

/** The model and the flags it needs: --model as given, else the fixture's entry in fixtures/manifest.json. */
function modelArgs() {
  if (values.model) return { label: values.model, args: [values.model] };
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'fixtures/manifest.json'), 'utf8'));
  const entry = manifest.models.find((model) => model.id === values.fixture);
  if (!entry) throw new Error(`no fixture "${values.fixture}" in fixtures/manifest.json; ids: ${manifest.models.map((model) => model.id).join(', ')}`);
  return { label: entry.id, args: [path.join(ROOT, entry.path), ...entry.args] };
}

const model = modelArgs();
const bin = path.join(ROOT, 'bin/wasm-torch-bench.js');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'wtb-self-test-'));

/** One run as a user makes it: the bin with a baseline's worker count, its JSON report read back. */
function measure(index) {
  const out = path.join(scratch, `run-${index}`);
  const args = [
    bin,
    ...model.args,
    '--runtime',
    'node-wasm',
    '--repeat',
    values.repeat,
    '--min-time',
    values['min-time'],
    '--max-time',
    values['max-time'],
    '--load-runs',
    '1',
    '--max-load-runs',
    '1',
    '--inconclusive',
    'pass',
    '--reporter',
    'json',
    '--out',
    out,
    '--quiet',
    ...positionals,
  ];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const file = readdirSync(out, { withFileTypes: true }).find((entry) => entry.isFile() && entry.name.endsWith('.json'));
  if (!file) throw new Error(`run ${index} wrote no report (exit ${child.status}): ${child.stderr}`);
  const [result] = JSON.parse(readFileSync(path.join(out, file.name), 'utf8')).results;
  if (!result?.inference?.percentiles) throw new Error(`run ${index}: no inference samples: ${result?.error?.message ?? child.stderr}`);
  const { samplesMs, workerSampleCounts, workerMediansMs } = result.inference;
  // The pooled samples hold the workers one after another; thinned evenly to SAMPLES_PER_RUN.
  const keep = Math.min(1, SAMPLES_PER_RUN / samplesMs.length);
  let start = 0;
  const workers = workerSampleCounts.map((count) => {
    const own = samplesMs.slice(start, start + count);
    start += count;
    const kept = Math.max(1, Math.round(count * keep));
    return Float64Array.from({ length: kept }, (_, i) => own[Math.floor((i * count) / kept)]).sort();
  });
  return { samples: Float64Array.from(samplesMs).sort(), median: result.inference.percentiles.p50, workerMedians: workerMediansMs, workers };
}

const measured = [];
for (let i = 0; i < runs; i++) {
  measured.push(measure(i + 1));
  process.stderr.write(`\rmeasured run ${i + 1} of ${runs}`);
}
process.stderr.write('\n');
rmSync(scratch, { recursive: true, force: true });

const random = mulberry32(20261129);
const pick = (list) => list[Math.floor(random() * list.length)];
const baseMedian = percentile(measured[0].samples, 0.5);

/** A run of as many workers as `source` had, drawn from its real workers with replacement, slowed. */
function resampledRun(source, slowdown) {
  const workers = source.workers.map(() => pick(source.workers).map((sample) => sample * (1 + slowdown)));
  const pooled = Float64Array.from(workers.flatMap((worker) => [...worker])).sort();
  return { samples: pooled, workerMedians: workers.map((worker) => percentile(worker, 0.5)), workerP99s: workers.map((worker) => percentile(worker, 0.99)) };
}

/**
 * The gate before the Hodges–Lehmann one, for comparison: ratio ·/ exp(t · σ · √(1/k₁ + 1/k₂)),
 * σ the pooled SD of both sides' log worker medians, as a shift interval centred on 1 and moved
 * onto every ratio alike.
 */
function tIntervalShift(fresh, old) {
  const noise = runNoise(fresh.workerMedians, old.workerMedians);
  if (noise.sigma === null) return null;
  const factor = Math.exp(tQuantile(1 - (1 - CONFIDENCE) / 2, noise.df) * noise.sigma * Math.sqrt(1 / fresh.workerMedians.length + 1 / old.workerMedians.length));
  return { ratio: 1, low: 1 / factor, high: factor };
}

/** The tool's gate: each quantile against the workers' own values of it (Hodges–Lehmann/Mann–Whitney). */
function currentGate(fresh, old, q, ratio) {
  const shift = workerShift(q === 0.5 ? fresh.workerMedians : fresh.workerP99s, q === 0.5 ? old.workerMedians : old.workerP99s, CONFIDENCE);
  return widen(ratio, shift, 'same-quantile');
}

function previousGate(fresh, old, _q, ratio) {
  return widen(ratio, tIntervalShift(fresh, old), 'relative');
}

/** How often the gate fails a run slowed by `slowdown` against the sides drawn by `sides`. */
function rates(slowdown, sides, gate = currentGate) {
  const flagged = { 'inference.p50': 0, 'inference.p99': 0, either: 0 };
  for (let rep = 0; rep < repetitions; rep++) {
    const { old, fresh } = sides(slowdown);
    let any = false;
    for (const [id, q] of [
      ['inference.p50', 0.5],
      ['inference.p99', 0.99],
    ]) {
      const ratio = quantileRatio(fresh.samples, old.samples, q, CONFIDENCE);
      if (regressionCheck({ id, maxRatio: MAX_RATIO, level: 'error' }, gate(fresh, old, q, ratio), CONFIDENCE).verdict === 'fail') {
        flagged[id]++;
        any = true;
      }
    }
    if (any) flagged.either++;
  }
  return Object.fromEntries(Object.entries(flagged).map(([id, count]) => [id, count / repetitions]));
}

const later = measured.slice(1);
const asMeasured = { samples: measured[0].samples, workerMedians: measured[0].workerMedians, workerP99s: measured[0].workers.map((worker) => percentile(worker, 0.99)) };
const oneBaseline = (slowdown) => ({ old: asMeasured, fresh: resampledRun(pick(later), slowdown) });
function anyTwoRuns(slowdown) {
  const a = Math.floor(random() * runs);
  const b = (a + 1 + Math.floor(random() * (runs - 1))) % runs;
  return { old: resampledRun(measured[a], 0), fresh: resampledRun(measured[b], slowdown) };
}

const pct = (x) => `${(x * 100).toFixed(1)} %`;
const us = (ms) => `${(ms * 1000).toFixed(1)} µs`;
const sigma = runNoise(...measured.map((run) => run.workerMedians)).sigma ?? 0;
const centers = measured.map((run) => workerShift(run.workerMedians, measured[0].workerMedians, CONFIDENCE)?.ratio ?? 1);
console.log(`model          ${model.label}${positionals.length > 0 ? ` (${positionals.join(' ')})` : ''}`);
console.log(`measured       ${runs} runs × ${values.repeat} inference workers; run medians ${measured.map((run) => us(run.median)).join(', ')}`);
console.log(`noise          between workers σw ${pct(sigma)} (SD of log medians); run shifts vs run 1 ${centers.map((center) => `${center.toFixed(3)}×`).join(', ')}`);
console.log(`workers        ${measured.map((run) => run.workerMedians.map((median) => (median / baseMedian).toFixed(2)).join(' ')).join(' | ')} (÷ run 1's median)`);
console.log(`gate           ratio < ${MAX_RATIO.toFixed(2)}× at ${CONFIDENCE * 100} %, Hodges–Lehmann/Mann–Whitney on worker medians; ${repetitions} repetitions`);
const results = {};
for (const [label, sides] of [
  ['one baseline', oneBaseline],
  ['any two runs', anyTwoRuns],
]) {
  results[label] = {};
  for (const slowdown of [0, 0.05, 0.2]) {
    const r = rates(slowdown, sides);
    results[label][slowdown] = r;
    console.log(`${label.padEnd(13)}  slowdown ${String(Math.round(slowdown * 100)).padStart(2)} %  flagged: p50 ${pct(r['inference.p50'])}, p99 ${pct(r['inference.p99'])}, either ${pct(r.either)}`);
  }
}
const tDetection = rates(0.2, oneBaseline, previousGate)['inference.p50'];
const tFalse = rates(0, oneBaseline, previousGate).either;
console.log(`t interval     (the previous gate, same runs) detection ${pct(tDetection)}, false positives ${pct(tFalse)}`);
const detection = results['one baseline'][0.2]['inference.p50'];
const falsePositive = results['one baseline'][0].either;
console.log(`detection (20 %, p50)   ${pct(detection)} (goal ≥ 95 %) ${detection >= 0.95 ? 'MET' : 'NOT MET'}`);
console.log(`false positives (0 %)   ${pct(falsePositive)} (goal ≤ 1 %) ${falsePositive <= 0.01 ? 'MET' : 'NOT MET'}`);
