/** Flags of `compare` → its validated options. */
import type { RegressionSpec } from '../regression-metrics.js';
import { UsageError } from '../errors.js';
import { REPORTER_NAMES, type InconclusivePolicy, type ReporterName } from '../types.js';
import { resolveRegressions } from './regression-expressions.js';
import { RUN_DEFAULTS } from './run-defaults.js';

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
  inconclusive: InconclusivePolicy | null;
  strict: boolean;
  reporters: ReporterName[];
  outDir: string;
  jsonToStdout: boolean;
  quiet: boolean;
}

function oneOf<T extends string>(flag: string, text: string, known: readonly T[]): T {
  if (!known.includes(text.trim() as T)) throw new UsageError(`${flag}: unknown value "${text}"; choose from ${known.join(', ')}`);
  return text.trim() as T;
}

export function resolveCompareConfig(raw: RawCompareOptions): CompareConfig {
  const reporters = (raw.reporter ?? RUN_DEFAULTS.reporter)
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
    .map((name) => oneOf('--reporter', name, REPORTER_NAMES));
  if (reporters.length === 0) throw new UsageError(`--reporter is empty; choose from ${REPORTER_NAMES.join(', ')}`);
  return {
    regressions: resolveRegressions(raw.maxRegression ?? [], raw.regressionLevel ?? []),
    inconclusive: raw.inconclusive === undefined ? null : oneOf('--inconclusive', raw.inconclusive, ['fail', 'warn', 'pass'] as const),
    strict: raw.strict ?? false,
    reporters: [...new Set(reporters)],
    outDir: raw.out ?? RUN_DEFAULTS.out,
    jsonToStdout: raw.json ?? false,
    quiet: raw.quiet ?? false,
  };
}
