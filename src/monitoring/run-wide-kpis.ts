/** What `monitoring export` reads from a config file besides its run-wide KPI table (resolveRunWideKpis). */
import type { LoadedConfigFile } from '../config/load-config-file.js';

/** Config-file models that set KPIs of their own: the rules cover the run-wide table only. */
export function modelsWithOwnKpis(file: LoadedConfigFile | null): string[] {
  return (file?.config.models ?? []).flatMap((entry, index) => (typeof entry === 'object' && entry.kpis !== undefined ? [`models[${index}] (${entry.name ?? entry.path})`] : []));
}
