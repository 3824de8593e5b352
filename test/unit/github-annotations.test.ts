import { describe, expect, it } from 'vitest';
import { MAX_ANNOTATIONS, renderAnnotations } from '../../src/reporters/github-annotations.js';
import type { RunReport } from '../../src/report/schema.js';
import { HOSTILE_NAME, sampleRunReport, withName } from '../helpers/sample-reports.js';

describe('GitHub annotations', () => {
  const report = sampleRunReport();

  it('one ::error per failed error-level check, naming the check and the row', () => {
    const lines = renderAnnotations(report);
    const failed = report.results.flatMap((result) => result.checks.filter((check) => check.verdict === 'fail' && check.level === 'error'));
    expect(lines).toHaveLength(failed.length);
    expect(lines.every((line) => line.startsWith('::error title='))).toBe(true);
    expect(lines[0]).toContain('silero_vad_v5.onnx on node-wasm ×1');
  });

  it(`caps at ${MAX_ANNOTATIONS}, then one notice with the count left out`, () => {
    const many: RunReport = { ...report, results: Array.from({ length: 12 }, () => report.results).flat() };
    const lines = renderAnnotations(many);
    expect(lines).toHaveLength(MAX_ANNOTATIONS + 1);
    const failed = many.results.flatMap((result) => result.checks.filter((check) => check.verdict === 'fail'));
    expect(lines.at(-1)).toBe(
      `::notice title=wasm-torch-bench::${failed.length - MAX_ANNOTATIONS} more failed checks not annotated (at most ${MAX_ANNOTATIONS} are); all are in the step summary and the reports`,
    );
  });

  it('errors come before warnings, and a failed warn-level check is a ::warning', () => {
    const first = report.results[0]!;
    const warnFail = { ...first, checks: first.checks.map((check) => (check.id === 'memory.peak' ? { ...check, verdict: 'fail' as const, level: 'warn' as const } : check)) };
    const lines = renderAnnotations({ ...report, results: [warnFail, ...report.results.slice(1)] });
    const kinds = lines.map((line) => line.slice(2, line.indexOf(' ')));
    expect(kinds.at(-1)).toBe('warning');
    expect(kinds.indexOf('warning')).toBe(kinds.length - 1);
  });

  it('escapes what would end or split a workflow command', () => {
    const hostile: RunReport = { ...report, results: report.results.map((result) => withName(result, HOSTILE_NAME)) };
    for (const line of renderAnnotations(hostile)) {
      expect(line).not.toContain('\n');
      expect(line).not.toContain('\u001b');
      const title = line.slice(line.indexOf('title='), line.indexOf('::', 2));
      expect(title).not.toMatch(/[,:](?!\d)/);
      expect(title).toContain('%0A');
      expect(title).toContain('%3A');
      expect(title).toContain('%2C');
      expect(title).toContain('%250A');
    }
  });
});
