// The adaptive stopping rule's real error and cost, by seeded simulation through the gate's own
// judge on the sampling loop's own schedule (default settings: 95 %, 20 → 100 cold loads; 300
// runs, then chunks, up to 20,000), the rule as it runs beside the rule it replaced (a fixed-n
// interval re-checked at every look).
//
//   npm run bench:sequential-error [-- --repetitions 20000 --inference-repetitions 4000]
//
// Per check, one line per rule: the false pass and false fail rates with the true value exactly at
// the threshold (nominal (1 − c)/2 each), the mean samples at the stop with the true value 20 %
// above and 20 % below it, and (quantiles) the samples a clear pass takes, the true value at half
// the threshold. Latencies are log-logistic (shape 8); failures Bernoulli.
import { parseArgs } from 'node:util';
import { simulateStoppingRule } from '../dist/gate/stopping-rule-simulation.js';
import { mulberry32 } from '../dist/harness/feeds.js';

const { values } = parseArgs({
  options: {
    repetitions: { type: 'string', default: '20000' },
    'inference-repetitions': { type: 'string', default: '4000' },
    seed: { type: 'string', default: '1' },
  },
});

const CONFIDENCE = 0.95;
const NOMINAL = (1 - CONFIDENCE) / 2;
const CHECKS = [
  { check: 'load.p95', repetitions: Number(values.repetitions), unit: 'loads', clearPass: true },
  { check: 'inference.p99', repetitions: Number(values['inference-repetitions']), unit: 'runs', clearPass: true },
  { check: 'error.rate', repetitions: Number(values.repetitions), unit: 'runs', clearPass: false },
];
const RULES = [
  { rule: 'anytime', label: 'anytime-valid (now)' },
  { rule: 'fixed-n', label: 'fixed-n per look (before)' },
];

const percent = (share) => `${(share * 100).toFixed(2)} %`;
let seed = Number(values.seed);

function simulate(check, rule, position, repetitions) {
  const started = performance.now();
  const outcome = simulateStoppingRule({ check, rule, confidence: CONFIDENCE, position, repetitions }, mulberry32(seed++));
  process.stderr.write(`\r${check} ${rule} at ${position}× the threshold: ${((performance.now() - started) / 1000).toFixed(1)} s   `);
  return outcome;
}

console.log(`confidence ${CONFIDENCE * 100} %, nominal error per side ${percent(NOMINAL)}, default sampling schedules, seed ${values.seed}\n`);
const lines = [];
for (const { check, repetitions, unit, clearPass } of CHECKS) {
  for (const { rule, label } of RULES) {
    const atThreshold = simulate(check, rule, 1, repetitions);
    const above = simulate(check, rule, 1.2, repetitions);
    const below = simulate(check, rule, 0.8, repetitions);
    const decided = (o) => (o.passes + o.fails) / o.repetitions;
    const meanAt20 = (above.meanSamples + below.meanSamples) / 2;
    const clear = clearPass ? simulate(check, rule, 0.5, Math.min(repetitions, 2000)) : null;
    lines.push(
      `${check}: false pass ${percent(atThreshold.passes / repetitions)} false fail ${percent(atThreshold.fails / repetitions)} (nominal ${percent(NOMINAL)}), ` +
        `mean samples to a decision ${meanAt20.toFixed(0)} at ±20 % (decided ${percent(decided(above))} at +20 %, ${percent(decided(below))} at −20 %)` +
        (clear ? `, clear pass after ${clear.meanSamples.toFixed(1)} ${unit}` : '') +
        `  [${label}, ${repetitions} repetitions]`,
    );
  }
}
process.stderr.write('\n');
console.log(lines.join('\n'));
