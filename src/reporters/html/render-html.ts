/** RunReport → one self-contained HTML page with plots. (Being written.) */
import type { RunReport } from '../../report/schema.js';

export function renderHtml(report: RunReport): string {
  return `<!doctype html><meta charset="utf-8"><title>wasm-torch-bench</title><p>${report.results.length} rows</p>\n`;
}
