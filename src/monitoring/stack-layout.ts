/**
 * Names the generated monitoring files agree on: file paths in the export folder, the Grafana
 * datasource uid the dashboard queries, ports, and the images of the compose stack.
 */

/** Paths relative to the export folder, with forward slashes (as the compose file mounts them). */
export const STACK_FILES = {
  readme: 'README.txt',
  compose: 'docker-compose.yml',
  prometheusConfig: 'prometheus.yml',
  alertRules: 'alerts.yml',
  dashboard: 'grafana-dashboard.json',
  grafanaDatasource: 'grafana/provisioning/datasources/wasm-torch-bench.yml',
  grafanaDashboardProvider: 'grafana/provisioning/dashboards/wasm-torch-bench.yml',
} as const;

export const DATASOURCE_UID = 'wasm-torch-bench-prometheus';
export const DASHBOARD_UID = 'wasm-torch-bench';
export const DASHBOARD_TITLE = 'wasm-torch-bench';

export const PROMETHEUS_PORT = 9090;
export const PUSHGATEWAY_PORT = 9091;
export const GRAFANA_PORT = 3000;

/** Pinned so a stack generated today starts the same way next year; bump deliberately. */
export const STACK_IMAGES = {
  prometheus: 'prom/prometheus:v3.13.2',
  pushgateway: 'prom/pushgateway:v1.11.2',
  grafana: 'grafana/grafana:12.4.3',
} as const;

/** Where the containers see the mounted files. */
export const CONTAINER_PATHS = {
  prometheusConfig: '/etc/prometheus/prometheus.yml',
  alertRules: '/etc/prometheus/alerts.yml',
  grafanaDatasource: '/etc/grafana/provisioning/datasources/wasm-torch-bench.yml',
  grafanaDashboardProvider: '/etc/grafana/provisioning/dashboards/wasm-torch-bench.yml',
  dashboardFolder: '/etc/grafana/dashboards',
  dashboard: '/etc/grafana/dashboards/wasm-torch-bench.json',
} as const;
