/**
 * The A/B stopping rule keeps the error its verdicts state, under the looking it does: a look after
 * every block, stopping at the first verdict. Driven through the gate's own verdict and the stats'
 * own interval (simulatePairedStoppingRule) with seeded blocks whose noise switches between calm
 * and busy stretches. Identical sides are called slower (or faster) at most (1 − c)/2 of the time,
 * plus three Monte Carlo standard errors; B exactly the tolerance slower (or faster) is called
 * "same" at most as often. A fixed-n interval re-checked at every block must break that bound, so
 * the test can fail.
 */
import { describe, expect, it } from 'vitest';
import { simulatePairedStoppingRule, SHARED_RUNNER_NOISE, type PairedSimulationCase } from '../../src/gate/paired-stopping-simulation.js';
import { mulberry32 } from '../../src/harness/feeds.js';

const REPETITIONS = 1000;
const TOLERANCE = 0.05;
/** The measured paired noise, and a runner five times noisier (about cold loads' spread), where decisions take many looks. */
const NOISES = { 'shared runner': SHARED_RUNNER_NOISE, 'five times noisier': { calmSpread: 0.07, busySpread: 0.2, busyStarts: 0.05, busyEnds: 0.1 } };

function allowedError(confidence: number): number {
  const nominal = (1 - confidence) / 2;
  return nominal + 3 * Math.sqrt((nominal * (1 - nominal)) / REPETITIONS);
}

function run(overrides: Pick<PairedSimulationCase, 'trueRatio' | 'confidence' | 'rule'> & Partial<PairedSimulationCase>, seed: number) {
  return simulatePairedStoppingRule({ maxRegression: TOLERANCE, repetitions: REPETITIONS, maxBlocks: 200, ...SHARED_RUNNER_NOISE, ...overrides }, mulberry32(seed));
}

describe(`A/B verdicts keep their stated error under sequential looks (${REPETITIONS} seeded repetitions per case)`, () => {
  let seed = 0xab;
  for (const [noiseName, noise] of Object.entries(NOISES)) {
    for (const confidence of [0.9, 0.95, 0.99]) {
      it(`${noiseName}, ${confidence * 100} %: identical sides are rarely called slower or faster`, () => {
        const outcome = run({ trueRatio: 1, confidence, rule: 'anytime', ...noise }, seed++);
        console.log(`${noiseName} c=${confidence} identical: ${JSON.stringify(outcome.counts)}, mean blocks ${outcome.meanBlocks.toFixed(1)}`);
        expect(outcome.counts.slower / REPETITIONS).toBeLessThanOrEqual(allowedError(confidence));
        expect(outcome.counts.faster / REPETITIONS).toBeLessThanOrEqual(allowedError(confidence));
      });

      it(`${noiseName}, ${confidence * 100} %: B exactly the tolerance slower or faster is rarely called same`, () => {
        for (const trueRatio of [1 + TOLERANCE, 1 / (1 + TOLERANCE)]) {
          const outcome = run({ trueRatio, confidence, rule: 'anytime', ...noise }, seed++);
          console.log(`${noiseName} c=${confidence} ratio ${trueRatio.toFixed(4)}: ${JSON.stringify(outcome.counts)}, mean blocks ${outcome.meanBlocks.toFixed(1)}`);
          expect(outcome.counts.same / REPETITIONS).toBeLessThanOrEqual(allowedError(confidence));
        }
      });
    }
  }

  it('a fixed-n interval re-checked after every block breaks that bound (95 %): the property can fail', () => {
    const noise = NOISES['five times noisier'];
    const identical = run({ trueRatio: 1, confidence: 0.95, rule: 'fixed-n', ...noise }, 0xf1);
    const atTolerance = run({ trueRatio: 1 + TOLERANCE, confidence: 0.95, rule: 'fixed-n', ...noise }, 0xf2);
    console.log(`fixed-n: identical ${JSON.stringify(identical.counts)}; at the tolerance ${JSON.stringify(atTolerance.counts)}`);
    const worst = Math.max(identical.counts.slower, identical.counts.faster, atTolerance.counts.same) / REPETITIONS;
    expect(worst).toBeGreaterThan(allowedError(0.95));
  });

  it('on the shared runner a 5 % slowdown is called slower at least 95 % of the time, within 40 blocks on average', () => {
    const outcome = run({ trueRatio: 1.05, confidence: 0.95, rule: 'anytime' }, 0x55);
    expect(outcome.counts.slower / REPETITIONS).toBeGreaterThanOrEqual(0.95);
    expect(outcome.meanBlocks).toBeLessThanOrEqual(40);
  });
});
