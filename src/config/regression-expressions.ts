/**
 * `--max-regression 10%` (every regression metric), `--max-regression inference.p99=20%` (one),
 * and `--regression-level memory.peak=warn`: parsed onto the default regression checks.
 */
import { DEFAULT_REGRESSIONS, REGRESSION_METRICS, type RegressionMetric, type RegressionSpec } from '../regression-metrics.js';
import { UsageError } from '../errors.js';
import type { CheckLevel } from '../types.js';
import { parseQuantity } from './units.js';

const LEVELS: readonly CheckLevel[] = ['off', 'warn', 'error'];

function metricOf(flag: string, id: string, expression: string): RegressionMetric {
  if (!(REGRESSION_METRICS as readonly string[]).includes(id)) {
    throw new UsageError(`${flag} "${expression}": unknown metric "${id}"; regression metrics: ${REGRESSION_METRICS.join(', ')}`);
  }
  return id as RegressionMetric;
}

function parseFactor(expression: string, value: string): number {
  const parsed = parseQuantity('factor', value);
  if (!parsed.ok) throw new UsageError(`--max-regression "${expression}": ${parsed.reason}`);
  return parsed.value;
}

/** An allowed ratio for one regression metric, or (id null) for every one. */
export interface RegressionRatioSetting {
  id: RegressionMetric | null;
  maxRatio: number;
}

export interface RegressionLevelSetting {
  id: RegressionMetric;
  level: CheckLevel;
}

export function parseRegressionRatio(expression: string): RegressionRatioSetting {
  const match = /^\s*([a-z0-9.]+)\s*=\s*(.+)$/i.exec(expression);
  if (!match) return { id: null, maxRatio: parseFactor(expression, expression) };
  return { id: metricOf('--max-regression', (match[1] as string).toLowerCase(), expression), maxRatio: parseFactor(expression, match[2] as string) };
}

export function parseRegressionLevel(expression: string): RegressionLevelSetting {
  const match = /^\s*([a-z0-9.]+)\s*=\s*(\w+)\s*$/i.exec(expression);
  if (!match) throw new UsageError(`--regression-level "${expression}" is not of the form <metric>=<level>; for example --regression-level memory.peak=warn`);
  const id = metricOf('--regression-level', (match[1] as string).toLowerCase(), expression);
  const level = (match[2] as string).toLowerCase() as CheckLevel;
  if (!LEVELS.includes(level)) throw new UsageError(`--regression-level "${expression}": level must be one of ${LEVELS.join(', ')}`);
  return { id, level };
}

/** The default regression checks with the ratios, then the levels, laid over them in order. */
export function applyRegressionSettings(ratios: readonly RegressionRatioSetting[], levels: readonly RegressionLevelSetting[]): RegressionSpec[] {
  const specs = new Map<RegressionMetric, RegressionSpec>(DEFAULT_REGRESSIONS.map((spec) => [spec.id, { ...spec }]));
  for (const { id, maxRatio } of ratios) {
    for (const spec of specs.values()) if (id === null || spec.id === id) spec.maxRatio = maxRatio;
  }
  for (const { id, level } of levels) (specs.get(id) as RegressionSpec).level = level;
  return [...specs.values()];
}

export function resolveRegressions(maxExpressions: readonly string[], levelExpressions: readonly string[]): RegressionSpec[] {
  return applyRegressionSettings(maxExpressions.map(parseRegressionRatio), levelExpressions.map(parseRegressionLevel));
}
