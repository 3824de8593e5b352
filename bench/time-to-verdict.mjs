// Time to a conclusive verdict with adaptive sampling vs a fixed 1,000-iteration run, measured
// side by side in one process on node-wasm (goal: adaptive ≤ 0.5× the fixed run).
//
//   npm run bench:time-to-verdict [-- --model fixtures/models/large-20mb.onnx --rounds 3]
//
// Both runs time the same model's inference phase. "adaptive" starts from 100 runs and stops as
// soon as the gated checks are decided; "fixed" does exactly 1,000 runs with nothing gated. The
// first comparison gates inference.p99 (a clear pass); the second the default KPI set, whose
// error.rate < 0.1 % needs 4,311 clean runs at 95 % (anytime-valid) before it can pass, so no run that short can
// decide it.
import { parseArgs } from 'node:util';
import { resolveRunConfig, runBenchmark } from '../dist/index.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: new URL('../fixtures/models/large-20mb.onnx', import.meta.url).pathname },
    rounds: { type: 'string', default: '3' },
  },
});

const common = { runtime: 'node-wasm', loadRuns: '1', maxLoadRuns: '1', warmup: '20', minTime: '0s', maxTime: '60s', reporter: 'json', inconclusive: 'pass' };
const offExcept = (ids) => ['load.p95', 'inference.p99', 'memory.peak', 'error.rate'].filter((id) => !ids.includes(id)).map((id) => `${id}=off`);

async function timedPhase(options) {
  const report = await runBenchmark(resolveRunConfig([values.model], { ...common, ...options }));
  const [result] = report.results;
  if (!result?.inference) throw new Error(`no inference result: ${result?.error?.message}`);
  const gated = result.checks.filter((check) => check.level === 'error').map((check) => `${check.id} ${check.verdict}`);
  return { ms: result.inference.timedPhaseMs, runs: result.inference.attempts, gated: gated.join(', ') || 'nothing gated' };
}

const scenarios = [
  { name: 'inference.p99 (clear pass)', goal: 0.5, adaptive: { iterations: '100', kpiLevel: offExcept(['inference.p99']) } },
  {
    name: 'p99 + error.rate',
    note: 'error.rate < 0.1 % cannot pass before 4,311 clean runs at 95 % (anytime-valid); a fixed 1,000-run run leaves it undecided',
    adaptive: { iterations: '100', kpiLevel: offExcept(['inference.p99', 'error.rate']) },
  },
];
const fixed = { iterations: '1000', kpiLevel: offExcept([]) };

console.log(`model ${values.model}, node-wasm, ${values.rounds} interleaved rounds\n`);
for (const scenario of scenarios) {
  const ratios = [];
  for (let round = 0; round < Number(values.rounds); round++) {
    // Alternate the order so drift hits both sides alike.
    const [a, f] = round % 2 === 0 ? [await timedPhase(scenario.adaptive), await timedPhase(fixed)] : [null, await timedPhase(fixed)];
    const adaptive = a ?? (await timedPhase(scenario.adaptive));
    ratios.push(adaptive.ms / f.ms);
    console.log(
      `${scenario.name.padEnd(28)} adaptive ${adaptive.ms.toFixed(0).padStart(6)} ms / ${String(adaptive.runs).padStart(5)} runs (${adaptive.gated})  vs  fixed ${f.ms.toFixed(0).padStart(6)} ms / ${f.runs} runs  → ${(adaptive.ms / f.ms).toFixed(3)}×`,
    );
  }
  const median = [...ratios].sort((x, y) => x - y)[Math.ceil(ratios.length / 2) - 1];
  const verdict = scenario.goal ? `(goal ≤ ${scenario.goal}×) ${median <= scenario.goal ? 'MET' : 'NOT MET'}` : `(${scenario.note})`;
  console.log(`${scenario.name.padEnd(28)} median ratio ${median.toFixed(3)}× ${verdict}\n`);
}
