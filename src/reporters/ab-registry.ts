/** A/B reporter names → renderers of the A/B report, shaped as the run report's FILE_REPORTERS. The table goes to the terminal. */
import type { AbReport } from '../report/ab-schema.js';
import { renderAbJson } from './ab-json.js';
import { renderAbJunit } from './ab-junit.js';
import { renderAbMarkdown } from './ab-markdown.js';
import { renderAbHtml } from './html/ab-render-html.js';

export interface AbFileReporter {
  fileName: string;
  /** Pure: the same report gives the same bytes. */
  render(report: AbReport): string;
}

export type AbReporterName = 'json' | 'junit' | 'markdown' | 'html';

export const AB_FILE_REPORTERS: Readonly<Record<AbReporterName, AbFileReporter>> = {
  json: { fileName: 'wasm-torch-bench-ab.json', render: renderAbJson },
  junit: { fileName: 'wasm-torch-bench-ab.junit.xml', render: renderAbJunit },
  markdown: { fileName: 'wasm-torch-bench-ab.md', render: renderAbMarkdown },
  html: { fileName: 'wasm-torch-bench-ab.html', render: renderAbHtml },
};
