import { parse } from 'csv-parse/sync';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { renderCsv } from '../../src/reporters/csv.js';
import { renderBenchmarkAction, renderBmf } from '../../src/reporters/trackers.js';
import type { RunReport } from '../../src/report/schema.js';
import { HOSTILE_NAME, sampleRunReport, withName } from '../helpers/sample-reports.js';

// Bencher Metric Format, as bencher.dev/docs/reference/bencher-metric-format publishes it.
const BMF_SCHEMA = {
  type: 'object',
  patternProperties: {
    '.+': {
      type: 'object',
      patternProperties: {
        '.+': {
          type: 'object',
          properties: { value: { type: 'number' }, lower_value: { type: 'number' }, upper_value: { type: 'number' } },
          required: ['value'],
          additionalProperties: false,
        },
      },
    },
  },
};

function samplesIn(report: RunReport): number {
  return report.results.reduce((sum, result) => {
    const load = result.load ? result.load.samplesMs.length * 4 : 0;
    const inference = result.inference ? result.inference.samplesMs.length + result.inference.warmupMs.length : 0;
    return sum + load + inference + (result.firstInferenceMs === null ? 0 : 1);
  }, 0);
}

describe('CSV reporter', () => {
  const report = sampleRunReport();

  it('has one line per sample, in the order measured, values in ms', () => {
    const records = parse(renderCsv(report), { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(samplesIn(report));
    const first = report.results[0]!;
    const inference = records.filter((record) => record.model === first.model.name && record.runtime === first.runtime && record.metric === 'inference');
    expect(inference.map((record) => Number(record.value_ms))).toEqual(first.inference?.samplesMs);
    expect(inference.map((record) => Number(record.index))).toEqual(first.inference?.samplesMs.map((_, index) => index));
    const metrics = new Set(records.map((record) => record.metric));
    expect([...metrics].sort()).toEqual(['first-inference', 'inference', 'inference.warmup', 'load', 'load.read', 'load.runtime-init', 'load.session-create']);
  });

  it('round-trips hostile names, and a leading = cannot run as a spreadsheet formula', () => {
    const name = `=HYPERLINK("x") ${HOSTILE_NAME}`;
    const hostile: RunReport = { ...report, results: [withName(report.results[0]!, name)] };
    const records = parse(renderCsv(hostile), { columns: true }) as Record<string, string>[];
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((record) => record.model === `'${name}`)).toBe(true);
  });
});

describe('tracker exports', () => {
  const report = sampleRunReport();

  it('BMF: valid against the published schema, one benchmark per measured row, latency in ns with its interval', () => {
    const document = JSON.parse(renderBmf(report)) as Record<string, Record<string, { value: number; lower_value?: number; upper_value?: number }>>;
    const validate = new Ajv().compile(BMF_SCHEMA);
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    expect(Object.keys(document)).toHaveLength(report.results.filter((result) => result.status === 'ok').length);
    const first = report.results[0]!;
    const entry = document['tiny-mlp.onnx (node-wasm ×1)'];
    expect(entry?.latency?.value).toBeCloseTo((first.inference?.percentiles?.p50 ?? 0) * 1e6, 3);
    expect(entry?.latency?.lower_value).toBeLessThanOrEqual(entry?.latency?.value ?? 0);
    expect(entry?.['memory-peak-bytes']?.value).toBe(first.memory?.peakBytes);
  });

  it('github-action-benchmark: customSmallerIsBetter entries with name, unit and value', () => {
    const entries = JSON.parse(renderBenchmarkAction(report)) as { name: string; unit: string; value: number; range?: string; extra?: string }[];
    expect(entries.length).toBe(report.results.length * 5);
    for (const entry of entries) {
      expect(typeof entry.name).toBe('string');
      expect(['ms', 'bytes', 'ratio']).toContain(entry.unit);
      expect(Number.isFinite(entry.value)).toBe(true);
    }
    const p99 = entries.find((entry) => entry.name === 'silero_vad_v5.onnx (node-wasm ×1) inference P99');
    expect(p99?.value).toBe(report.results.find((result) => result.model.name === 'silero_vad_v5.onnx' && result.runtime === 'node-wasm')?.inference?.percentiles?.p99);
    expect(p99?.range).toMatch(/^95 % interval [\d.]+–[\d.]+ ms$/);
  });
});
