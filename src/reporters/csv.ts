import type { RunReport } from '../report/schema.js';

export function renderCsv(report: RunReport): string {
  return `${report.results.length}\n`;
}
