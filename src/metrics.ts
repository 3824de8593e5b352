/**
 * The metrics a KPI can gate on, their units, and the default KPIs of the monitoring framework
 * (load P95 < 2 s, inference P99 < 500 ms, peak memory < 100 MB, error rate < 0.1 %).
 * Imports only types, so config/ and gate/ can both read it.
 */
import type { CheckUnit, KpiSpec } from './types.js';

export const LATENCY_STATS = ['p50', 'p90', 'p95', 'p99', 'min', 'max', 'mean'] as const;
export type LatencyStat = (typeof LATENCY_STATS)[number];

export type MetricId = `load.${LatencyStat}` | `load.warm.${LatencyStat}` | `inference.${LatencyStat}` | 'first-inference' | 'memory.peak' | 'memory.rss' | 'memory.retained' | 'error.rate';

export interface MetricInfo {
  id: MetricId;
  unit: CheckUnit;
  description: string;
}

function latencyMetrics(phase: 'load' | 'load.warm' | 'inference', what: string): MetricInfo[] {
  return LATENCY_STATS.map((stat) => ({
    id: `${phase}.${stat}` as MetricId,
    unit: 'ms' as const,
    description: `${what}, ${stat === 'mean' || stat === 'min' || stat === 'max' ? stat : `${stat.slice(1)}th percentile`}`,
  }));
}

export const METRICS: readonly MetricInfo[] = [
  ...latencyMetrics('load', 'cold model load time (read + runtime init + session create)'),
  ...latencyMetrics('load.warm', 'warm model load time: a repeat visit, the runtime initialised and the caches filled (read + runtime init + session create)'),
  ...latencyMetrics('inference', 'inference latency over timed runs'),
  { id: 'first-inference', unit: 'ms', description: 'first run() after the session exists' },
  { id: 'memory.peak', unit: 'bytes', description: 'model-attributable peak memory (wasm linear memory for wasm runtimes)' },
  { id: 'memory.rss', unit: 'bytes', description: 'peak resident set size of the worker process' },
  {
    id: 'memory.retained',
    unit: 'bytes',
    description: 'memory kept per create → run → release cycle (Theil–Sen growth of the wasm linear memory and JS heap; RSS for native)',
  },
  { id: 'error.rate', unit: 'ratio', description: 'failed inferences / attempted inferences' },
];

export function findMetric(id: string): MetricInfo | undefined {
  return METRICS.find((metric) => metric.id === id);
}

/**
 * Growth per cycle at or above which memory.retained fails: 64 kB, just under one WebAssembly
 * page (64 KiB), the smallest step wasm memory grows by, so a session that keeps a page or more
 * each time is caught. A clean session's wasm memory repeats to the byte, and its JS heap wanders
 * by a few kilobytes a cycle after a full collection.
 */
export const RETAINED_THRESHOLD_BYTES = 64_000;

/** The temperature a load KPI judges: load.* the cold loads, load.warm.* the warm ones; null for any other KPI. */
export function loadTemperatureOf(id: string): 'cold' | 'warm' | null {
  if (id.startsWith('load.warm.')) return 'warm';
  return id.startsWith('load.') ? 'cold' : null;
}

/** The warm counterpart of a cold load KPI (load.p95 → load.warm.p95). */
export function warmLoadId(coldId: string): string {
  return `load.warm.${coldId.slice('load.'.length)}`;
}

/** The cold counterpart of a warm load KPI (load.warm.p95 → load.p95). */
export function coldLoadId(warmId: string): string {
  return `load.${warmId.slice('load.warm.'.length)}`;
}

export const DEFAULT_KPIS: readonly KpiSpec[] = [
  { id: 'load.p95', threshold: 2000, level: 'error' },
  { id: 'inference.p99', threshold: 500, level: 'error' },
  { id: 'memory.peak', threshold: 100_000_000, level: 'error' },
  { id: 'error.rate', threshold: 0.001, level: 'error' },
  // A session's memory given back: a warning, not a failure, until a project opts in.
  { id: 'memory.retained', threshold: RETAINED_THRESHOLD_BYTES, level: 'warn' },
];
