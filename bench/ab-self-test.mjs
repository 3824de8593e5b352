// Self-test of `wasm-torch-bench ab` on a machine whose speed drifts: plants slowdowns of 0, 2, 5,
// 10 and 20 % on side B of Silero VAD on node-wasm (WTB_TEST_FAULTS stretch-run, side B's file
// only) and counts, per size, how often the command calls B slower (the detection rate; at 0 % the
// false-positive rate), same, faster or unsure, how long each verdict took (report.durationMs) and
// how many paired blocks. Beside it, the saved-baseline gate on the same conditions: save a
// baseline of A with a short run, wait a random 0–30 s (so the drift differs between the two runs,
// as between a main build and a pull request's), run A again with the slowdown planted and
// --baseline, and count regression.inference.p50 failures. The whole time, bench/drift-generator.mjs
// loads one core for 20–40 s at a time, resting 10–30 s, at random.
// Goals: identical sides flagged ≤ 1 %; 10 % slowdowns caught ≥ 95 %; 5 % caught ≥ 80 %; each
// verdict ≤ 3 min for a Silero-sized model.
//
//   npm run bench:ab-self-test [-- --reps 10 --reps-identical 30 --baseline-reps 4 --sizes 0,2,5,10,20 --seed 1]
//
// Gated: inference P50 only (error level); inference P99 at warn (reported, not gated); cold-load
// P50/P95 and memory peak off, so ab spends its time on inference blocks. Both gates get the same
// tolerance, --max-regression (default 5 %, ab's default; the baseline gate's own default is 10 %).
// The baseline gate's runs take one cold load and no KPIs (nothing but the regression checks
// decides when they stop), --max-time 10s and their default 10 inference workers.
// All runs (A/B and baseline pairs, all sizes) are done in one seeded random order, so the drift
// and whatever else the machine is doing fall on every size alike. Progress goes to stderr, the
// table to stdout, each run's raw result (after every run, so an interrupted test keeps them) to
// bench/results/ab-self-test-<date>.json (git-ignored: they belong to one machine and one day).
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { mulberry32 } from '../dist/harness/feeds.js';
import { startDrift } from './drift-generator.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({
  options: {
    reps: { type: 'string', default: '10' },
    'reps-identical': { type: 'string', default: '30' },
    'baseline-reps': { type: 'string', default: '4' },
    sizes: { type: 'string', default: '0,2,5,10,20' },
    seed: { type: 'string', default: '1' },
    'max-time': { type: 'string', default: '3m' },
    'max-regression': { type: 'string', default: '5%' },
    'baseline-max-time': { type: 'string', default: '10s' },
    'max-wait': { type: 'string', default: '30' },
    fixture: { type: 'string', default: 'silero-vad-v5' },
  },
});
const sizes = values.sizes.split(',').map((size) => Number(size.trim()));
if (sizes.some((size) => !(size >= 0))) throw new Error(`--sizes ${values.sizes}: give percentages ≥ 0, e.g. 0,2,5,10,20`);
const percentGiven = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(values['max-regression']);
if (!percentGiven) throw new Error(`--max-regression ${values['max-regression']}: give one percentage for every metric, e.g. 5%`);
const expectedMaxRatio = 1 + Number(percentGiven[1]) / 100;
const reps = Number(values.reps);
const repsIdentical = Number(values['reps-identical']);
const baselineReps = Number(values['baseline-reps']);
const seed = Number(values.seed);
const maxWaitMs = Number(values['max-wait']) * 1000;
const VERDICT_GOAL_MS = 180_000;

/** The fixture's file and the flags it needs, from fixtures/manifest.json. */
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'fixtures/manifest.json'), 'utf8'));
const fixture = manifest.models.find((model) => model.id === values.fixture);
if (!fixture) throw new Error(`no fixture "${values.fixture}" in fixtures/manifest.json; ids: ${manifest.models.map((model) => model.id).join(', ')}`);

const bin = path.join(ROOT, 'bin/wasm-torch-bench.js');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'wtb-ab-self-test-'));
const sideA = path.join(scratch, 'vad-A.onnx');
const sideB = path.join(scratch, 'vad-B.onnx');
copyFileSync(path.join(ROOT, fixture.path), sideA);
copyFileSync(path.join(ROOT, fixture.path), sideB);

const stamp = new Date().toISOString().slice(0, 16).replace(/:/g, '');
const resultsDir = path.join(ROOT, 'bench/results');
const resultsFile = path.join(resultsDir, `ab-self-test-${stamp}.json`);
mkdirSync(resultsDir, { recursive: true });

const common = [...fixture.args, '--runtime', 'node-wasm'];
const gateLevels = ['load.p50=off', 'load.p95=off', 'memory.peak=off', 'inference.p99=warn'].flatMap((level) => ['--regression-level', level]);
const baselineRunFlags = [
  ...common,
  '--load-runs',
  '1',
  '--max-load-runs',
  '1',
  ...['load.p95', 'inference.p99', 'memory.peak', 'error.rate'].flatMap((kpi) => ['--kpi-level', `${kpi}=off`]),
  '--max-time',
  values['baseline-max-time'],
  '--reporter',
  'json',
  '--quiet',
];

// ---- running the bin, stoppably --------------------------------------------------------------

let current = null;
let interrupted = null;
const drift = startDrift({ seed });
const startedAt = new Date();
const started = performance.now();
const loadAverageAtStart = os.loadavg().map((x) => Number(x.toFixed(2)));

function cleanUp() {
  drift.stop();
  current?.kill('SIGTERM'); // the bin closes its own workers
  rmSync(scratch, { recursive: true, force: true });
}
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (interrupted) process.exit(130); // a second signal: leave now (exit still stops the drift)
    interrupted = signal;
    process.stderr.write(`\n${signal}: the run in progress is abandoned; the table shows the runs done before it\n`);
    drift.stop();
    current?.kill('SIGTERM');
    wake?.();
  });
}

/** Runs the bin with `args`, WTB_TEST_FAULTS set to `faults` (or unset); resolves its exit, stderr's tail and wall time. */
function runBin(args, faults) {
  const env = { ...process.env };
  delete env.WTB_TEST_FAULTS;
  if (faults) env.WTB_TEST_FAULTS = faults;
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    current = child;
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr = (stderr + chunk).slice(-2000);
    });
    child.on('close', (code, signal) => {
      current = null;
      resolve({ code, signal, stderr, wallMs: performance.now() - t0 });
    });
  });
}

const readJson = (file) => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
};
/** Waits `ms`, or less when a signal comes. */
let wake = null;
const sleep = (ms) =>
  new Promise((resolve) => {
    const timer = setTimeout(() => wake(), ms);
    wake = () => {
      clearTimeout(timer);
      wake = null;
      resolve();
    };
  });
const round = (x, digits = 4) => (x === null || x === undefined ? null : Number(x.toFixed(digits)));

/** While `work` runs: the share of its wall time the drift generator was loading a core. */
async function withDrift(work) {
  const hogBefore = drift.hoggedMs();
  const t0 = performance.now();
  const loadAverage = round(os.loadavg()[0], 2);
  const result = await work();
  return { ...result, hogShare: round((drift.hoggedMs() - hogBefore) / (performance.now() - t0), 3), loadAverageAtStart: loadAverage };
}

// ---- one A/B run, one baseline-gate pair -----------------------------------------------------

let runIndex = 0;

async function abRun(planted, rep) {
  const out = path.join(scratch, `ab-${++runIndex}`);
  const args = ['ab', sideA, sideB, ...common, '--max-time', values['max-time'], '--max-regression', values['max-regression'], ...gateLevels, '--reporter', 'json', '--out', out, '--quiet'];
  return withDrift(async () => {
    const child = await runBin(args, planted > 0 ? `stretch-run=${planted / 100}:vad-B` : null);
    const report = readJson(path.join(out, 'wasm-torch-bench-ab.json'));
    const judgedRatio = report?.settings?.regressions?.find((entry) => entry.id === 'inference.p50')?.maxRatio;
    if (judgedRatio !== undefined && Math.abs(judgedRatio - expectedMaxRatio) > 1e-9) {
      throw new Error(`ab judged inference.p50 against ${judgedRatio}×, not ${expectedMaxRatio}× (--max-regression ${values['max-regression']})`);
    }
    const row = report?.rows?.[0];
    const p50 = row?.checks?.find((check) => check.id === 'ab.inference.p50');
    const p99 = row?.checks?.find((check) => check.id === 'ab.inference.p99');
    const base = { kind: 'ab', planted, rep, exitCode: child.code, wallMs: round(child.wallMs, 0) };
    if (!p50 || row.status !== 'ok' || judgedRatio === undefined) {
      return { ...base, outcome: child.signal || interrupted ? 'interrupted' : 'error', error: row?.error?.message ?? child.stderr.trim().split('\n').slice(-3).join(' ') };
    }
    return {
      ...base,
      outcome: interrupted ? 'interrupted' : p50.outcome,
      ratio: round(p50.ratio),
      interval: p50.interval && [round(p50.interval.low), round(p50.interval.high)],
      blocks: p50.blocks,
      p99: { outcome: p99?.outcome ?? null, ratio: round(p99?.ratio ?? null), interval: p99?.interval && [round(p99.interval.low), round(p99.interval.high)] },
      stopReason: row.stopReason?.inference ?? null,
      durationMs: round(report.durationMs, 0),
      blockRatios: row.inferenceBlocks.map((block) => (block.a.medianMs && block.b.medianMs ? round(block.b.medianMs / block.a.medianMs) : null)),
    };
  });
}

async function baselinePair(planted, rep, waitMs) {
  const n = ++runIndex;
  const baselineFile = path.join(scratch, `baseline-${n}.json`);
  const outSave = path.join(scratch, `save-${n}`);
  const outRun = path.join(scratch, `gate-${n}`);
  return withDrift(async () => {
    const base = { kind: 'baseline', planted, rep, waitMs: round(waitMs, 0) };
    const saving = await runBin([sideA, ...baselineRunFlags, '--save-baseline', baselineFile, '--out', outSave], null);
    if (saving.code !== 0 || interrupted) {
      return { ...base, outcome: interrupted ? 'interrupted' : 'error', error: `saving the baseline exited ${saving.code}: ${saving.stderr.trim().split('\n').slice(-3).join(' ')}` };
    }
    await sleep(waitMs);
    if (interrupted) return { ...base, outcome: 'interrupted' };
    const args = [sideA, ...baselineRunFlags, '--baseline', baselineFile, '--max-regression', values['max-regression'], ...gateLevels, '--out', outRun];
    const gate = await runBin(args, planted > 0 ? `stretch-run=${planted / 100}` : null);
    const report = readJson(path.join(outRun, 'wasm-torch-bench.json'));
    const check = report?.results?.[0]?.checks?.find((entry) => entry.id === 'regression.inference.p50');
    const saved = readJson(path.join(outSave, 'wasm-torch-bench.json'));
    const timing = { saveMs: round(saved?.durationMs ?? null, 0), gateMs: round(report?.durationMs ?? null, 0), wallMs: round(saving.wallMs + waitMs + gate.wallMs, 0) };
    if (!check) {
      return {
        ...base,
        ...timing,
        exitCode: gate.code,
        outcome: interrupted ? 'interrupted' : 'error',
        error: report?.results?.[0]?.error?.message ?? gate.stderr.trim().split('\n').slice(-3).join(' '),
      };
    }
    return {
      ...base,
      ...timing,
      exitCode: gate.code,
      outcome: interrupted || report.partial ? 'interrupted' : check.verdict,
      ratio: round(check.actual),
      interval: check.interval && [round(check.interval.low), round(check.interval.high)],
    };
  });
}

// ---- the schedule: every run of every size, in one seeded random order -----------------------

const random = mulberry32(seed + 1);
const jobs = [];
for (const planted of sizes) {
  for (let rep = 0; rep < (planted === 0 ? repsIdentical : reps); rep++) jobs.push({ kind: 'ab', planted, rep });
  for (let rep = 0; rep < baselineReps; rep++) jobs.push({ kind: 'baseline', planted, rep, waitMs: 0 });
}
for (let i = jobs.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [jobs[i], jobs[j]] = [jobs[j], jobs[i]];
}
for (const job of jobs) if (job.kind === 'baseline') job.waitMs = random() * maxWaitMs;

const runs = [];
const settings = {
  fixture: fixture.id,
  runtime: 'node-wasm',
  sizesPercent: sizes,
  reps,
  repsIdentical,
  baselineReps,
  seed,
  abMaxTime: values['max-time'],
  maxRegression: values['max-regression'],
  baselineMaxTime: values['baseline-max-time'],
  baselineMaxWaitMs: maxWaitMs,
  gate: 'inference.p50 at error; inference.p99 at warn; load.p50, load.p95, memory.peak off',
  drift: 'bench/drift-generator.mjs: one core loaded 20–40 s at a time, resting 10–30 s',
};

let tableForJson = null;
function save(partial) {
  const document = {
    startedAt: startedAt.toISOString(),
    wallMs: round(performance.now() - started, 0),
    partial,
    settings,
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null, node: process.version, loadAverageAtStart },
    driftHoggedMs: round(drift.hoggedMs(), 0),
    summary: tableForJson,
    runs,
  };
  writeFileSync(`${resultsFile}.tmp`, `${JSON.stringify(document, null, 1)}\n`);
  renameSync(`${resultsFile}.tmp`, resultsFile);
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const clock = () => {
  const s = Math.round((performance.now() - started) / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};
const signedPct = (ratio) => `${ratio >= 1 ? '+' : '−'}${Math.abs((ratio - 1) * 100).toFixed(1)}`;
const describe = (run) =>
  run.ratio === undefined || run.ratio === null
    ? `${run.outcome}${run.error ? `: ${run.error.slice(0, 160)}` : ''}`
    : `${run.outcome} ${signedPct(run.ratio)} % [${run.interval?.[0] == null ? '—' : signedPct(run.interval[0])}, ${run.interval?.[1] == null ? '—' : signedPct(run.interval[1])}]`;

process.stderr.write(
  `${jobs.length} jobs (${jobs.filter((job) => job.kind === 'ab').length} A/B runs, ${jobs.filter((job) => job.kind === 'baseline').length} baseline pairs); results → ${path.relative(ROOT, resultsFile)}; load average ${loadAverageAtStart.join(' ')}\n`,
);
const spent = { ab: [], baseline: [] };
for (const [index, job] of jobs.entries()) {
  if (interrupted) break;
  const run = job.kind === 'ab' ? await abRun(job.planted, job.rep) : await baselinePair(job.planted, job.rep, job.waitMs);
  runs.push(run);
  save(Boolean(interrupted) || index < jobs.length - 1);
  spent[job.kind].push(run.wallMs ?? 0);
  const mean = (list) => (list.length ? list.reduce((a, b) => a + b, 0) / list.length : 0);
  const left = jobs.slice(index + 1);
  const eta = left.reduce((sum, next) => sum + (mean(spent[next.kind]) || mean([...spent.ab, ...spent.baseline])), 0);
  const detail = job.kind === 'ab' ? `${run.blocks ?? '—'} blocks in ${seconds(run.durationMs ?? run.wallMs)}` : `wait ${seconds(job.waitMs)}, pair ${seconds(run.wallMs ?? 0)}`;
  process.stderr.write(
    `[${index + 1}/${jobs.length} ${clock()}, ~${Math.round(eta / 60_000)} min left] ${job.kind === 'ab' ? 'A/B     ' : 'baseline'} +${job.planted} % #${job.rep + 1}: ${describe(run)} ${detail} (drift ${Math.round((run.hogShare ?? 0) * 100)} % of the time, load avg ${run.loadAverageAtStart})\n`,
  );
}

cleanUp(); // the drift's timers would keep the process alive

// ---- the table -------------------------------------------------------------------------------

const done = (list) => list.filter((run) => run.outcome !== 'interrupted' && run.outcome !== 'error');
const pct = (count, total) => (total === 0 ? '—' : `${((count / total) * 100).toFixed(total >= 100 ? 1 : 0)} %`);
const cell = (count, total) => `${count} (${pct(count, total)})`;
const mean = (list) => (list.length ? list.reduce((a, b) => a + b, 0) / list.length : null);
const rows = [];
const summary = {};
for (const planted of sizes) {
  const ab = done(runs.filter((run) => run.kind === 'ab' && run.planted === planted));
  const gate = done(runs.filter((run) => run.kind === 'baseline' && run.planted === planted));
  const count = (list, outcome) => list.filter((run) => run.outcome === outcome).length;
  const meanMs = mean(ab.map((run) => run.durationMs));
  const maxMs = ab.length ? Math.max(...ab.map((run) => run.durationMs)) : null;
  summary[planted] = {
    ab: ab.length,
    slower: count(ab, 'slower'),
    same: count(ab, 'same'),
    faster: count(ab, 'faster'),
    unsure: count(ab, 'unsure'),
    gate: gate.length,
    fail: count(gate, 'fail'),
    inconclusive: count(gate, 'inconclusive'),
    maxMs,
  };
  rows.push([
    `${planted} %`,
    String(ab.length),
    cell(count(ab, 'slower'), ab.length),
    cell(count(ab, 'same'), ab.length),
    cell(count(ab, 'faster'), ab.length),
    cell(count(ab, 'unsure'), ab.length),
    meanMs === null ? '—' : seconds(meanMs),
    maxMs === null ? '—' : seconds(maxMs),
    ab.length ? (mean(ab.map((run) => run.blocks)) ?? 0).toFixed(1) : '—',
    '│',
    String(gate.length),
    cell(count(gate, 'fail'), gate.length),
    cell(count(gate, 'inconclusive'), gate.length),
    cell(count(gate, 'pass'), gate.length),
  ]);
}
const header = ['planted', 'A/B runs', 'slower', 'same', 'faster', 'unsure', 'mean time', 'max time', 'mean blocks', '│', 'baseline runs', 'fail', 'inconclusive', 'pass'];
const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
const line = (cells) => cells.map((text, i) => (i === 0 ? text.padEnd(widths[i]) : text.padStart(widths[i]))).join('  ');

const wallMs = performance.now() - started;
console.log(`model      ${fixture.id} (${fixture.args.join(' ')}) on node-wasm, sides copied to vad-A.onnx / vad-B.onnx; slowdown planted on B (stretch-run)`);
console.log(`gate       inference P50 only (error level); inference P99 at warn; load P50/P95 and memory peak off; --max-regression ${values['max-regression']} for both gates`);
console.log(`A/B        wasm-torch-bench ab, --max-time ${values['max-time']}; "slower" = detection (at 0 %: false positive); time = report.durationMs`);
console.log(
  `baseline   --save-baseline of A (--max-time ${values['baseline-max-time']}, 1 cold load, KPIs off), wait 0–${maxWaitMs / 1000} s, A again with the stretch and --baseline; fail/inconclusive/pass of regression.inference.p50`,
);
console.log(
  `drift      bench/drift-generator.mjs (seed ${seed}) loaded a core ${pct(drift.hoggedMs(), wallMs)} of the ${(wallMs / 60_000).toFixed(1)} min; ${os.cpus().length} cores; load average at start ${loadAverageAtStart.join(' ')}${interrupted ? `; INTERRUPTED (${interrupted}): partial` : ''}`,
);
console.log('');
console.log(line(header));
for (const row of rows) console.log(line(row));
console.log('');

/** One goal line: the A/B command's figure and the baseline gate's beside it. */
function goal(text, planted, wanted, met) {
  const s = summary[planted];
  if (!s) return console.log(`${text.padEnd(38)} (${planted} % not in --sizes)`);
  const abShare = s.ab ? s.slower / s.ab : null;
  const gateShare = s.gate ? s.fail / s.gate : null;
  const verdict = abShare === null ? 'NO RUNS' : met(abShare) ? 'MET' : 'NOT MET';
  console.log(
    `${text.padEnd(38)} ab ${cell(s.slower, s.ab).padEnd(10)} ${verdict.padEnd(8)}  baseline gate ${cell(s.fail, s.gate)}${gateShare === null ? '' : met(gateShare) ? ' (would meet it)' : ' (would not)'}  [goal ${wanted}]`,
  );
}
goal('identical sides flagged', 0, '≤ 1 %', (share) => share <= 0.01);
goal('10 % slowdowns caught', 10, '≥ 95 %', (share) => share >= 0.95);
goal('5 % slowdowns caught', 5, '≥ 80 %', (share) => share >= 0.8);
const abDone = done(runs.filter((run) => run.kind === 'ab'));
const slowest = abDone.length ? Math.max(...abDone.map((run) => run.durationMs)) : null;
const undecided = abDone.filter((run) => run.stopReason !== 'decided').length;
console.log(
  `${'each verdict ≤ 3 min'.padEnd(38)} ab slowest ${slowest === null ? '—' : seconds(slowest)}, ${undecided} of ${abDone.length} stopped at --max-time unsure ${slowest !== null && slowest <= VERDICT_GOAL_MS && undecided === 0 ? 'MET' : 'NOT MET'}  [goal ≤ 3 min]`,
);
const failed = runs.filter((run) => run.outcome === 'error');
if (failed.length > 0) console.log(`errors     ${failed.length} runs gave no verdict (left out above; see the JSON): ${failed.map((run) => `${run.kind} +${run.planted} %`).join(', ')}`);
console.log(`total      ${(wallMs / 60_000).toFixed(1)} min wall; raw results ${path.relative(ROOT, resultsFile)}`);
tableForJson = summary;
save(Boolean(interrupted));
if (interrupted) process.exitCode = 130;
