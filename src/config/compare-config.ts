/**
 * The settings of `compare` and `merge` (they judge or join reports already made): their rows of
 * the settings table, from flags over WTB_* variables, parsed by the rows' own schemas.
 */
import type { RegressionSpec } from '../regression-metrics.js';
import type { InconclusivePolicy, ReporterName } from '../types.js';
import { readEnvLayer } from './env-layer.js';
import { layeredValues } from './layered-values.js';
import { MergedSettings } from './merged-settings.js';
import { applyRegressionSettings } from './regression-expressions.js';
import { SETTING_ROWS, type ResolvableKey, type SettingKey } from './settings-table.js';

export interface RawCompareOptions {
  maxRegression?: string[];
  regressionLevel?: string[];
  inconclusive?: string;
  strict?: boolean;
  reporter?: string;
  out?: string;
  json?: boolean;
  quiet?: boolean;
}

export interface CompareConfig {
  regressions: RegressionSpec[];
  /** null: not set, so compare follows the new run's policy. */
  inconclusive: InconclusivePolicy | null;
  strict: boolean;
  reporters: ReporterName[];
  outDir: string;
  jsonToStdout: boolean;
  quiet: boolean;
}

/** `typed`: the flags typed on the command line (commander's defaults must not beat WTB_*). */
export function resolveCompareConfig(command: 'compare' | 'merge', raw: RawCompareOptions, typed: ReadonlySet<string>, env: Readonly<Record<string, string | undefined>>): CompareConfig {
  const keys = SETTING_ROWS.filter((row) => row.value !== null && row.commands.includes(command)).map((row) => row.key as ResolvableKey);
  const flags = Object.fromEntries(Object.entries(raw).filter(([key]) => typed.has(key))) as Partial<Record<SettingKey, unknown>>;
  const merged = new MergedSettings(layeredValues({ flags, env: readEnvLayer(env), file: null }, keys));
  return {
    regressions: applyRegressionSettings(merged.entries('maxRegression'), merged.entries('regressionLevel')),
    inconclusive: merged.given('inconclusive') ?? null,
    strict: merged.value('strict'),
    reporters: merged.value('reporter'),
    outDir: merged.value('out'),
    jsonToStdout: merged.value('json'),
    quiet: merged.value('quiet'),
  };
}
