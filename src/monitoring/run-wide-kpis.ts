/**
 * The run-wide KPI table `run` would gate on, for files made outside a run: defaults, the config
 * file's kpis, WTB_KPI / WTB_KPI_LEVEL, then --kpi / --kpi-level, merged and checked by the same
 * resolver, so the values, the precedence and the error messages are run's own.
 */
import type { LoadedConfigFile } from '../config/load-config-file.js';
import { resolveConfig } from '../config/resolve-config.js';
import type { KpiSpec } from '../types.js';

export interface KpiLayers {
  file: LoadedConfigFile | null;
  env: Readonly<Record<string, string | undefined>>;
  kpi: readonly string[];
  kpiLevel: readonly string[];
}

// resolveConfig assembles a whole RunConfig, which needs a model; the run-wide table does not
// depend on it, and the name is never opened.
const NO_MODEL = 'monitoring-export.onnx';

export function runWideKpis(layers: KpiLayers): KpiSpec[] {
  const typed = new Set<string>();
  if (layers.kpi.length > 0) typed.add('kpi');
  if (layers.kpiLevel.length > 0) typed.add('kpiLevel');
  const { config } = resolveConfig({
    models: [NO_MODEL],
    flags: { kpi: [...layers.kpi], kpiLevel: [...layers.kpiLevel] },
    typedFlags: typed,
    env: layers.env,
    file: layers.file,
  });
  return config.kpis.map((kpi) => ({ ...kpi }));
}

/** Config-file models that set KPIs of their own: the rules cover the run-wide table only. */
export function modelsWithOwnKpis(file: LoadedConfigFile | null): string[] {
  return (file?.config.models ?? []).flatMap((entry, index) => (typeof entry === 'object' && entry.kpis !== undefined ? [`models[${index}] (${entry.name ?? entry.path})`] : []));
}
