/** A KPI check's name as every report prints it: "inference.p99 < 50 ms". Pure formatting. */
import { formatQuantityShort } from './format.js';
import { findMetric } from './metrics.js';
import type { KpiSpec } from './types.js';

export function checkName(kpi: Pick<KpiSpec, 'id' | 'threshold'>): string {
  const metric = findMetric(kpi.id);
  return `${kpi.id} < ${metric ? formatQuantityShort(metric.unit, kpi.threshold) : kpi.threshold}`;
}
