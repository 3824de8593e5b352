/** Reporter names → renderers. File reporters write into --out; the table goes to the terminal. */
import type { RunReport } from '../report/schema.js';
import type { ReporterName } from '../types.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';

export interface FileReporter {
  fileName: string;
  render(report: RunReport): string;
}

export const FILE_REPORTERS: Partial<Record<ReporterName, FileReporter>> = {
  json: { fileName: 'wasm-torch-bench.json', render: renderJson },
  junit: { fileName: 'wasm-torch-bench.junit.xml', render: renderJunit },
};
