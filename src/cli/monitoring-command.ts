/** `wasm-torch-bench monitoring export`: alert rules, Grafana dashboard, compose stack. (Being written.) */
import type { Command } from 'commander';

export function registerMonitoringCommand(program: Command): void {
  program.command('monitoring').description('monitoring-stack files generated from the KPI table (being written)');
}
