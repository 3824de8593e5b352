/**
 * The A/B stopping rule on synthetic blocks: how often it says slower, faster, same or unsure for
 * a given true ratio B / A, and how many blocks it takes. Each block's ratio is the true ratio times
 * log-normal noise whose spread switches between calm and busy stretches of the runner (a Markov
 * chain, so busy spells last), as a shared CI machine does; a look follows every block from the
 * first look on, as the A/B loop looks. It drives the gate's own verdict on the stats' own
 * interval, so the property test and the bench measure the rule that runs. Pure: the caller hands
 * in the random source (seeded).
 */
import { minBlocksForPairedInterval, pairedRatio, type PairedRatio } from '../stats/paired-ratio.js';
import { percentile, sortAscending } from '../stats/percentiles.js';
import { quantileInterval } from '../stats/quantile-interval.js';
import { abDecided, abVerdict, type AbVerdict } from './ab-verdict.js';

/**
 * anytime: the rule as it runs. fixed-n: a fixed-n interval for the median re-checked after every
 * block, the mistake the anytime-valid interval exists to avoid (shown to break the bound).
 */
export type PairedRule = 'anytime' | 'fixed-n';

export interface PairedSimulationCase {
  rule: PairedRule;
  /** B / A: 1 for identical sides, 1.05 for B 5 % slower. */
  trueRatio: number;
  confidence: number;
  /** The tolerance of "same" (0.05: ±5 %). */
  maxRegression: number;
  repetitions: number;
  /** Blocks at which sampling stops unsure (what --max-time allows). */
  maxBlocks: number;
  /** SD of a block's log-ratio on a calm runner and in a busy stretch. */
  calmSpread: number;
  busySpread: number;
  /** Chance per block that a calm stretch turns busy, and that a busy one calms down. */
  busyStarts: number;
  busyEnds: number;
}

/** Measured on this 2-core machine with a CPU hog switched on and off (docs: methodology). */
export const SHARED_RUNNER_NOISE = { calmSpread: 0.014, busySpread: 0.04, busyStarts: 0.05, busyEnds: 0.1 } as const;

export interface PairedSimulationOutcome {
  counts: Record<AbVerdict, number>;
  repetitions: number;
  meanBlocks: number;
}

function standardNormal(random: () => number): number {
  // Box–Muller; 1 − u keeps the logarithm finite.
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function fixedNPairedRatio(ratios: readonly number[], confidence: number): PairedRatio {
  const sorted = sortAscending(ratios);
  const { low, high } = quantileInterval(sorted, 0.5, confidence);
  return { ratio: percentile(sorted, 0.5), low, high, blocks: sorted.length };
}

function simulateOnce(testCase: PairedSimulationCase, random: () => number): [AbVerdict, number] {
  const firstLook = minBlocksForPairedInterval(testCase.confidence);
  const ratios: number[] = [];
  let busy = false;
  for (;;) {
    busy = busy ? random() >= testCase.busyEnds : random() < testCase.busyStarts;
    const spread = busy ? testCase.busySpread : testCase.calmSpread;
    ratios.push(testCase.trueRatio * Math.exp(spread * standardNormal(random)));
    if (ratios.length < firstLook && ratios.length < testCase.maxBlocks) continue;
    const estimate = testCase.rule === 'anytime' ? pairedRatio(ratios, testCase.confidence) : fixedNPairedRatio(ratios, testCase.confidence);
    const verdict = abVerdict(estimate, testCase.maxRegression);
    if (abDecided(verdict) || ratios.length >= testCase.maxBlocks) return [verdict, ratios.length];
  }
}

export function simulatePairedStoppingRule(testCase: PairedSimulationCase, random: () => number): PairedSimulationOutcome {
  const counts: Record<AbVerdict, number> = { slower: 0, faster: 0, same: 0, unsure: 0 };
  let blocks = 0;
  for (let rep = 0; rep < testCase.repetitions; rep++) {
    const [verdict, used] = simulateOnce(testCase, random);
    counts[verdict]++;
    blocks += used;
  }
  return { counts, repetitions: testCase.repetitions, meanBlocks: blocks / testCase.repetitions };
}
