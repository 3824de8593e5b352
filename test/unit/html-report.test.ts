/**
 * The HTML report's structure, on a real run report (fixtures/reports/): sections, plots and their
 * markers, downsampling, escaping, rows without measurements, and that the page needs no network.
 */
import { describe, expect, it } from 'vitest';
import { formatMs } from '../../src/format.js';
import type { RunReport, TrialResult } from '../../src/report/schema.js';
import { ecdfCommandCap } from '../../src/reporters/html/ecdf-plot.js';
import { renderHtml } from '../../src/reporters/html/render-html.js';
import { RUN_CHART_COLUMNS } from '../../src/reporters/html/run-chart.js';
import { erroredRow, findRow, reportFixture, skippedRow } from '../helpers/report-fixture.js';

const HOSTILE = 'a<b>&"c\u001b[31m';

/** The HTML of each row's <section>, in order. */
function rowSections(html: string): string[] {
  return html
    .split('<section class="row"')
    .slice(1)
    .map((part) => part.slice(0, part.indexOf('</section>')));
}

function svgById(html: string, id: string): string {
  const match = new RegExp(`<svg id="${id}"[\\s\\S]*?</svg>`).exec(html);
  if (!match) throw new Error(`no <svg id="${id}">`);
  return match[0];
}

function pathData(svg: string, className: string): string[] {
  return [...svg.matchAll(new RegExp(`<path class="${className}" d="([^"]*)"`, 'g'))].map((match) => match[1] as string);
}

/** The same samples, repeated in order up to `count`: real latencies at a run's full length. */
function stretched(samplesMs: readonly number[], count: number): number[] {
  return Array.from({ length: count }, (_, index) => samplesMs[index % samplesMs.length] as number);
}

function rowIndex(report: RunReport, row: TrialResult): number {
  return report.results.indexOf(row) + 1;
}

describe('renderHtml', () => {
  it('has the verdict, the summary table and one section per row, each measured row with its five plots', () => {
    const report = reportFixture();
    const html = renderHtml(report);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<span class="badge fail big">FAIL</span> an error-level check failed · exit code 1');
    expect(html).toContain('wasm-torch-bench 0.1.0');
    expect(html).toContain('2026-11-29 15:35:09 UTC');
    expect(html).toContain(report.environment.cpuModel);
    const summaryRows = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>')).match(/<tr>/g) ?? [];
    expect(summaryRows).toHaveLength(report.results.length);

    const sections = rowSections(html);
    expect(sections).toHaveLength(report.results.length);
    sections.forEach((section, index) => {
      const svgs = section.match(/<svg /g) ?? [];
      expect(svgs).toHaveLength(5);
      for (const plot of ['ecdf', 'inference-run', 'load-phases', 'load-run', 'memory']) {
        const svg = svgById(section, `row-${index + 1}-${plot}`);
        expect(svg).toMatch(new RegExp(`^<svg [^>]*role="img" aria-labelledby="row-${index + 1}-${plot}-title"`));
        expect(svg).toMatch(new RegExp(`<title id="row-${index + 1}-${plot}-title">[^<]{20,}</title>`));
        expect(svg).toMatch(/<path class="[^"]+" d="M[^"]+"/);
      }
    });
  });

  it('lists failed checks with their messages in the summary, and every check in its row', () => {
    const report = reportFixture();
    const html = renderHtml(report);
    const silero = findRow(report, 'silero_vad_v5.onnx', 'node-wasm');
    const failed = silero.checks.find((check) => check.id === 'inference.p99');
    expect(failed?.verdict).toBe('fail');
    const summary = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
    expect(summary).toContain(`<span class="badge fail">FAIL</span>${failed?.message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}`);
    const section = rowSections(html)[rowIndex(report, silero) - 1] as string;
    for (const check of silero.checks) expect(section).toContain(check.message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
  });

  it('marks P50, P95 and P99 on the ECDF, and the inference.p99 threshold where it lies on the axis', () => {
    const report = reportFixture();
    const row = findRow(report, 'silero_vad_v5.onnx', 'node-wasm');
    const percentiles = row.inference?.percentiles;
    if (!percentiles) throw new Error('no percentiles');
    const svg = svgById(renderHtml(report), `row-${rowIndex(report, row)}-ecdf`);
    for (const [name, value] of [
      ['P50', percentiles.p50],
      ['P95', percentiles.p95],
      ['P99', percentiles.p99],
    ] as const) {
      expect(svg).toContain(`>${name} ${formatMs(value)}</text>`);
    }
    expect(svg.match(/<circle class="pct-dot"/g)).toHaveLength(3);
    // 150 µs, just below the fastest samples: drawn on the axis, which stretches to hold it.
    expect(svg).toContain('>inference.p99 threshold 150 µs</text>');
    expect(pathData(svg, 'threshold')).toHaveLength(1);
    expect(svg).not.toContain('off scale');
  });

  it('points at a threshold far off the data instead of squashing the plot', () => {
    const report = reportFixture();
    const row = findRow(report, 'tiny-mlp.onnx', 'node-wasm');
    const p99 = row.inference?.percentiles?.p99 ?? 0;
    const html = renderHtml(report);
    const index = rowIndex(report, row);
    // 500 ms against a P99 of about 2 ms.
    const ecdf = svgById(html, `row-${index}-ecdf`);
    expect(ecdf).toContain(`inference.p99 threshold 500 ms (${Math.round(500 / p99).toLocaleString('en-US')}× P99) →</text>`);
    expect(ecdf).toMatch(/<title[^>]*>[^<]*off scale to the right<\/title>/);
    expect(ecdf).not.toContain('>500 ms</text>');
    expect(svgById(html, `row-${index}-inference-run`)).toContain('off scale ↑');

    // Far above on the bars (which start at 0), far below on a log axis.
    for (const check of row.checks) {
      if (check.id === 'memory.peak') check.threshold = 1e12;
      if (check.id === 'load.p95') check.threshold = 3_600_000;
      if (check.id === 'inference.p99') check.threshold = 0.000001;
    }
    const moved = renderHtml(report);
    expect(svgById(moved, `row-${index}-memory`)).toMatch(/>memory\.peak budget 1000 GB \([\d,]+× the gated peak\) →<\/text>/);
    expect(svgById(moved, `row-${index}-load-phases`)).toMatch(/>load\.p95 threshold 60 m \([\d,]+× P95\) →<\/text>/);
    expect(svgById(moved, `row-${index}-ecdf`)).toMatch(/>← inference\.p99 threshold 0\.001 µs \(1\/[\d,]+ P99\)<\/text>/);
    expect(svgById(moved, `row-${index}-inference-run`)).toContain('off scale ↓');
  });

  it('downsamples 100,000 inference samples to at most one column per pixel, and says how many it shows', () => {
    const report = reportFixture();
    const row = findRow(report, 'tiny-mlp.onnx', 'node-wasm');
    const small = renderHtml(report).length;
    if (!row.inference) throw new Error('no inference');
    row.inference.samplesMs = stretched(row.inference.samplesMs, 100_000);
    const html = renderHtml(report);
    const index = rowIndex(report, row);

    const run = svgById(html, `row-${index}-inference-run`);
    expect(run).toContain(`100,000 samples in ${RUN_CHART_COLUMNS} columns`);
    const [band] = pathData(run, 'band');
    const [median] = pathData(run, 'median');
    // One move and one vertical stroke per column; one point of the median line per column.
    expect(band?.match(/[Mm]/g)).toHaveLength(RUN_CHART_COLUMNS);
    expect(band?.match(/v/g)).toHaveLength(RUN_CHART_COLUMNS);
    expect(median?.match(/[MLl]/g)).toHaveLength(RUN_CHART_COLUMNS);

    const ecdf = svgById(html, `row-${index}-ecdf`);
    expect(ecdf).toContain('100,000 samples');
    const [curve] = pathData(ecdf, 'ecdf s0');
    expect(curve?.match(/[MHVhv]/g)?.length).toBeLessThanOrEqual(ecdfCommandCap());
    // 66 times the samples, about the same page.
    expect(html.length - small).toBeLessThan(20_000);
  });

  it('stays under 500 kB for six rows of 90,000 samples each', () => {
    const report = reportFixture();
    for (const row of report.results) {
      if (row.inference) row.inference.samplesMs = stretched(row.inference.samplesMs, 90_000);
    }
    expect(Buffer.byteLength(renderHtml(report))).toBeLessThan(500_000);
  });

  it('compares the runtimes of each model: ECDFs overlaid, ratios to native, ratios to the baseline against the allowed ratio', () => {
    const report = reportFixture();
    const html = renderHtml(report);
    const models = html
      .split('<section class="model"')
      .slice(1)
      .map((part) => part.slice(0, part.indexOf('</section>')));
    expect(models).toHaveLength(2);
    for (const [index, section] of models.entries()) {
      const overlay = svgById(section, `model-${index + 1}-ecdf`);
      expect(pathData(overlay, 'ecdf s0')).toHaveLength(1);
      expect(pathData(overlay, 'ecdf s1')).toHaveLength(1);
      expect(pathData(overlay, 'ecdf s2')).toHaveLength(1);
      for (const runtime of ['node-wasm ×1', 'chrome-wasm ×1', 'node-native ×1']) expect(overlay).toContain(`>${runtime}: P50 `);

      const native = svgById(section, `model-${index + 1}-native`);
      // load P95, inference P50 and P99, memory: node-wasm and chrome-wasm each.
      expect(native.match(/<circle class="ratio-dot/g)).toHaveLength(8);
      expect(native).not.toContain('over-limit');

      const baseline = svgById(section, `model-${index + 1}-baseline`);
      expect(baseline.match(/<circle class="ratio-dot/g)).toHaveLength(10);
      // Every line has the allowed 1.1× drawn, as a shaded region beyond it.
      expect(baseline.match(/<rect class="over-limit"/g)).toHaveLength(10);
      expect(baseline).toMatch(/class="verdict-text fail">FAIL</);
    }
  });

  it('has no comparison view for a single row without a baseline', () => {
    const report = reportFixture();
    const row = findRow(report, 'tiny-mlp.onnx', 'node-native');
    const html = renderHtml({ ...report, baseline: null, results: [row] });
    expect(html).not.toContain('<section class="model"');
    expect(rowSections(html)).toHaveLength(1);
  });

  it('says why error and skipped rows have no plots', () => {
    const report = reportFixture();
    const [first, second] = report.results as [TrialResult, TrialResult];
    report.results[0] = erroredRow(first, report, { code: 'SESSION_CREATE_FAILED', message: 'onnxruntime refused the model: unsupported operator Foo' });
    report.results[1] = skippedRow(second, report, 'no Chrome or Chromium found; install one');
    report.verdict = 'error';
    const html = renderHtml(report);
    const [errored, skipped, measured] = rowSections(html) as [string, string, string];
    expect(errored).not.toContain('<svg');
    expect(errored).toContain('<code>SESSION_CREATE_FAILED</code> onnxruntime refused the model: unsupported operator Foo');
    expect(errored).toContain('No plots: the trial produced no measurements.');
    expect(skipped).not.toContain('<svg');
    expect(skipped).toContain('no Chrome or Chromium found; install one');
    expect(skipped).toContain('No plots: this runtime did not run here.');
    expect(measured.match(/<svg /g)).toHaveLength(5);
    expect(html).toContain('<h2 id="errors">Errors and skipped rows</h2>');
    // tiny-mlp has one measured row left, no comparison to show; silero still has its three.
    const models = html.split('<section class="model"').slice(1);
    expect(models).toHaveLength(1);
    expect(models[0]).toContain('silero_vad_v5.onnx');
  });

  it('escapes hostile names, paths and messages everywhere, and drops control characters', () => {
    const report = reportFixture();
    const second = report.results[1] as TrialResult;
    for (const row of report.results) {
      row.model.name = HOSTILE;
      row.model.path = `models/</title><script>alert(1)</script>${HOSTILE}.onnx`;
      row.variant = `v"'><img src=x onerror=alert(1)>`;
      row.warnings.push(`warning ${HOSTILE}\u0000\u0007`);
      for (const check of row.checks) check.message = `${check.message} ${HOSTILE}`;
    }
    report.results[1] = erroredRow(second, report, { code: `E${HOSTILE}`, message: `</svg>${HOSTILE}` });
    report.environment.cpuModel = HOSTILE;
    if (report.baseline) report.baseline.file = `"${HOSTILE}".json`;
    const html = renderHtml(report);

    expect(html).not.toContain(HOSTILE);
    expect(html).not.toContain('<b>');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(html).toContain('a&lt;b&gt;&amp;"c');
    // Every tag in the page is one the renderer wrote.
    const written = new Set([
      'a',
      'body',
      'br',
      'circle',
      'code',
      'dd',
      'details',
      'div',
      'dl',
      'dt',
      'figcaption',
      'figure',
      'footer',
      'h1',
      'h2',
      'h3',
      'head',
      'header',
      'html',
      'li',
      'main',
      'meta',
      'p',
      'path',
      'rect',
      'section',
      'span',
      'strong',
      'style',
      'summary',
      'svg',
      'table',
      'tbody',
      'td',
      'text',
      'th',
      'thead',
      'title',
      'tr',
      'ul',
    ]);
    for (const tag of html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)/g)) expect(written).toContain(tag[1]);
    // Quotes cannot close an attribute: every attribute value is a plain quoted string.
    for (const tag of html.matchAll(/<[a-z][^<>]*>/g)) expect(tag[0]).toMatch(/^<[a-z0-9]+(?:\s+[a-z-]+(?:="[^"<>]*")?)*\s*\/?>$/i);
  });

  it('needs nothing from the network: no external references, no scripts, a CSP that forbids fetching', () => {
    const html = renderHtml(reportFixture());
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/\ssrc=/);
    for (const href of html.matchAll(/href="([^"]*)"/g)) expect(href[1]).toMatch(/^#[a-z0-9-]+$/);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
  });

  it('is a pure function of the report: same bytes twice, the report untouched', () => {
    const report = reportFixture();
    const first = renderHtml(report);
    expect(renderHtml(report)).toBe(first);
    expect(report).toEqual(reportFixture());
  });

  it('draws light and dark colours from CSS variables, with a dark scheme', () => {
    const html = renderHtml(reportFixture());
    expect(html).toContain('@media (prefers-color-scheme: dark)');
    expect(html).not.toMatch(/<(?:path|rect|circle|text)[^>]*\s(?:fill|stroke)="/);
  });
});
