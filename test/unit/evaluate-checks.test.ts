import { describe, it, expect } from 'vitest';
import { checkName, evaluateCheck, evaluateChecks, trialVerdict, type GateInputs } from '../../src/gate/evaluate-checks.js';
import type { CheckRecord } from '../../src/report/schema.js';
import type { Summary } from '../../src/stats/summary.js';
import type { KpiSpec } from '../../src/types.js';

const LOAD_20: Summary = { n: 20, min: 900, max: 2100, mean: 1200, stddev: 300, p50: 1100, p90: 1400, p95: 1410, p99: 2100 };
const INFERENCE_300: Summary = { n: 300, min: 3, max: 120, mean: 8, stddev: 2, p50: 7, p90: 10, p95: 12, p99: 40 };

function inputs(overrides: Partial<GateInputs> = {}): GateInputs {
  return {
    load: LOAD_20,
    inference: INFERENCE_300,
    firstInferenceMs: 12,
    memoryPeakBytes: 16_777_216,
    memoryRssBytes: 150_000_000,
    errors: 0,
    attempts: 310,
    ...overrides,
  };
}

const LOAD_P95: KpiSpec = { id: 'load.p95', threshold: 2000, level: 'error' };

describe('checkName', () => {
  it('formats the threshold in the unit of the metric, bytes in short form', () => {
    expect(checkName({ id: 'load.p95', threshold: 2000 })).toBe('load.p95 < 2 s');
    expect(checkName({ id: 'inference.p99', threshold: 500 })).toBe('inference.p99 < 500 ms');
    expect(checkName({ id: 'memory.peak', threshold: 100_000_000 })).toBe('memory.peak < 100 MB');
    expect(checkName({ id: 'error.rate', threshold: 0.001 })).toBe('error.rate < 0.1 %');
  });

  it('falls back to the raw number for an unknown metric', () => {
    expect(checkName({ id: 'foo', threshold: 5 })).toBe('foo < 5');
  });
});

describe('evaluateCheck: latency', () => {
  it('passes when actual < threshold, with the full record', () => {
    expect(evaluateCheck(LOAD_P95, inputs())).toEqual({
      id: 'load.p95',
      metric: 'cold model load time (read + runtime init + session create), 95th percentile',
      operator: '<',
      threshold: 2000,
      actual: 1410,
      unit: 'ms',
      n: 20,
      interval: null,
      level: 'error',
      verdict: 'pass',
      message: 'load.p95 < 2 s: 1.41 s',
    });
  });

  it('fails when actual == threshold (strictly below to pass)', () => {
    const check = evaluateCheck(LOAD_P95, inputs({ load: { ...LOAD_20, p95: 2000 } }));
    expect(check.verdict).toBe('fail');
    expect(check.actual).toBe(2000);
    expect(check.message).toBe('load.p95 < 2 s: 2 s is not below 2 s');
  });

  it('fails when actual is above the threshold and shows both values', () => {
    const check = evaluateCheck(LOAD_P95, inputs({ load: { ...LOAD_20, p95: 2500 } }));
    expect(check.verdict).toBe('fail');
    expect(check.actual).toBe(2500);
    expect(check.message).toBe('load.p95 < 2 s: 2.5 s is not below 2 s');
  });

  it('passes just below the threshold', () => {
    const check = evaluateCheck(LOAD_P95, inputs({ load: { ...LOAD_20, p95: 1999.9 } }));
    expect(check.verdict).toBe('pass');
  });

  it('reads the statistic named by the KPI from the right phase', () => {
    const p99 = evaluateCheck({ id: 'inference.p99', threshold: 500, level: 'error' }, inputs());
    expect(p99.actual).toBe(40);
    expect(p99.n).toBe(300);
    expect(p99.verdict).toBe('pass');
    expect(p99.message).toBe('inference.p99 < 500 ms: 40 ms');

    const max = evaluateCheck({ id: 'inference.max', threshold: 100, level: 'error' }, inputs());
    expect(max.actual).toBe(120);
    expect(max.verdict).toBe('fail');
    expect(max.message).toBe('inference.max < 100 ms: 120 ms is not below 100 ms');

    const loadMean = evaluateCheck({ id: 'load.mean', threshold: 1500, level: 'error' }, inputs());
    expect(loadMean.actual).toBe(1200);
    expect(loadMean.verdict).toBe('pass');

    const loadMin = evaluateCheck({ id: 'load.min', threshold: 800, level: 'error' }, inputs());
    expect(loadMin.actual).toBe(900);
    expect(loadMin.verdict).toBe('fail');
  });

  it('notes too few samples for the percentile (load.p95 with n = 5)', () => {
    const load: Summary = { n: 5, min: 1000, max: 1500, mean: 1200, stddev: 200, p50: 1200, p90: 1500, p95: 1500, p99: 1500 };
    const check = evaluateCheck(LOAD_P95, inputs({ load }));
    expect(check.verdict).toBe('pass');
    expect(check.n).toBe(5);
    expect(check.message).toBe('load.p95 < 2 s: 1.5 s (only 5 samples: P95 needs at least 20 to differ from the maximum)');
  });

  it('the note also appears on a failing check', () => {
    const load: Summary = { n: 5, min: 1000, max: 2500, mean: 1200, stddev: 200, p50: 1200, p90: 2500, p95: 2500, p99: 2500 };
    const check = evaluateCheck(LOAD_P95, inputs({ load }));
    expect(check.verdict).toBe('fail');
    expect(check.message).toContain('only 5 samples: P95 needs at least 20');
  });

  it('no note from the minimum sample count on', () => {
    expect(evaluateCheck(LOAD_P95, inputs()).message).not.toContain('only');
    const p99At100 = evaluateCheck(
      { id: 'inference.p99', threshold: 500, level: 'error' },
      inputs({ inference: { ...INFERENCE_300, n: 100 } }),
    );
    expect(p99At100.message).toBe('inference.p99 < 500 ms: 40 ms');
    const p99At99 = evaluateCheck(
      { id: 'inference.p99', threshold: 500, level: 'error' },
      inputs({ inference: { ...INFERENCE_300, n: 99 } }),
    );
    expect(p99At99.message).toBe('inference.p99 < 500 ms: 40 ms (only 99 samples: P99 needs at least 100 to differ from the maximum)');
  });

  it('no percentile note on mean, min or max', () => {
    const load: Summary = { n: 1, min: 1000, max: 1000, mean: 1000, stddev: 0, p50: 1000, p90: 1000, p95: 1000, p99: 1000 };
    expect(evaluateCheck({ id: 'load.mean', threshold: 2000, level: 'error' }, inputs({ load })).message).toBe('load.mean < 2 s: 1 s');
    expect(evaluateCheck({ id: 'load.max', threshold: 2000, level: 'error' }, inputs({ load })).message).toBe('load.max < 2 s: 1 s');
  });

  it('is an error when the phase produced no summary', () => {
    const check = evaluateCheck(LOAD_P95, inputs({ load: null }));
    expect(check.verdict).toBe('error');
    expect(check.actual).toBeNull();
    expect(check.n).toBe(0);
    expect(check.message).toBe('load.p95 < 2 s: not measured, the trial produced no load.p95 value');
  });
});

describe('evaluateCheck: levels and missing inputs', () => {
  it('level off is skipped, even when it would fail', () => {
    const check = evaluateCheck({ ...LOAD_P95, level: 'off' }, inputs({ load: { ...LOAD_20, p95: 9999 } }));
    expect(check.verdict).toBe('skipped');
    expect(check.level).toBe('off');
    expect(check.message).toBe('load.p95 < 2 s: skipped (level off)');
  });

  it('level off is skipped when inputs are null', () => {
    expect(evaluateCheck({ ...LOAD_P95, level: 'off' }, null).verdict).toBe('skipped');
  });

  it('inputs null gives an error verdict', () => {
    const check = evaluateCheck(LOAD_P95, null);
    expect(check).toEqual({
      id: 'load.p95',
      metric: 'cold model load time (read + runtime init + session create), 95th percentile',
      operator: '<',
      threshold: 2000,
      actual: null,
      unit: 'ms',
      n: 0,
      interval: null,
      level: 'error',
      verdict: 'error',
      message: 'load.p95 < 2 s: not measured, the trial produced no load.p95 value',
    });
  });

  it('warn level keeps the verdict fail (the level decides the consequence, not the verdict)', () => {
    const check = evaluateCheck({ ...LOAD_P95, level: 'warn' }, inputs({ load: { ...LOAD_20, p95: 2500 } }));
    expect(check.verdict).toBe('fail');
    expect(check.level).toBe('warn');
  });

  it('throws for a KPI on an unknown metric', () => {
    expect(() => evaluateCheck({ id: 'foo.bar', threshold: 1, level: 'error' }, inputs())).toThrow('no metric foo.bar');
  });
});

describe('evaluateCheck: error rate', () => {
  const ERROR_RATE: KpiSpec = { id: 'error.rate', threshold: 0.001, level: 'error' };

  it('1 of 500 is 0.002, which fails 0.001', () => {
    const check = evaluateCheck(ERROR_RATE, inputs({ errors: 1, attempts: 500 }));
    expect(check.actual).toBe(0.002);
    expect(check.n).toBe(500);
    expect(check.unit).toBe('ratio');
    expect(check.verdict).toBe('fail');
    expect(check.message).toBe('error.rate < 0.1 %: 0.2 % is not below 0.1 % (1 of 500 runs failed)');
  });

  it('1 of 1000 equals the threshold and fails', () => {
    const check = evaluateCheck(ERROR_RATE, inputs({ errors: 1, attempts: 1000 }));
    expect(check.actual).toBe(0.001);
    expect(check.verdict).toBe('fail');
  });

  it('1 of 2000 is 0.0005 and passes', () => {
    const check = evaluateCheck(ERROR_RATE, inputs({ errors: 1, attempts: 2000 }));
    expect(check.actual).toBe(0.0005);
    expect(check.verdict).toBe('pass');
    expect(check.message).toBe('error.rate < 0.1 %: 0.05 % (1 of 2000 runs failed)');
  });

  it('no errors passes', () => {
    const check = evaluateCheck(ERROR_RATE, inputs({ errors: 0, attempts: 500 }));
    expect(check.actual).toBe(0);
    expect(check.verdict).toBe('pass');
    expect(check.message).toBe('error.rate < 0.1 %: 0 % (0 of 500 runs failed)');
  });

  it('no attempts is an error, not a pass', () => {
    const check = evaluateCheck(ERROR_RATE, inputs({ errors: 0, attempts: 0 }));
    expect(check.actual).toBeNull();
    expect(check.n).toBe(0);
    expect(check.verdict).toBe('error');
  });
});

describe('evaluateCheck: memory and first inference', () => {
  const MEMORY_PEAK: KpiSpec = { id: 'memory.peak', threshold: 100_000_000, level: 'error' };

  it('memory.peak below the threshold passes', () => {
    const check = evaluateCheck(MEMORY_PEAK, inputs());
    expect(check.actual).toBe(16_777_216);
    expect(check.n).toBe(1);
    expect(check.unit).toBe('bytes');
    expect(check.verdict).toBe('pass');
    expect(check.message).toBe('memory.peak < 100 MB: 16.8 MB (16 MiB)');
  });

  it('memory.peak equal to the threshold fails', () => {
    const check = evaluateCheck(MEMORY_PEAK, inputs({ memoryPeakBytes: 100_000_000 }));
    expect(check.verdict).toBe('fail');
    expect(check.message).toBe('memory.peak < 100 MB: 100 MB (95.4 MiB) is not below 100 MB (95.4 MiB)');
  });

  it('memory.peak not measured is an error', () => {
    const check = evaluateCheck(MEMORY_PEAK, inputs({ memoryPeakBytes: null }));
    expect(check.verdict).toBe('error');
    expect(check.n).toBe(0);
  });

  it('memory.rss reads the RSS, not the peak', () => {
    const check = evaluateCheck({ id: 'memory.rss', threshold: 200_000_000, level: 'error' }, inputs());
    expect(check.actual).toBe(150_000_000);
    expect(check.verdict).toBe('pass');
  });

  it('first-inference', () => {
    const pass = evaluateCheck({ id: 'first-inference', threshold: 50, level: 'error' }, inputs());
    expect(pass.actual).toBe(12);
    expect(pass.n).toBe(1);
    expect(pass.message).toBe('first-inference < 50 ms: 12 ms');
    const missing = evaluateCheck({ id: 'first-inference', threshold: 50, level: 'error' }, inputs({ firstInferenceMs: null }));
    expect(missing.verdict).toBe('error');
  });
});

describe('evaluateChecks', () => {
  it('evaluates each KPI in order', () => {
    const checks = evaluateChecks(
      [
        { id: 'load.p95', threshold: 2000, level: 'error' },
        { id: 'inference.p99', threshold: 30, level: 'warn' },
        { id: 'memory.peak', threshold: 100_000_000, level: 'off' },
      ],
      inputs(),
    );
    expect(checks.map((c) => [c.id, c.verdict])).toEqual([
      ['load.p95', 'pass'],
      ['inference.p99', 'fail'],
      ['memory.peak', 'skipped'],
    ]);
  });

  it('returns [] for no KPIs', () => {
    expect(evaluateChecks([], inputs())).toEqual([]);
  });
});

describe('trialVerdict', () => {
  function record(level: CheckRecord['level'], verdict: CheckRecord['verdict']): CheckRecord {
    return {
      id: 'load.p95',
      metric: 'm',
      operator: '<',
      threshold: 2000,
      actual: 1000,
      unit: 'ms',
      n: 20,
      interval: null,
      level,
      verdict,
      message: 'x',
    };
  }

  it('all passing is pass', () => {
    expect(trialVerdict('ok', [record('error', 'pass'), record('warn', 'pass')])).toBe('pass');
  });

  it('no checks is pass', () => {
    expect(trialVerdict('ok', [])).toBe('pass');
  });

  it('a warn-level failure does not fail the trial', () => {
    expect(trialVerdict('ok', [record('error', 'pass'), record('warn', 'fail')])).toBe('pass');
    expect(trialVerdict('ok', [record('warn', 'error')])).toBe('pass');
  });

  it('an error-level failure fails the trial', () => {
    expect(trialVerdict('ok', [record('warn', 'pass'), record('error', 'fail')])).toBe('fail');
  });

  it('an error-level check that could not be measured fails the trial', () => {
    expect(trialVerdict('ok', [record('error', 'error')])).toBe('fail');
  });

  it('skipped checks do not fail', () => {
    expect(trialVerdict('ok', [record('off', 'skipped')])).toBe('pass');
  });

  it('status error gives error whatever the checks say', () => {
    expect(trialVerdict('error', [])).toBe('error');
    expect(trialVerdict('error', [record('error', 'pass')])).toBe('error');
    expect(trialVerdict('error', [record('error', 'fail')])).toBe('error');
  });
});
