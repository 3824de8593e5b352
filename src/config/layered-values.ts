/**
 * Each setting's typed value from the highest layer that sets it: flags > WTB_* environment >
 * config file. A table setting (KPIs, regression checks) takes every layer's entries, lowest
 * first, so a higher layer's entry wins. Every value is parsed by its row's schema where it was
 * read, so a bad one names its flag, variable or file key; where each came from is kept.
 */
import path from 'node:path';
import type { LoadedConfigFile } from './load-config-file.js';
import type { EnvLayer } from './env-layer.js';
import { usageErrorOf, type Layer, type Where } from './setting-values.js';
import { SETTING_ROWS, type ResolvableKey, type SettingKey, type SettingValue } from './settings-table.js';

export interface Origin {
  layer: Layer;
  /** "--min-time", "WTB_MIN_TIME", "minTime in /repo/wasm-torch-bench.config.json". */
  name: string;
}

/** One layer's value of a setting, parsed, and where it came from. */
export interface LayerValue<Value = unknown> {
  value: Value;
  /** As written: a flag's or variable's string, or the file's value. */
  given: unknown;
  where: Where;
}

/** Every setting some layer sets: its layer values in effect, lowest first (several only for tables). */
export type LayeredValues = { [Key in ResolvableKey]?: LayerValue<SettingValue<Key>>[] };

export interface Layers {
  /** Flags the user typed (commander's defaults left out). */
  flags: Partial<Record<SettingKey, unknown>>;
  env: EnvLayer;
  file: LoadedConfigFile | null;
  /** A command's own defaults where they differ from the table's (ab: --max-time 3m), below every other layer. */
  commandDefaults?: Partial<Record<SettingKey, unknown>>;
}

/** The file's value of a setting, its paths made absolute against the file's folder. */
function fileValue(row: (typeof SETTING_ROWS)[number], file: LoadedConfigFile): unknown {
  const value = row.fileKey === null ? undefined : (file.config as Record<string, unknown>)[row.fileKey];
  const isPath = typeof value === 'string' && (row.pathInFile === true || (typeof row.pathInFile === 'function' && row.pathInFile(value)));
  return isPath ? path.resolve(file.dir, value) : value;
}

const isSet = (value: unknown) => value !== undefined && !(Array.isArray(value) && value.length === 0);

/** `only`: just these settings (the others are not read, so they cannot fail it). */
export function layeredValues(layers: Layers, only?: readonly ResolvableKey[]): LayeredValues {
  const values: Record<string, LayerValue[]> = {};
  for (const row of SETTING_ROWS) {
    if (row.value === null || (only && !only.includes(row.key as ResolvableKey))) continue;
    const candidates: { given: unknown; where: Where }[] = [];
    const commandDefault = layers.commandDefaults?.[row.key];
    if (isSet(commandDefault)) candidates.push({ given: commandDefault, where: { layer: 'flag', label: `${row.flag} (the command's default)`, file: null } });
    const file = layers.file;
    if (file && isSet(fileValue(row, file))) candidates.push({ given: fileValue(row, file), where: { layer: 'file', label: `${row.fileKey} in ${file.file}`, file: file.file } });
    const envName = layers.env.names[row.key];
    if (envName && isSet(layers.env.values[row.key])) candidates.push({ given: layers.env.values[row.key], where: { layer: 'env', label: envName, file: null } });
    if (isSet(layers.flags[row.key])) candidates.push({ given: layers.flags[row.key], where: { layer: 'flag', label: row.flag, file: null } });
    const inEffect = row.mergesAcrossLayers ? candidates : candidates.slice(-1);
    if (inEffect.length === 0) continue;
    const schema = row.value;
    const parsedLayers = inEffect.flatMap(({ given, where }) => {
      const parsed = schema.safeParse(given);
      if (!parsed.success) throw usageErrorOf(parsed.error.issues, where);
      // A file key two settings read (kpis: thresholds and levels) may hold nothing for one of them.
      return isSet(parsed.data) ? [{ value: parsed.data, given, where }] : [];
    });
    if (parsedLayers.length > 0) values[row.key] = parsedLayers;
  }
  return values as LayeredValues;
}

/** Where each set value came from, by config-file key ("minTime", "kpis"), for --print-config. */
export function originsOf(values: LayeredValues): Record<string, Origin[]> {
  const origins: Record<string, Origin[]> = {};
  for (const row of SETTING_ROWS) {
    const key = row.fileKey ?? row.originKey ?? row.key;
    for (const { where } of values[row.key as ResolvableKey] ?? []) origins[key] = [...(origins[key] ?? []), { layer: where.layer, name: where.label }];
  }
  return origins;
}
