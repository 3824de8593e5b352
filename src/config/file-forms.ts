/**
 * How values are written in a config file, as zod schemas that check without changing them (the
 * published JSON Schema is generated from them, and a checked file reads back unchanged).
 * Quantities are strings with a unit ("2s", "64MiB", "0.1%") or numbers in base units
 * (milliseconds, bytes, fractions).
 */
import { z } from 'zod';
import { METRICS } from '../metrics.js';
import { RUNTIME_NAMES } from '../types.js';
import { choice, keyedRecord, strictObject } from './strict-object.js';
import { parseDurationMs, parseQuantity, type ParseResult } from './units.js';

const METRIC_IDS = METRICS.map((metric) => metric.id) as [string, ...string[]];
export const LEVEL = choice(['off', 'warn', 'error']);

export function unitString(parse: (text: string) => ParseResult, description: string) {
  return z
    .string()
    .superRefine((text, context) => {
      const parsed = parse(text);
      if (!parsed.ok) context.addIssue({ code: 'custom', message: parsed.reason });
    })
    .describe(description);
}

export const durationForm = z
  .union([z.number().nonnegative().describe('milliseconds'), unitString(parseDurationMs, 'a duration with a unit: us, ms, s or m, e.g. "2s"')], {
    error: 'expected a duration: a string with a unit such as "500ms" or "2s", or a number of milliseconds',
  })
  .describe('a duration: "500ms", "2s", "1.5m", or a number of milliseconds');

export const positiveIntForm = z.number().int().min(1);

export const runtimeListForm = z
  .array(choice([...RUNTIME_NAMES, 'all']))
  .min(1)
  .describe('runtimes to measure on; "all" is node-wasm, chrome-wasm and node-native');

export const threadsListForm = z.array(z.number().int().min(1).max(64)).min(1).describe('thread settings; several make a sweep, each its own row');

const thresholdValue = z
  .union([z.number().positive(), z.string().min(1)], { error: 'expected a threshold: a string with a unit such as "2s", "100MB" or "0.1%", or a number in base units' })
  .describe('a threshold with a unit ("2s", "100MB", "0.1%") or a number in base units (ms, bytes, fraction)');

const kpiEntry = z.union(
  [
    thresholdValue,
    strictObject({
      threshold: thresholdValue.optional(),
      level: LEVEL.optional(),
    }),
  ],
  { error: 'expected a threshold ("50ms") or { "threshold": "50ms", "level": "warn" }' },
);

/** Thresholds are checked against their metric's unit here, so the error names the metric's path. */
export const kpiTableForm = keyedRecord(METRIC_IDS, kpiEntry)
  .superRefine((table, context) => {
    for (const [id, entry] of Object.entries(table)) {
      const threshold = typeof entry === 'object' ? entry.threshold : entry;
      if (typeof threshold !== 'string') continue;
      const unit = METRICS.find((metric) => metric.id === id)?.unit ?? 'ms';
      const parsed = parseQuantity(unit, threshold);
      if (!parsed.ok) context.addIssue({ code: 'custom', path: typeof entry === 'object' ? [id, 'threshold'] : [id], message: parsed.reason });
      else if (!(parsed.value > 0)) context.addIssue({ code: 'custom', path: [id], message: 'the threshold must be above zero' });
    }
  })
  .describe('KPIs by metric: a threshold ("inference.p99": "50ms") or { threshold, level }; every KPI is an upper bound');

export type KpiTable = z.output<typeof kpiTableForm>;

export const factorForm = unitString((text) => parseQuantity('factor', text), 'an allowed regression: "10%" or "1.1x"');

export const httpUrlForm = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });

export const dimTableForm = z
  .record(z.string().min(1), z.number().int().min(1))
  .describe('sizes of named dynamic dims, each set in every input of every model that declares it, e.g. { "batch": 1, "sequence": 128 }');
