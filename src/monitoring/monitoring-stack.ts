/**
 * The local stack the alert rules and dashboard run in: docker-compose.yml (Prometheus,
 * Pushgateway, Grafana, ports bound to 127.0.0.1 only), prometheus.yml, Grafana's provisioning
 * files, and a README saying how to start it and push to it.
 */
import { Document } from 'yaml';
import { LIVE_RULE_GROUP, RULE_GROUP } from './alert-rules.js';
import { CONTAINER_PATHS, DASHBOARD_TITLE, DASHBOARD_UID, DATASOURCE_UID, GRAFANA_PORT, PROMETHEUS_PORT, PUSHGATEWAY_PORT, STACK_FILES, STACK_IMAGES } from './stack-layout.js';

export const SCRAPE_INTERVAL = '15s';

const PUSH_COMMAND = `wasm-torch-bench model.onnx --push-gateway http://localhost:${PUSHGATEWAY_PORT}`;

function yamlText(value: unknown, comment?: string): string {
  const document = new Document(value);
  if (comment) document.commentBefore = comment;
  return document.toString({ lineWidth: 0 });
}

const loopback = (port: number) => `127.0.0.1:${port}:${port}`;
const mount = (file: string, target: string) => `./${file}:${target}:ro`;

export function renderCompose(): string {
  const compose = {
    name: 'wasm-torch-bench-monitoring',
    services: {
      pushgateway: {
        image: STACK_IMAGES.pushgateway,
        ports: [loopback(PUSHGATEWAY_PORT)],
        restart: 'unless-stopped',
      },
      prometheus: {
        image: STACK_IMAGES.prometheus,
        command: [`--config.file=${CONTAINER_PATHS.prometheusConfig}`, '--storage.tsdb.path=/prometheus'],
        ports: [loopback(PROMETHEUS_PORT)],
        volumes: [mount(STACK_FILES.prometheusConfig, CONTAINER_PATHS.prometheusConfig), mount(STACK_FILES.alertRules, CONTAINER_PATHS.alertRules), 'prometheus-data:/prometheus'],
        depends_on: ['pushgateway'],
        restart: 'unless-stopped',
      },
      grafana: {
        image: STACK_IMAGES.grafana,
        ports: [loopback(GRAFANA_PORT)],
        environment: {
          // Reachable from this machine only (the port binding), so viewers need no login.
          GF_AUTH_ANONYMOUS_ENABLED: 'true',
          GF_AUTH_ANONYMOUS_ORG_ROLE: 'Viewer',
          GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH: CONTAINER_PATHS.dashboard,
        },
        volumes: [
          mount(STACK_FILES.grafanaDatasource, CONTAINER_PATHS.grafanaDatasource),
          mount(STACK_FILES.grafanaDashboardProvider, CONTAINER_PATHS.grafanaDashboardProvider),
          mount(STACK_FILES.dashboard, CONTAINER_PATHS.dashboard),
          'grafana-data:/var/lib/grafana',
        ],
        depends_on: ['prometheus'],
        restart: 'unless-stopped',
      },
    },
    volumes: { 'prometheus-data': {}, 'grafana-data': {} },
  };
  return yamlText(
    compose,
    [
      ' wasm-torch-bench monitoring stack: Pushgateway, Prometheus (with the KPI alert rules) and Grafana.',
      ' Start it in this folder:  docker compose up -d',
      ` Push a run to it:         ${PUSH_COMMAND}`,
      ` Grafana http://localhost:${GRAFANA_PORT}  Prometheus http://localhost:${PROMETHEUS_PORT}/alerts  Pushgateway http://localhost:${PUSHGATEWAY_PORT}`,
      ` Ports are bound to 127.0.0.1 only. See ${STACK_FILES.readme}.`,
    ].join('\n'),
  );
}

export function renderPrometheusConfig(): string {
  return yamlText(
    {
      global: { scrape_interval: SCRAPE_INTERVAL, evaluation_interval: SCRAPE_INTERVAL },
      rule_files: [STACK_FILES.alertRules],
      scrape_configs: [
        {
          job_name: 'pushgateway',
          // Keep the job and labels the runs pushed instead of the gateway's own.
          honor_labels: true,
          static_configs: [{ targets: [`pushgateway:${PUSHGATEWAY_PORT}`] }],
        },
      ],
    },
    ` Prometheus configuration of the wasm-torch-bench monitoring stack: scrapes the Pushgateway and evaluates ${STACK_FILES.alertRules} (relative to this file).`,
  );
}

export function renderGrafanaDatasource(): string {
  return yamlText(
    {
      apiVersion: 1,
      datasources: [
        {
          name: 'Prometheus (wasm-torch-bench)',
          type: 'prometheus',
          uid: DATASOURCE_UID,
          access: 'proxy',
          url: `http://prometheus:${PROMETHEUS_PORT}`,
          isDefault: true,
          editable: false,
          jsonData: { timeInterval: SCRAPE_INTERVAL },
        },
      ],
    },
    ` Grafana datasource the ${STACK_FILES.dashboard} panels query (by uid ${DATASOURCE_UID}).`,
  );
}

export function renderGrafanaDashboardProvider(): string {
  return yamlText(
    {
      apiVersion: 1,
      providers: [
        {
          name: DASHBOARD_UID,
          folder: DASHBOARD_TITLE,
          type: 'file',
          disableDeletion: true,
          allowUiUpdates: false,
          options: { path: CONTAINER_PATHS.dashboardFolder },
        },
      ],
    },
    ` Grafana loads ${STACK_FILES.dashboard} (mounted into ${CONTAINER_PATHS.dashboardFolder}) from this provider.`,
  );
}

function fileList(): string {
  const rows: [string, string][] = [
    [STACK_FILES.compose, 'the three services'],
    [STACK_FILES.prometheusConfig, 'scrapes the Pushgateway (honor_labels), loads the rules'],
    [STACK_FILES.alertRules, 'per KPI at level warn or error: one alert for pushed runs, one for live services'],
    [STACK_FILES.dashboard, 'the Grafana dashboard'],
    [STACK_FILES.grafanaDatasource, `the Prometheus datasource (uid ${DATASOURCE_UID})`],
    [STACK_FILES.grafanaDashboardProvider, 'loads the dashboard'],
  ];
  const width = Math.max(...rows.map(([file]) => file.length));
  return rows.map(([file, what]) => `  ${file.padEnd(width)}  ${what}`).join('\n');
}

export function renderReadme(): string {
  return `wasm-torch-bench monitoring stack
=================================

Written by \`wasm-torch-bench monitoring export\`. The alert rules and the dashboard's threshold
lines come from the KPI table the gate uses (defaults, config file, WTB_KPI / WTB_KPI_LEVEL,
--kpi / --kpi-level): change the KPIs and export again (--force) rather than editing the files.

Start (Docker with the compose plugin), in this folder:

  docker compose up -d

Push a run's metrics to the Pushgateway:

  ${PUSH_COMMAND}

Then open:

  Grafana      http://localhost:${GRAFANA_PORT}   (dashboard "${DASHBOARD_TITLE}", anonymous viewer; admin/admin to edit)
  Prometheus   http://localhost:${PROMETHEUS_PORT}/alerts   (groups ${RULE_GROUP}, ${LIVE_RULE_GROUP})
  Pushgateway  http://localhost:${PUSHGATEWAY_PORT}

Every port is bound to 127.0.0.1: the stack is not reachable from other machines.
No Alertmanager is included: firing alerts show on Prometheus's /alerts page; add an
alerting: section to ${STACK_FILES.prometheusConfig} to route them.

After exporting again, restart so the containers see the new files:

  docker compose restart prometheus grafana

The Pushgateway keeps pushed metrics in memory until it restarts; Prometheus keeps what it
scraped in its volume.

Stop (add -v to delete the stored metrics and Grafana's data too):

  docker compose down

Files:

${fileList()}
`;
}
