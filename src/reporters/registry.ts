/** Reporter names → renderers. File reporters write into --out; the table goes to the terminal. */
import type { RunReport } from '../report/schema.js';
import type { ReporterName } from '../types.js';
import type { RenderContext } from './render-context.js';
import { renderBenchmarkAction, renderBmf } from './trackers.js';
import { renderHtml } from './html/render-html.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';

/** What a renderer may know beyond the report: the other files written beside it (for links). */
export interface FileReporter {
  fileName: string;
  /** Pure: the same report gives the same bytes. Async only because some libraries are (prom-client). */
  render(report: RunReport, context: RenderContext): string | Promise<string>;
}

export const FILE_REPORTERS: Partial<Record<ReporterName, FileReporter>> = {
  json: { fileName: 'wasm-torch-bench.json', render: renderJson },
  junit: { fileName: 'wasm-torch-bench.junit.xml', render: renderJunit },
  markdown: { fileName: 'wasm-torch-bench.md', render: renderMarkdown },
  html: { fileName: 'wasm-torch-bench.html', render: renderHtml },
  // prom-client and csv-stringify load only when asked for: every command's start-up would pay for them.
  prometheus: { fileName: 'wasm-torch-bench.prom', render: async (report) => (await import('./prometheus.js')).renderPrometheus(report) },
  csv: { fileName: 'wasm-torch-bench.csv', render: async (report) => (await import('./csv.js')).renderCsv(report) },
  bmf: { fileName: 'wasm-torch-bench.bmf.json', render: renderBmf },
  'benchmark-action': { fileName: 'wasm-torch-bench.benchmark-action.json', render: renderBenchmarkAction },
};

/** The render context of a run writing these reporters' files. */
export function renderContextFor(reporters: readonly ReporterName[]): RenderContext {
  return { files: reporters.flatMap((name) => FILE_REPORTERS[name]?.fileName ?? []) };
}
