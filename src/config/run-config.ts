/**
 * Flags alone (no environment, no config file) → one validated, frozen RunConfig: the library's
 * entry for callers that build the options themselves, and `profile`'s. Every bad value is a
 * UsageError (exit 2) naming the flag and what to pass instead.
 */
import { UsageError } from '../errors.js';
import { NO_MODEL_MESSAGE, resolveConfig } from './resolve-config.js';
import type { RunConfig } from './run-config-schema.js';
import type { RawRunOptions } from './settings-table.js';

export type { RawRunOptions } from './settings-table.js';
export { parseInputShapes, parseInputValues } from './input-expressions.js';
export { MIN_MEMORY_LIMIT_BYTES } from './setting-values.js';

export function resolveRunConfig(models: readonly string[], raw: RawRunOptions): Readonly<RunConfig> {
  if (models.length === 0) throw new UsageError(NO_MODEL_MESSAGE);
  return resolveConfig({ models, flags: raw, typedFlags: new Set(Object.keys(raw)), env: {}, file: null }).config;
}
