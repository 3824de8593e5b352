/** Every file `monitoring export` writes, from one KPI table, with its contents. Pure. */
import type { KpiSpec } from '../types.js';
import { buildAlertRules, renderAlertRules, type AlertRules } from './alert-rules.js';
import { renderGrafanaDashboard } from './grafana-dashboard.js';
import { renderCompose, renderGrafanaDashboardProvider, renderGrafanaDatasource, renderPrometheusConfig, renderReadme } from './monitoring-stack.js';
import { STACK_FILES } from './stack-layout.js';

export interface MonitoringFile {
  /** Relative to the export folder, forward slashes. */
  path: string;
  contents: string;
}

export interface MonitoringExport {
  files: MonitoringFile[];
  alertRules: AlertRules;
}

export function monitoringFiles(kpis: readonly KpiSpec[]): MonitoringExport {
  const alertRules = buildAlertRules(kpis);
  return {
    alertRules,
    files: [
      { path: STACK_FILES.alertRules, contents: renderAlertRules(alertRules) },
      { path: STACK_FILES.dashboard, contents: renderGrafanaDashboard(kpis) },
      { path: STACK_FILES.compose, contents: renderCompose() },
      { path: STACK_FILES.prometheusConfig, contents: renderPrometheusConfig() },
      { path: STACK_FILES.grafanaDatasource, contents: renderGrafanaDatasource() },
      { path: STACK_FILES.grafanaDashboardProvider, contents: renderGrafanaDashboardProvider() },
      { path: STACK_FILES.readme, contents: renderReadme() },
    ],
  };
}
