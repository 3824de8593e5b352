/**
 * `ab --a <setting=value>` / `--b <setting=value>`: runtime settings one side runs with in place
 * of the run-wide ones (threads, runtime adapter, graph optimisation, the onnxruntime package), so an A/B run can compare
 * two ways of running one model as well as two models. A side's setting is resolved exactly as
 * its flag would be (same schema, same checks across settings), as if typed for that side alone.
 */
import { AB_SIDE_SETTING_NAMES } from './ab-side-names.js';
import { UsageError } from '../errors.js';
import { resolveConfig, type ConfigLayers } from './resolve-config.js';
import type { RunConfig } from './run-config-schema.js';
import { SETTINGS, type SettingKey } from './settings-table.js';

type Side = 'A' | 'B';

export type SideSettingKey = 'threads' | 'runtimeAdapter' | 'graphOptimization' | 'ortWeb' | 'ortNode';

const nameOf = (key: SideSettingKey) => SETTINGS[key].flag.slice(2);
/** The table's rows for the names ab's help lists (config/ab-side-names.ts, kept light for --help). */
const SIDE_SETTING_KEYS: readonly SideSettingKey[] = AB_SIDE_SETTING_NAMES.map((name) => {
  const key = (Object.keys(SETTINGS) as SettingKey[]).find((candidate) => SETTINGS[candidate].flag === `--${name}`);
  if (!key) throw new Error(`no setting has the flag --${name}`);
  return key as SideSettingKey;
});
const SIDE_SETTING_NAMES = SIDE_SETTING_KEYS.map(nameOf);

export interface SideSettings {
  /** As typed, e.g. ["threads=2"]. */
  given: string[];
  /** The flag values they stand for, by setting key. */
  values: Partial<Record<SideSettingKey, string>>;
}

const flagOf = (side: Side) => `--${side.toLowerCase()}`;

/** "side B (--b threads=2 --b ort-web=1.20.1)", or "side B" when it runs with the run's settings: how messages name a side. */
export function sideWithSettings(side: Side, given: readonly string[]): string {
  return `side ${side}${given.length > 0 ? ` (${given.map((item) => `${flagOf(side)} ${item}`).join(' ')})` : ''}`;
}

/** `setting=value` items → the side's flag values; exit 2 for an unknown setting, a missing value or one set twice. */
export function parseSideSettings(side: Side, items: readonly string[]): SideSettings {
  const values: Partial<Record<SideSettingKey, string>> = {};
  for (const item of items) {
    const at = item.indexOf('=');
    const name = at < 0 ? item.trim() : item.slice(0, at).trim();
    const value = at < 0 ? '' : item.slice(at + 1).trim();
    const key = SIDE_SETTING_KEYS.find((candidate) => nameOf(candidate) === name);
    if (!key) {
      throw new UsageError(`${flagOf(side)} ${item}: a side sets ${SIDE_SETTING_NAMES.join(', ')}; e.g. ${flagOf(side)} threads=2 or ${flagOf(side)} graph-optimization=basic`);
    }
    if (value === '') throw new UsageError(`${flagOf(side)} ${item}: no value; give it as ${name}=<value>, e.g. ${flagOf(side)} ${exampleOf(key)}`);
    if (values[key] !== undefined && values[key] !== value) throw new UsageError(`${flagOf(side)} sets ${name} twice (${values[key]}, ${value}); keep one`);
    values[key] = value;
  }
  return { given: [...items], values };
}

function exampleOf(key: SideSettingKey): string {
  return { threads: 'threads=2', runtimeAdapter: 'runtime-adapter=./adapter.mjs', graphOptimization: 'graph-optimization=basic', ortWeb: 'ort-web=1.20.1', ortNode: 'ort-node=1.20.1' }[key];
}

/** One side's configuration: the run's layers with the side's settings typed over them; its errors name the side. */
function sideConfig(side: Side, layers: ConfigLayers, settings: SideSettings): Readonly<RunConfig> {
  const keys = Object.keys(settings.values) as SideSettingKey[];
  try {
    return resolveConfig({ ...layers, flags: { ...layers.flags, ...settings.values }, typedFlags: new Set([...layers.typedFlags, ...keys]) }).config;
  } catch (error) {
    if (!(error instanceof UsageError) || keys.length === 0) throw error;
    throw new UsageError(`${sideWithSettings(side, settings.given)}: ${error.message}`);
  }
}

export interface AbConfigs {
  /** The run-wide settings: the sides' settings left out. */
  run: Readonly<RunConfig>;
  A: Readonly<RunConfig>;
  B: Readonly<RunConfig>;
}

/**
 * The run's configuration and each side's. Rows pair A's trials with B's, so when a side sets its
 * own threads each side must run one thread count (a sweep would leave rows without a partner).
 */
export function resolveAbConfigs(layers: ConfigLayers, sides: Record<Side, SideSettings>): AbConfigs {
  const run = resolveConfig(layers).config;
  const configs = { run, A: sideConfig('A', layers, sides.A), B: sideConfig('B', layers, sides.B) };
  const threadsSet = (['A', 'B'] as const).filter((side) => sides[side].values.threads !== undefined);
  if (threadsSet.length > 0) {
    for (const side of ['A', 'B'] as const) {
      const threads = configs[side].threads;
      if (threads.length > 1) {
        const setBy = threadsSet.map((label) => `${flagOf(label)} threads=${sides[label].values.threads}`).join(', ');
        throw new UsageError(
          `side ${side} runs threads ${threads.join(',')} but ${setBy} pairs one thread count with another; give side ${side} one too (${flagOf(side)} threads=${threads[0]}) or --threads one value`,
        );
      }
    }
  }
  return configs;
}

/** The settings in which the sides differ, as `name: A's → B's` ("threads: 1 → 2"). */
export function sideDifferences(configs: AbConfigs): string[] {
  const text = (config: Readonly<RunConfig>, key: SideSettingKey) => {
    const value = config[key];
    if (Array.isArray(value)) return value.join(',');
    // --ort-web / --ort-node: the version or folder as given.
    if (typeof value === 'object' && value !== null) return value.kind === 'bundled' ? 'bundled' : value.value;
    return value ?? 'default';
  };
  return SIDE_SETTING_KEYS.filter((key) => text(configs.A, key) !== text(configs.B, key)).map((key) => `${nameOf(key)}: ${text(configs.A, key)} → ${text(configs.B, key)}`);
}
