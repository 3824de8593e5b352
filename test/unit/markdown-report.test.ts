import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/reporters/markdown.js';
import type { RunReport } from '../../src/report/schema.js';
import { HOSTILE_NAME, sampleRunReport, withName } from '../helpers/sample-reports.js';

const CONTEXT = { files: ['wasm-torch-bench.json', 'wasm-torch-bench.junit.xml', 'wasm-torch-bench.html', 'wasm-torch-bench.md'] };

/** Table lines of the summary (header, rule, rows). */
function tableLines(markdown: string): string[] {
  return markdown.split('\n').filter((line) => line.startsWith('|'));
}

/** Cells of a table line, honouring escaped pipes. */
function cells(line: string): string[] {
  return line.split(/(?<!\\)\|/).slice(1, -1);
}

describe('markdown reporter', () => {
  const report = sampleRunReport();

  it('heads with the verdict and a row per model × runtime, with icons and the baseline ratio', () => {
    const markdown = renderMarkdown(report, CONTEXT);
    expect(markdown.startsWith('## ❌ wasm-torch-bench: FAIL')).toBe(true);
    const lines = tableLines(markdown);
    expect(lines).toHaveLength(2 + report.results.length);
    expect(cells(lines[0] as string).map((cell) => cell.trim())).toContain('P99 vs baseline');
    const silero = lines.filter((line) => line.includes('silero'));
    expect(silero.every((line) => line.startsWith('| ❌ |'))).toBe(true);
  });

  it('lists each failed error-level check with its message, and leaves passing checks out', () => {
    const markdown = renderMarkdown(report, CONTEXT);
    const failed = report.results.flatMap((result) => result.checks.filter((check) => check.verdict === 'fail'));
    expect(failed.length).toBeGreaterThan(0);
    for (const check of failed) expect(markdown).toContain(`❌ **${check.id} \\< `);
    expect(markdown).not.toContain('✅ **memory.peak');
  });

  it('links the other report files, not itself', () => {
    const markdown = renderMarkdown(report, CONTEXT);
    expect(markdown).toContain('[wasm-torch-bench.html](wasm-torch-bench.html)');
    expect(markdown).not.toContain('(wasm-torch-bench.md)');
    const inCi = renderMarkdown(report, CONTEXT, { reportsUrl: 'https://github.com/o/r/actions/runs/1' });
    expect(inCi).toContain('in the artifacts of https://github.com/o/r/actions/runs/1');
  });

  it('shows the environment', () => {
    const markdown = renderMarkdown(report, CONTEXT);
    expect(markdown).toContain(`Node ${report.environment.node}`);
    expect(markdown).toContain(`onnxruntime-web ${report.environment.onnxruntimeWebVersion}`);
  });

  it('keeps hostile model names inert: no HTML, no broken table, no control characters', () => {
    const hostile: RunReport = { ...report, results: report.results.map((result) => withName(result, HOSTILE_NAME)) };
    const markdown = renderMarkdown(hostile, CONTEXT);
    expect(markdown).not.toContain('<b>');
    expect(markdown).not.toContain('\u001b');
    expect(markdown).not.toContain('\u0007');
    expect(markdown).not.toContain('\nline2');
    const lines = tableLines(markdown);
    const width = cells(lines[0] as string).length;
    for (const line of lines) expect(cells(line)).toHaveLength(width);
  });

  it('stays within a byte budget, dropping detail before rows and saying what it left out', () => {
    const many: RunReport = { ...report, results: Array.from({ length: 400 }, (_, index) => withName(report.results[index % report.results.length]!, `model-${index}.onnx`)) };
    const full = renderMarkdown(many, CONTEXT);
    const budgetBytes = 20_000;
    expect(Buffer.byteLength(full)).toBeGreaterThan(budgetBytes);
    const cut = renderMarkdown(many, CONTEXT, { maxBytes: budgetBytes });
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(budgetBytes);
    expect(cut).toMatch(/\d+ of 400 rows left out to stay within the size limit/);
    // Rows that need attention come first when rows must go.
    const kept = tableLines(cut).slice(2);
    expect(kept[0]).toMatch(/^\| (❌|❔|💥) \|/);

    const lean = renderMarkdown(report, CONTEXT, { maxBytes: Buffer.byteLength(full.slice(0, 4000)) });
    expect(lean).toContain('left out to stay within the size limit');
  });
});
