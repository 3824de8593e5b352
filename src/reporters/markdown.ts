import type { RunReport } from '../report/schema.js';

export function renderMarkdown(report: RunReport): string {
  return `${report.results.length}\n`;
}
