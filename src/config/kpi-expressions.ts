/**
 * `--kpi load.p95=2s` and `--kpi-level memory.peak=warn`: parsed onto the default KPI table.
 * Every KPI is an upper bound (`actual < threshold` passes); `<` is accepted in place of `=`.
 */
import { UsageError } from '../errors.js';
import { DEFAULT_KPIS, METRICS, coldLoadId, findMetric, loadTemperatureOf } from '../metrics.js';
import { measuresWarm, type CheckLevel, type KpiSpec, type LoadTemperature } from '../types.js';
import { example } from './flag-syntax.js';
import { parseQuantity } from './units.js';

const LEVELS: readonly CheckLevel[] = ['off', 'warn', 'error'];

function knownIds(): string {
  return METRICS.map((metric) => metric.id).join(', ');
}

function splitAssignment(flag: string, expression: string, example: string): { id: string; value: string } {
  const match = /^\s*([a-z0-9.-]+)\s*(?:<=?|=)\s*(.+?)\s*$/i.exec(expression);
  if (!match) {
    throw new UsageError(`${flag} "${expression}" is not of the form <metric>=<value>; for example ${flag} ${example}`);
  }
  return { id: (match[1] as string).toLowerCase(), value: match[2] as string };
}

function requireMetric(flag: string, id: string, expression: string) {
  const metric = findMetric(id);
  if (!metric) {
    throw new UsageError(`${flag} "${expression}": unknown metric "${id}"; known metrics: ${knownIds()}`);
  }
  return metric;
}

export function parseKpiThreshold(expression: string): { id: string; threshold: number } {
  const { id, value } = splitAssignment('--kpi', expression, 'load.p95=2s');
  const metric = requireMetric('--kpi', id, expression);
  const parsed = parseQuantity(metric.unit, value);
  if (!parsed.ok) throw new UsageError(`--kpi "${expression}": ${parsed.reason}`);
  if (!(parsed.value > 0)) throw new UsageError(`--kpi "${expression}": the threshold must be above zero`);
  return { id: metric.id, threshold: parsed.value };
}

export function parseKpiLevel(expression: string): { id: string; level: CheckLevel } {
  const { id, value } = splitAssignment('--kpi-level', expression, 'memory.peak=warn');
  const metric = requireMetric('--kpi-level', id, expression);
  const level = value.toLowerCase() as CheckLevel;
  if (!LEVELS.includes(level)) {
    throw new UsageError(`--kpi-level "${expression}": level must be one of ${LEVELS.join(', ')}`);
  }
  return { id: metric.id, level };
}

/** A threshold set by a flag, a WTB_* variable or a config file, in the metric's base unit. */
export interface KpiThresholdSetting {
  id: string;
  threshold: number;
}

/** A level set for a KPI; `expression` is how it was written, for messages. */
export interface KpiLevelSetting {
  id: string;
  level: CheckLevel;
  expression: string;
}

export function parseKpiLevelSetting(expression: string): KpiLevelSetting {
  return { ...parseKpiLevel(expression), expression };
}

/**
 * A warm-load KPI that only a level names takes its cold counterpart's threshold, as it would
 * when judged (gate/load-temperature-kpis.ts), and joins the table; null without one.
 */
function warmFromCold(kpis: Map<string, KpiSpec>, id: string): KpiSpec | null {
  const cold = loadTemperatureOf(id) === 'warm' ? kpis.get(coldLoadId(id)) : undefined;
  if (!cold) return null;
  const warm = { ...cold, id };
  kpis.set(id, warm);
  return warm;
}

/**
 * Defaults, then thresholds (a new metric id adds a KPI at level error), then levels.
 * A level for a metric without a threshold is an error: there is nothing to gate.
 */
export function applyKpiSettings(thresholds: readonly KpiThresholdSetting[], levels: readonly KpiLevelSetting[]): KpiSpec[] {
  const kpis = new Map<string, KpiSpec>(DEFAULT_KPIS.map((kpi) => [kpi.id, { ...kpi }]));
  for (const { id, threshold } of thresholds) kpis.set(id, { id, threshold, level: kpis.get(id)?.level ?? 'error' });
  for (const { id, level, expression } of levels) {
    const existing = kpis.get(id) ?? warmFromCold(kpis, id);
    if (!existing) {
      throw new UsageError(`--kpi-level "${expression}": no KPI on ${id}; give it a threshold first with --kpi ${id}=<value>`);
    }
    existing.level = level;
  }
  return [...kpis.values()];
}

export function resolveKpis(thresholdExpressions: readonly string[], levelExpressions: readonly string[]): KpiSpec[] {
  return applyKpiSettings(thresholdExpressions.map(parseKpiThreshold), levelExpressions.map(parseKpiLevelSetting));
}

/**
 * A warm-load KPI where no warm loads are measured would gate nothing: refused, saying how to
 * measure them. `where` names the table it was set in ("--kpi", "kpis in x.json").
 */
export function refuseUnmeasuredWarmKpis(ids: readonly string[], where: string, temperature: LoadTemperature, temperatureLabel: string): void {
  const id = ids.find((candidate) => loadTemperatureOf(candidate) === 'warm');
  if (id === undefined || measuresWarm(temperature)) return;
  throw new UsageError(
    `${where} sets ${id}, a KPI on warm loads, but ${temperatureLabel} ${temperature} measures none; measure them with ${example(temperatureLabel, 'both')} (or warm), or drop ${id}`,
  );
}
