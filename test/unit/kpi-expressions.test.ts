import { describe, it, expect } from 'vitest';
import { parseKpiLevel, parseKpiThreshold, resolveKpis } from '../../src/config/kpi-expressions.js';
import { usageMessage } from '../helpers/usage-error.js';

const DEFAULTS = [
  { id: 'load.p95', threshold: 2000, level: 'error' },
  { id: 'inference.p99', threshold: 500, level: 'error' },
  { id: 'memory.peak', threshold: 100_000_000, level: 'error' },
  { id: 'error.rate', threshold: 0.001, level: 'error' },
  { id: 'memory.retained', threshold: 64_000, level: 'warn' },
];

describe('parseKpiThreshold', () => {
  it('parses a latency threshold into milliseconds', () => {
    expect(parseKpiThreshold('load.p95=2s')).toEqual({ id: 'load.p95', threshold: 2000 });
  });

  it('accepts < and <= in place of =', () => {
    expect(parseKpiThreshold('inference.p99<500ms')).toEqual({ id: 'inference.p99', threshold: 500 });
    expect(parseKpiThreshold('inference.p99<=500ms')).toEqual({ id: 'inference.p99', threshold: 500 });
  });

  it('parses a memory threshold into bytes (SI and binary)', () => {
    expect(parseKpiThreshold('memory.peak=100MB')).toEqual({ id: 'memory.peak', threshold: 100_000_000 });
    expect(parseKpiThreshold('memory.rss=64MiB')).toEqual({ id: 'memory.rss', threshold: 67_108_864 });
  });

  it('parses an error rate as a fraction', () => {
    expect(parseKpiThreshold('error.rate=0.1%')).toEqual({ id: 'error.rate', threshold: 0.001 });
    expect(parseKpiThreshold('error.rate=0.001')).toEqual({ id: 'error.rate', threshold: 0.001 });
  });

  it('tolerates spaces and upper case metric ids', () => {
    expect(parseKpiThreshold(' load.p95 = 1.5s ')).toEqual({ id: 'load.p95', threshold: 1500 });
    expect(parseKpiThreshold('LOAD.P95=2s')).toEqual({ id: 'load.p95', threshold: 2000 });
  });

  it('knows the hyphenated metric first-inference', () => {
    expect(parseKpiThreshold('first-inference=50ms')).toEqual({ id: 'first-inference', threshold: 50 });
  });

  it('rejects an expression without = and shows an example', () => {
    for (const text of ['nonsense', 'load.p95', 'load.p95 2s']) {
      const message = usageMessage(() => parseKpiThreshold(text));
      expect(message).toContain('--kpi');
      expect(message).toContain(`"${text}"`);
      expect(message).toContain('load.p95=2s');
    }
  });

  it('rejects an unknown metric and lists the known ones', () => {
    const message = usageMessage(() => parseKpiThreshold('foo.bar=1s'));
    expect(message).toContain('--kpi');
    expect(message).toContain('unknown metric "foo.bar"');
    expect(message).toContain('load.p95');
    expect(message).toContain('inference.p99');
    expect(message).toContain('memory.peak');
    expect(message).toContain('error.rate');
  });

  it('rejects an unknown duration unit', () => {
    const message = usageMessage(() => parseKpiThreshold('load.p95=2parsecs'));
    expect(message).toContain('--kpi');
    expect(message).toContain('parsecs');
    expect(message).toContain('us, ms, s or m');
  });

  it('rejects a zero threshold (nothing can be below it)', () => {
    const message = usageMessage(() => parseKpiThreshold('load.p95=0s'));
    expect(message).toContain('--kpi');
    expect(message).toContain('above zero');
    usageMessage(() => parseKpiThreshold('error.rate=0%'));
    usageMessage(() => parseKpiThreshold('memory.peak=0MB'));
  });

  it('rejects a unit that does not fit the metric', () => {
    const message = usageMessage(() => parseKpiThreshold('memory.peak=2s'));
    expect(message).toContain('--kpi');
    expect(message).toContain('MB');
    usageMessage(() => parseKpiThreshold('load.p95=100MB'));
    usageMessage(() => parseKpiThreshold('error.rate=2s'));
    usageMessage(() => parseKpiThreshold('error.rate=5'));
  });

  it('rejects an empty value', () => {
    usageMessage(() => parseKpiThreshold('load.p95='));
  });
});

describe('parseKpiLevel', () => {
  it('parses each level, case-insensitively', () => {
    expect(parseKpiLevel('memory.peak=warn')).toEqual({ id: 'memory.peak', level: 'warn' });
    expect(parseKpiLevel('memory.peak=OFF')).toEqual({ id: 'memory.peak', level: 'off' });
    expect(parseKpiLevel('load.p95=Error')).toEqual({ id: 'load.p95', level: 'error' });
  });

  it('rejects an unknown level, listing the valid ones', () => {
    const message = usageMessage(() => parseKpiLevel('memory.peak=loud'));
    expect(message).toContain('--kpi-level');
    expect(message).toContain('off, warn, error');
  });

  it('rejects an unknown metric and a malformed expression', () => {
    expect(usageMessage(() => parseKpiLevel('foo=warn'))).toContain('unknown metric "foo"');
    const message = usageMessage(() => parseKpiLevel('warn'));
    expect(message).toContain('--kpi-level');
    expect(message).toContain('memory.peak=warn');
  });
});

describe('resolveKpis', () => {
  it('returns the defaults: four at level error, memory.retained at warn', () => {
    expect(resolveKpis([], [])).toEqual(DEFAULTS);
  });

  it('overriding one threshold keeps the others and the order', () => {
    expect(resolveKpis(['load.p95=3s'], [])).toEqual([
      { id: 'load.p95', threshold: 3000, level: 'error' },
      { id: 'inference.p99', threshold: 500, level: 'error' },
      { id: 'memory.peak', threshold: 100_000_000, level: 'error' },
      { id: 'error.rate', threshold: 0.001, level: 'error' },
      { id: 'memory.retained', threshold: 64_000, level: 'warn' },
    ]);
  });

  it('the last threshold for a metric wins', () => {
    const kpis = resolveKpis(['load.p95=3s', 'load.p95=4s'], []);
    expect(kpis.find((k) => k.id === 'load.p95')?.threshold).toBe(4000);
    expect(kpis).toHaveLength(DEFAULTS.length);
  });

  it('a new metric id is added at level error', () => {
    expect(resolveKpis(['inference.p50=10ms'], [])).toEqual([...DEFAULTS, { id: 'inference.p50', threshold: 10, level: 'error' }]);
  });

  it('--kpi-level changes the level of an existing KPI only', () => {
    expect(resolveKpis([], ['memory.peak=warn'])).toEqual([
      { id: 'load.p95', threshold: 2000, level: 'error' },
      { id: 'inference.p99', threshold: 500, level: 'error' },
      { id: 'memory.peak', threshold: 100_000_000, level: 'warn' },
      { id: 'error.rate', threshold: 0.001, level: 'error' },
      { id: 'memory.retained', threshold: 64_000, level: 'warn' },
    ]);
  });

  it('--kpi-level applies to a KPI added with --kpi', () => {
    const kpis = resolveKpis(['inference.p50=10ms'], ['inference.p50=off']);
    expect(kpis.find((k) => k.id === 'inference.p50')).toEqual({ id: 'inference.p50', threshold: 10, level: 'off' });
  });

  it('a level survives a threshold override', () => {
    const kpis = resolveKpis(['memory.peak=200MB'], ['memory.peak=warn']);
    expect(kpis.find((k) => k.id === 'memory.peak')).toEqual({ id: 'memory.peak', threshold: 200_000_000, level: 'warn' });
  });

  it('does not mutate the shared defaults', () => {
    resolveKpis(['load.p95=9s'], ['memory.peak=off']);
    expect(resolveKpis([], [])).toEqual(DEFAULTS);
  });

  it('a level for a metric with no KPI throws and says to give a threshold with --kpi', () => {
    const message = usageMessage(() => resolveKpis([], ['first-inference=warn']));
    expect(message).toContain('--kpi-level');
    expect(message).toContain('first-inference');
    expect(message).toContain('--kpi first-inference=<value>');
  });

  it('a bad level value throws', () => {
    usageMessage(() => resolveKpis([], ['memory.peak=loud']));
  });

  it('a bad threshold throws', () => {
    usageMessage(() => resolveKpis(['nonsense'], []));
  });
});
