/** RunReport → Prometheus text exposition format. (Being written.) */
import type { RunReport } from '../report/schema.js';

export async function renderPrometheus(report: RunReport): Promise<string> {
  return `# ${report.results.length} rows\n`;
}
