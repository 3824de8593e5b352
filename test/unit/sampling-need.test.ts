import { describe, expect, it } from 'vitest';
import { FIXED_SAMPLING, sampleSetOf, samplingNeed, type GateInputs } from '../../src/gate/evaluate-checks.js';
import type { KpiSpec } from '../../src/types.js';

const P99: KpiSpec = { id: 'inference.p99', threshold: 500, level: 'error' };
const ERROR_RATE: KpiSpec = { id: 'error.rate', threshold: 0.001, level: 'error' };
const inferenceOnly = (id: string) => id.startsWith('inference.') || id === 'error.rate';

function inputs(samples: number[], errors: number, attempts: number): GateInputs {
  return {
    load: null,
    inference: sampleSetOf(samples),
    firstInferenceMs: null,
    memoryPeakBytes: null,
    memoryRssBytes: null,
    retained: null,
    errors,
    attempts,
    loadSampling: FIXED_SAMPLING,
    inferenceSampling: FIXED_SAMPLING,
  };
}

/** 1, 2, …, n milliseconds: far below a 500 ms threshold. */
const ramp = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('samplingNeed', () => {
  it('too few samples for a P99 upper bound: 368 at 95 %, in runs (× the batch size)', () => {
    expect(samplingNeed([P99], inputs(ramp(100), 0, 100), 0.95, inferenceOnly)).toEqual({ decided: false, minimumRuns: 368 });
    expect(samplingNeed([P99], inputs(ramp(100), 0, 300), 0.95, inferenceOnly, 3)).toEqual({ decided: false, minimumRuns: 1104 });
  });

  it('zero failures need 3,688 clean runs for error.rate < 0.1 %; the larger need wins', () => {
    expect(samplingNeed([ERROR_RATE], inputs(ramp(1000), 0, 1000), 0.95, inferenceOnly)).toEqual({ decided: false, minimumRuns: 3688 });
    expect(samplingNeed([P99, ERROR_RATE], inputs(ramp(100), 0, 100), 0.95, inferenceOnly)).toEqual({ decided: false, minimumRuns: 3688 });
  });

  it('a straddling interval has no known need', () => {
    // 400 samples 1..400 ms: P99 = 396, its 95 % interval reaches 400 ms; a 398 ms threshold sits inside.
    const straddled: KpiSpec = { id: 'inference.p99', threshold: 398, level: 'error' };
    expect(samplingNeed([straddled], inputs(ramp(400), 0, 400), 0.95, inferenceOnly)).toEqual({ decided: false, minimumRuns: null });
  });

  it('decided once every error-level check is; warn-level and filtered-out checks do not count', () => {
    expect(samplingNeed([P99], inputs(ramp(400), 0, 400), 0.95, inferenceOnly)).toEqual({ decided: true, minimumRuns: null });
    expect(samplingNeed([{ ...ERROR_RATE, level: 'warn' }], inputs(ramp(10), 0, 10), 0.95, inferenceOnly).decided).toBe(true);
    expect(samplingNeed([{ id: 'load.p95', threshold: 2000, level: 'error' }], inputs(ramp(10), 0, 10), 0.95, inferenceOnly).decided).toBe(true);
  });
});
