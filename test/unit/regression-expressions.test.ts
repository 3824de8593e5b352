import { describe, it, expect } from 'vitest';
import { DEFAULT_REGRESSIONS, type RegressionSpec } from '../../src/regression-metrics.js';
import { resolveRegressions } from '../../src/config/regression-expressions.js';
import { usageMessage } from '../helpers/usage-error.js';

const HINT = 'use a percentage such as 10% or a factor such as 1.1x';

function byId(specs: readonly RegressionSpec[]): Record<string, { maxRatio: number; level: string }> {
  return Object.fromEntries(specs.map((spec) => [spec.id, { maxRatio: spec.maxRatio, level: spec.level }]));
}

function maxRatios(specs: readonly RegressionSpec[]): number[] {
  return specs.map((spec) => spec.maxRatio);
}

describe('resolveRegressions: defaults', () => {
  it('checks five metrics at 1.1× (10 %), load.p95 reported (warn), the rest gating (error)', () => {
    expect(resolveRegressions([], [])).toEqual([
      { id: 'load.p50', maxRatio: 1.1, level: 'error' },
      { id: 'load.p95', maxRatio: 1.1, level: 'warn' },
      { id: 'inference.p50', maxRatio: 1.1, level: 'error' },
      { id: 'inference.p99', maxRatio: 1.1, level: 'error' },
      { id: 'memory.peak', maxRatio: 1.1, level: 'error' },
    ]);
  });

  it('returns copies: resolving leaves the defaults alone', () => {
    const specs = resolveRegressions(['50%'], ['memory.peak=off']);
    expect(maxRatios(specs)).toEqual([1.5, 1.5, 1.5, 1.5, 1.5]);
    expect(DEFAULT_REGRESSIONS.map((spec) => [spec.maxRatio, spec.level])).toEqual([
      [1.1, 'error'],
      [1.1, 'warn'],
      [1.1, 'error'],
      [1.1, 'error'],
      [1.1, 'error'],
    ]);
    expect(resolveRegressions([], [])).toEqual(DEFAULT_REGRESSIONS);
  });
});

describe('resolveRegressions: --max-regression', () => {
  it('"10%" sets every metric to 1.1', () => {
    for (const spec of resolveRegressions(['10%'], [])) expect(spec.maxRatio).toBeCloseTo(1.1, 12);
    // Applied after a per-metric setting, it overrides it.
    for (const spec of resolveRegressions(['inference.p99=50%', '10%'], [])) expect(spec.maxRatio).toBeCloseTo(1.1, 12);
  });

  it('"25%" sets every metric to 1.25', () => {
    const specs = resolveRegressions(['25%'], []);
    expect(specs).toHaveLength(5);
    for (const spec of specs) expect(spec.maxRatio).toBeCloseTo(1.25, 12);
    for (const spec of specs) expect(spec.level).toBe(spec.id === 'load.p95' ? 'warn' : 'error');
  });

  it('accepts a fractional percentage and surrounding spaces', () => {
    for (const spec of resolveRegressions([' 2.5 % '], [])) expect(spec.maxRatio).toBeCloseTo(1.025, 12);
  });

  it('"0%" allows no regression at all (1.0×)', () => {
    expect(maxRatios(resolveRegressions(['0%'], []))).toEqual([1, 1, 1, 1, 1]);
  });

  it('"inference.p99=20%" sets that metric only', () => {
    const specs = byId(resolveRegressions(['inference.p99=20%'], []));
    expect(specs['inference.p99']?.maxRatio).toBeCloseTo(1.2, 12);
    expect(specs['load.p95']?.maxRatio).toBe(1.1);
    expect(specs['inference.p50']?.maxRatio).toBe(1.1);
    expect(specs['memory.peak']?.maxRatio).toBe(1.1);
  });

  it('reads the metric case-insensitively and with spaces around =', () => {
    const specs = byId(resolveRegressions(['Memory.Peak = 2x'], []));
    expect(specs['memory.peak']?.maxRatio).toBe(2);
    expect(specs['load.p95']?.maxRatio).toBe(1.1);
  });

  it('"1.5x" sets every metric to 1.5, as do "1.5X" and "1.5×"', () => {
    expect(maxRatios(resolveRegressions(['1.5x'], []))).toEqual([1.5, 1.5, 1.5, 1.5, 1.5]);
    expect(maxRatios(resolveRegressions(['1.5X'], []))).toEqual([1.5, 1.5, 1.5, 1.5, 1.5]);
    expect(maxRatios(resolveRegressions(['1.5×'], []))).toEqual([1.5, 1.5, 1.5, 1.5, 1.5]);
  });

  it('applies expressions in order: a global one, then per-metric ones', () => {
    const specs = byId(resolveRegressions(['1.5x', 'load.p95=3x', 'inference.p50=5%'], []));
    expect(specs['load.p95']?.maxRatio).toBe(3);
    expect(specs['inference.p50']?.maxRatio).toBeCloseTo(1.05, 12);
    expect(specs['inference.p99']?.maxRatio).toBe(1.5);
    expect(specs['memory.peak']?.maxRatio).toBe(1.5);
  });

  it.each(['0.5x', 'fast', '-5%', '1.1', '10', ''])('rejects %j naming --max-regression and the hint', (expression) => {
    const message = usageMessage(() => resolveRegressions([expression], []));
    expect(message).toContain(`--max-regression "${expression}"`);
    expect(message).toContain(HINT);
  });

  it('rejects a bad value for one metric, quoting the whole expression', () => {
    const message = usageMessage(() => resolveRegressions(['inference.p99=0.9x'], []));
    expect(message).toBe(`--max-regression "inference.p99=0.9x": "0.9x" is not an allowed regression; ${HINT}`);
  });

  it('rejects an unknown metric, listing the known ones', () => {
    const message = usageMessage(() => resolveRegressions(['latency=10%'], []));
    expect(message).toBe('--max-regression "latency=10%": unknown metric "latency"; regression metrics: load.p50, load.p95, inference.p50, inference.p99, memory.peak');
  });

  it('rejects a KPI that is no regression metric', () => {
    const message = usageMessage(() => resolveRegressions(['error.rate=10%'], []));
    expect(message).toContain('unknown metric "error.rate"');
    expect(message).toContain('load.p95, inference.p50, inference.p99, memory.peak');
  });
});

describe('resolveRegressions: --regression-level', () => {
  it('"memory.peak=warn" lowers that check only', () => {
    const specs = byId(resolveRegressions([], ['memory.peak=warn']));
    expect(specs['memory.peak']).toEqual({ maxRatio: 1.1, level: 'warn' });
    expect(specs['load.p50']?.level).toBe('error');
    expect(specs['load.p95']?.level).toBe('warn');
    expect(specs['inference.p50']?.level).toBe('error');
    expect(specs['inference.p99']?.level).toBe('error');
  });

  it('accepts off, and reads metric and level case-insensitively', () => {
    const specs = byId(resolveRegressions([], ['LOAD.P95=OFF', ' inference.p50 = Warn ']));
    expect(specs['load.p95']?.level).toBe('off');
    expect(specs['inference.p50']?.level).toBe('warn');
  });

  it('combines with --max-regression', () => {
    const specs = byId(resolveRegressions(['inference.p99=30%'], ['inference.p99=warn']));
    expect(specs['inference.p99']?.level).toBe('warn');
    expect(specs['inference.p99']?.maxRatio).toBeCloseTo(1.3, 12);
  });

  it('rejects a level that is not off, warn or error', () => {
    const message = usageMessage(() => resolveRegressions([], ['memory.peak=loud']));
    expect(message).toBe('--regression-level "memory.peak=loud": level must be one of off, warn, error');
  });

  it('rejects an expression without =', () => {
    const message = usageMessage(() => resolveRegressions([], ['memory.peak']));
    expect(message).toBe('--regression-level "memory.peak" is not of the form <metric>=<level>; for example --regression-level memory.peak=warn');
  });

  it('rejects an expression with an empty level', () => {
    expect(usageMessage(() => resolveRegressions([], ['memory.peak=']))).toContain('is not of the form <metric>=<level>');
  });

  it('rejects an unknown metric, listing the known ones', () => {
    const message = usageMessage(() => resolveRegressions([], ['disk=warn']));
    expect(message).toBe('--regression-level "disk=warn": unknown metric "disk"; regression metrics: load.p50, load.p95, inference.p50, inference.p99, memory.peak');
  });
});
