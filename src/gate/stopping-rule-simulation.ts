/**
 * The adaptive sampling loop's stopping rule, run on synthetic samples whose true value sits at a
 * chosen place relative to the threshold: how often it passes, fails or stays undecided, and how
 * many samples it takes. It drives the very judge the loop calls (samplingJudge) on the loop's
 * own schedule (a look after every cold load; inference chunks grown by nextChunkRuns), so the
 * property test and `npm run bench:sequential-error` measure the rule as it runs. Pure: the
 * caller hands in the random source (seeded, so every figure is reproducible).
 */
import type { KpiSpec } from '../types.js';
import { evaluateCheck, samplingAfter, type GateInputs } from './evaluate-checks.js';
import { inferenceInputs, loadInputs, nextChunkRuns, samplingJudge } from './sampling-judge.js';

export type SimulatedCheck = 'load.p95' | 'inference.p99' | 'error.rate';

/**
 * anytime: the rule as it runs (anytime-valid intervals at every look). fixed-n: the rule it
 * replaced, a fixed-n interval re-checked at every look (look 0 makes the gate judge the samples
 * as if their count had been fixed in advance).
 */
export type StoppingRule = 'anytime' | 'fixed-n';

export interface SamplingSchedule {
  /** Samples before the first look (--load-runs; --iterations for inference). */
  first: number;
  /** Samples at which sampling stops undecided (--max-load-runs; what --max-time allows). */
  cap: number;
}

/** The defaults: 20 → 100 cold loads; 300 runs, then chunks, up to 20,000 runs. */
export const DEFAULT_SCHEDULES: Record<SimulatedCheck, SamplingSchedule> = {
  'load.p95': { first: 20, cap: 100 },
  'inference.p99': { first: 300, cap: 20_000 },
  'error.rate': { first: 300, cap: 20_000 },
};

export const DEFAULT_THRESHOLDS: Record<SimulatedCheck, number> = { 'load.p95': 2000, 'inference.p99': 500, 'error.rate': 0.001 };

export interface SimulationCase {
  check: SimulatedCheck;
  rule: StoppingRule;
  confidence: number;
  /** The true value over the threshold: 1 at it, 1.2 for 20 % above, 0.8 for 20 % below. */
  position: number;
  repetitions: number;
  schedule?: SamplingSchedule;
}

export interface SimulationOutcome {
  passes: number;
  fails: number;
  undecided: number;
  repetitions: number;
  /** Samples (cold loads or runs) when the rule stopped, averaged over repetitions. */
  meanSamples: number;
}

/**
 * Log-logistic latencies (shape 8, a right-skewed spread like measured loads and runs) whose
 * q-quantile is `quantileMs`. The rule only sees ranks, so the shape changes how hard a case is,
 * never whether the error bound holds.
 */
function latencyDraw(q: number, quantileMs: number, random: () => number): () => number {
  const shape = 8;
  const scale = quantileMs / (q / (1 - q)) ** (1 / shape);
  return () => {
    const u = random();
    return scale * (u / (1 - u)) ** (1 / shape);
  };
}

type Verdict = 'pass' | 'fail' | 'undecided';

/** The verdict the report gives at the last look: the gate's own, on the same inputs. */
function verdictAt(kpi: KpiSpec, inputs: GateInputs, confidence: number): Verdict {
  const { verdict } = evaluateCheck(kpi, inputs, confidence);
  return verdict === 'pass' || verdict === 'fail' ? verdict : 'undecided';
}

/** The look number the judge is given: 0 judges the samples as a fixed count (the old rule). */
function lookFor(rule: StoppingRule, look: number): number {
  return rule === 'anytime' ? look : 0;
}

/** One run of the load loop: a look after every cold load from `first` on, the cap's included. */
function simulateLoads(kpi: KpiSpec, rule: StoppingRule, confidence: number, schedule: SamplingSchedule, draw: () => number): [Verdict, number] {
  const judge = samplingJudge({ kpis: [kpi], confidence });
  const samples: number[] = [];
  for (let look = 1; ; look++) {
    while (samples.length < schedule.first + look - 1) samples.push(draw());
    if (judge.loadsDecided(samples, lookFor(rule, look)) || samples.length >= schedule.cap) {
      return [verdictAt(kpi, loadInputs(samples, samplingAfter(lookFor(rule, look))), confidence), samples.length];
    }
  }
}

/** One run of the inference loop on the pooled runs: chunks as the loop sizes them, up to the cap. */
function simulateInference(kpi: KpiSpec, rule: StoppingRule, confidence: number, schedule: SamplingSchedule, run: () => { sampleMs: number | null; failed: boolean }): [Verdict, number] {
  const judge = samplingJudge({ kpis: [kpi], confidence });
  const samplesMs: number[] = [];
  let errors = 0;
  let attempts = 0;
  const runUpTo = (count: number) => {
    for (; attempts < count; attempts++) {
      const { sampleMs, failed } = run();
      if (failed) errors++;
      else if (sampleMs !== null) samplesMs.push(sampleMs);
    }
  };
  runUpTo(schedule.first);
  for (let look = 1; ; look++) {
    const need = judge.inferenceNeed(samplesMs, errors, attempts, 1, lookFor(rule, look));
    if (need.decided || attempts >= schedule.cap) {
      return [verdictAt(kpi, inferenceInputs(samplesMs, errors, attempts, samplingAfter(lookFor(rule, look))), confidence), attempts];
    }
    runUpTo(Math.min(schedule.cap, attempts + nextChunkRuns(attempts, need.minimumRuns, 1)));
  }
}

export function simulateStoppingRule(testCase: SimulationCase, random: () => number): SimulationOutcome {
  const { check, rule, confidence, position, repetitions } = testCase;
  const schedule = testCase.schedule ?? DEFAULT_SCHEDULES[check];
  const threshold = DEFAULT_THRESHOLDS[check];
  const kpi: KpiSpec = { id: check, threshold, level: 'error' };
  const outcome: SimulationOutcome = { passes: 0, fails: 0, undecided: 0, repetitions, meanSamples: 0 };
  let samples = 0;
  for (let rep = 0; rep < repetitions; rep++) {
    let result: [Verdict, number];
    if (check === 'load.p95') {
      result = simulateLoads(kpi, rule, confidence, schedule, latencyDraw(0.95, position * threshold, random));
    } else if (check === 'inference.p99') {
      const draw = latencyDraw(0.99, position * threshold, random);
      result = simulateInference(kpi, rule, confidence, schedule, () => ({ sampleMs: draw(), failed: false }));
    } else {
      const rate = position * threshold;
      // The error rate's check reads no latencies: none are kept, so nothing is sorted for nothing.
      result = simulateInference(kpi, rule, confidence, schedule, () => ({ sampleMs: null, failed: random() < rate }));
    }
    const [verdict, count] = result;
    if (verdict === 'pass') outcome.passes++;
    else if (verdict === 'fail') outcome.fails++;
    else outcome.undecided++;
    samples += count;
  }
  return { ...outcome, meanSamples: samples / repetitions };
}
