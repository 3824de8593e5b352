/**
 * The property the adaptive stopping rule must keep, driven through the real judge on the loop's
 * own schedule (simulateStoppingRule): with the true value at the threshold, 5 % and 20 % either
 * side of it, each error (a pass when the value is at or over the threshold, a fail when at or
 * under it) stays at or under (1 − c)/2 plus three Monte Carlo standard errors, at 90, 95 and 99 %.
 * The rule it replaced (a fixed-n interval re-checked at every look) is run beside it at 95 %, at
 * the threshold, and must break the same bound: the test can tell a rule that does not keep it.
 */
import { describe, expect, it } from 'vitest';
import { simulateStoppingRule, type SamplingSchedule, type SimulatedCheck } from '../../src/gate/stopping-rule-simulation.js';
import { mulberry32 } from '../../src/harness/feeds.js';

const CONFIDENCES = [0.9, 0.95, 0.99];
const POSITIONS = [1, 1.05, 0.95, 1.2, 0.8];

/** Nominal error per side plus three standard errors of a rate measured over `repetitions`. */
function allowedError(confidence: number, repetitions: number): number {
  const nominal = (1 - confidence) / 2;
  return nominal + 3 * Math.sqrt((nominal * (1 - nominal)) / repetitions);
}

export function describeSequentialError(check: SimulatedCheck, repetitions: number, schedule?: SamplingSchedule): void {
  describe(`${check}: the anytime-valid stopping rule keeps its stated error (${repetitions} seeded repetitions per case)`, () => {
    CONFIDENCES.forEach((confidence, c) => {
      POSITIONS.forEach((position, p) => {
        it(`at ${confidence * 100} %, true value ${position}× the threshold`, () => {
          const seed = 0x5e9 + 100 * c + p;
          const outcome = simulateStoppingRule({ check, rule: 'anytime', confidence, position, repetitions, schedule }, mulberry32(seed));
          const falsePass = position >= 1 ? outcome.passes / repetitions : 0;
          const falseFail = position <= 1 ? outcome.fails / repetitions : 0;
          console.log(
            `${check} c=${confidence} position=${position}: false pass ${(falsePass * 100).toFixed(2)} %, false fail ${(falseFail * 100).toFixed(2)} %, ` +
              `decided ${(((outcome.passes + outcome.fails) / repetitions) * 100).toFixed(1)} %, mean samples ${outcome.meanSamples.toFixed(0)}`,
          );
          expect(falsePass).toBeLessThanOrEqual(allowedError(confidence, repetitions));
          expect(falseFail).toBeLessThanOrEqual(allowedError(confidence, repetitions));
        });
      });
    });

    it('the rule it replaced breaks that bound at the threshold (95 %): the property can fail', () => {
      const outcome = simulateStoppingRule({ check, rule: 'fixed-n', confidence: 0.95, position: 1, repetitions, schedule }, mulberry32(0x01d));
      const worse = Math.max(outcome.passes, outcome.fails) / repetitions;
      console.log(`${check} previous rule at the threshold: false pass ${((outcome.passes / repetitions) * 100).toFixed(2)} %, false fail ${((outcome.fails / repetitions) * 100).toFixed(2)} %`);
      expect(worse).toBeGreaterThan(allowedError(0.95, repetitions));
    });
  });
}
