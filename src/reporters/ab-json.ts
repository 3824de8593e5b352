import type { AbReport } from '../report/ab-schema.js';

export function renderAbJson(report: AbReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
