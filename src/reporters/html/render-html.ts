/**
 * RunReport → one self-contained HTML page: inline CSS, hand-written inline SVG, no scripts and
 * nothing fetched at view time. Pure and deterministic: the same report gives the same bytes.
 */
import type { RunReport } from '../../report/schema.js';
import { escapeXmlText as esc } from '../xml.js';
import { hasComparison, modelGroups, renderComparisonSection } from './comparison-section.js';
import { renderHeader, renderProblems, renderSummaryTable } from './overview.js';
import { renderRowSection } from './row-section.js';
import { renderPage } from './page-shell.js';

function title(report: RunReport): string {
  const models = [...new Set(report.results.map((result) => result.model.name))];
  const shown = models.length > 3 ? `${models.slice(0, 3).join(', ')} and ${models.length - 3} more` : models.join(', ');
  return `wasm-torch-bench: ${report.verdict.toUpperCase()}${shown ? ` · ${shown}` : ''}`;
}

export function renderHtml(report: RunReport): string {
  const groups = modelGroups(report.results).filter((group) => hasComparison(group.rows.map((row) => row.result)));
  const comparisons = groups.map((group, index) => renderComparisonSection(group.label, group.rows, index, report));
  return renderPage({
    title: title(report),
    generator: `${report.tool.name} ${report.tool.version}`,
    body: [
      renderHeader(report),
      renderSummaryTable(report),
      renderProblems(report),
      comparisons.length > 0 ? `<h2 id="comparisons">Comparisons</h2>\n${comparisons.join('\n')}` : '',
      '<h2 id="rows">Model × runtime</h2>',
      ...report.results.map((result, index) => renderRowSection(result, index)),
      `<footer>Made by ${esc(report.tool.name)} ${esc(report.tool.version)} from its run report (schema version ${report.schemaVersion}). Percentiles are nearest-rank: of n samples sorted ascending, the q-th is x[ceil(q·n)]. Latency axes are logarithmic.</footer>`,
    ],
  });
}
