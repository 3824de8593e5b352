/** `wasm-torch-bench monitoring`: its flags and help; the export itself loads when it runs. */
import type { Command } from 'commander';
import { PUSHGATEWAY_PORT } from '../monitoring/stack-layout.js';
import type { CliIo } from './cli-io.js';
import type { MonitoringExportFlags } from './monitoring-export.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

const MONITORING_HELP = `
Examples:
  $ wasm-torch-bench monitoring export --out monitoring
  $ cd monitoring && docker compose up -d
  $ wasm-torch-bench model.onnx --push-gateway http://localhost:${PUSHGATEWAY_PORT}
`;

const EXPORT_HELP = `
Writes into --out: alerts.yml (Prometheus alert rules per KPI at level warn or error: group
wasm-torch-bench-runs reads each pushed run as it is; group wasm-torch-live takes rate()s over 5m
of services that export the same metrics and are scraped directly),
grafana-dashboard.json, docker-compose.yml (Prometheus, Pushgateway, Grafana on 127.0.0.1),
prometheus.yml, grafana/provisioning/… and README.txt.

The KPIs are the table \`run\` gates on: defaults (load.p95 < 2s, inference.p99 < 500ms,
memory.peak < 100MB, error.rate < 0.1%), then the config file's kpis (--config, WTB_CONFIG, or
found from the working folder up), then WTB_KPI / WTB_KPI_LEVEL, then --kpi / --kpi-level.
KPIs the exported metrics cannot express (min, max, first-inference, memory.rss, memory.retained) get no rule.

Examples:
  $ wasm-torch-bench monitoring export --out monitoring
  $ wasm-torch-bench monitoring export --out monitoring --kpi inference.p95=50ms --kpi-level memory.peak=warn
  $ WTB_KPI=load.p95=3s wasm-torch-bench monitoring export --out monitoring --config ci/bench.json --force
  $ cd monitoring && docker compose up -d && wasm-torch-bench model.onnx --push-gateway http://localhost:${PUSHGATEWAY_PORT}
`;

export function registerMonitoringCommand(program: Command, io: CliIo, setExitCode: (exitCode: number) => void): void {
  const monitoring = program
    .command('monitoring')
    .description('monitoring-stack files built from the KPI table: Prometheus alert rules, Grafana dashboard, docker-compose stack')
    .addHelpText('after', MONITORING_HELP);

  monitoring
    .command('export')
    .description('write Prometheus alert rules, a Grafana dashboard and a Prometheus + Pushgateway + Grafana docker-compose stack into a folder')
    .requiredOption('--out <dir>', 'folder to write into (created when missing)')
    .option('--config <file>', 'config file whose kpis to use (default: as `run` finds it; or WTB_CONFIG)')
    .option('--kpi <metric=value>', 'set a KPI threshold, e.g. inference.p99=50ms (repeatable)', collect)
    .option('--kpi-level <metric=level>', 'off | warn | error for a KPI, e.g. memory.peak=warn (repeatable)', collect)
    .option('--force', 'overwrite files that exist in --out')
    .addHelpText('after', EXPORT_HELP)
    .action(async (flags: MonitoringExportFlags) => {
      const { exportCommand } = await import('./monitoring-export.js');
      setExitCode(await exportCommand(flags, io));
    });
}
