import type { RunReport } from '../report/schema.js';

export function renderBmf(report: RunReport): string {
  return `${report.results.length}\n`;
}
export function renderBenchmarkAction(report: RunReport): string {
  return `${report.results.length}\n`;
}
