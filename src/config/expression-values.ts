/**
 * The value schemas of the settings table for settings written as expressions or tables: runtimes
 * ("all"), KPI and regression tables, "name=value" lists, input shapes and values, the shard.
 */
import { z } from 'zod';
import { findMetric } from '../metrics.js';
import { REGRESSION_METRICS } from '../regression-metrics.js';
import { RUNTIME_NAMES, type RuntimeName } from '../types.js';
import { parseDimSettings, type DimSetting } from './dim-expressions.js';
import { LEVEL, dimTableForm, factorForm, kpiTableForm, type KpiTable } from './file-forms.js';
import { parseAssignments } from './flag-syntax.js';
import { parseInputShapes, parseInputValues } from './input-expressions.js';
import { parseKpiLevelSetting, parseKpiThreshold, type KpiLevelSetting, type KpiThresholdSetting } from './kpi-expressions.js';
import { parseRegressionLevel, parseRegressionRatio, type RegressionLevelSetting, type RegressionRatioSetting } from './regression-expressions.js';
import { namesFrom, parsedWithLabel, rejectThrown } from './setting-values.js';
import { parseShard } from './shard-setting.js';
import { keyedRecord } from './strict-object.js';
import { parseQuantity } from './units.js';

const expressions = z.array(z.string());

/** "all" names every runtime. */
export const runtimes = namesFrom([...RUNTIME_NAMES, 'all'] as const).transform((names): RuntimeName[] => [...new Set(names.flatMap((name) => (name === 'all' ? [...RUNTIME_NAMES] : [name])))]);

function kpiThresholdsOf(table: KpiTable): KpiThresholdSetting[] {
  return Object.entries(table).flatMap(([id, entry]) => {
    const threshold = typeof entry === 'object' ? entry.threshold : entry;
    if (threshold === undefined) return [];
    const parsed = typeof threshold === 'number' ? { ok: true as const, value: threshold } : parseQuantity(findMetric(id)?.unit ?? 'ms', threshold);
    return parsed.ok ? [{ id, threshold: parsed.value }] : [];
  });
}

function kpiLevelsOf(table: KpiTable): KpiLevelSetting[] {
  return Object.entries(table).flatMap(([id, entry]) => (typeof entry === 'object' && entry.level !== undefined ? [{ id, level: entry.level, expression: `${id}=${entry.level}` }] : []));
}

/** --kpi expressions, or a file's KPI table: thresholds in base units. */
export const kpiThresholds = z.union([expressions, kpiTableForm]).transform((input, context): KpiThresholdSetting[] => {
  try {
    return Array.isArray(input) ? input.map(parseKpiThreshold) : kpiThresholdsOf(input);
  } catch (error) {
    return rejectThrown(context, error);
  }
});

/** --kpi-level expressions, or the levels of a file's KPI table. */
export const kpiLevels = z.union([expressions, kpiTableForm]).transform((input, context): KpiLevelSetting[] => {
  try {
    return Array.isArray(input) ? input.map(parseKpiLevelSetting) : kpiLevelsOf(input);
  } catch (error) {
    return rejectThrown(context, error);
  }
});

export const maxRegressionForm = z.union([factorForm, keyedRecord(REGRESSION_METRICS, factorForm)]).describe('largest allowed slowdown: "10%" for every metric, or { "inference.p99": "20%" }');
export const regressionLevelsForm = keyedRecord(REGRESSION_METRICS, LEVEL);

export const regressionRatios = z.union([expressions, maxRegressionForm]).transform((input, context): RegressionRatioSetting[] => {
  try {
    if (Array.isArray(input)) return input.map(parseRegressionRatio);
    if (typeof input === 'string') return [parseRegressionRatio(input)];
    return Object.entries(input).map(([id, factor]) => parseRegressionRatio(`${id}=${factor}`));
  } catch (error) {
    return rejectThrown(context, error);
  }
});

export const regressionLevels = z.union([expressions, regressionLevelsForm]).transform((input, context): RegressionLevelSetting[] => {
  try {
    return Array.isArray(input) ? input.map(parseRegressionLevel) : Object.entries(input).map(([id, level]) => parseRegressionLevel(`${id}=${level}`));
  } catch (error) {
    return rejectThrown(context, error);
  }
});

/** "name=value" pairs: repeated flags, a comma-separated WTB_* list, or a file's { name: value } table. */
export function namedValues(sample: string, what: 'label' | 'header') {
  return z.union([expressions, z.record(z.string(), z.string())]).transform((input, context): [string, string][] => {
    if (!Array.isArray(input)) return Object.entries(input);
    return parsedWithLabel((label) => [...parseAssignments(label, input, sample, what)], context);
  });
}

export const inputShapes = expressions.transform((input, context) => {
  try {
    return parseInputShapes(input);
  } catch (error) {
    return rejectThrown(context, error);
  }
});

export const inputValues = expressions.transform((input, context) => {
  try {
    return parseInputValues(input);
  } catch (error) {
    return rejectThrown(context, error);
  }
});

/** --dim expressions, a comma-separated WTB_DIM list, or a file's { "sequence": 128 } table. */
export const dimSettings = z.union([expressions, dimTableForm]).transform((input, context): DimSetting[] => {
  if (!Array.isArray(input)) return Object.entries(input).map(([name, size]) => ({ name, size }));
  return parsedWithLabel((label) => parseDimSettings(label, input), context);
});

export const shard = z.string().transform((input, context) => parsedWithLabel((label) => parseShard(input, label), context));
