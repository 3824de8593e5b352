/**
 * WTB_* environment variables: the layer between flags and the config file, one per setting that
 * the settings table gives a variable (--min-time → WTB_MIN_TIME). Repeatable settings take a
 * comma-separated list (WTB_KPI="inference.p99=50ms,load.p95=3s"); switches 1/0, true/false, yes/no.
 * An unknown WTB_* name is an error with the nearest known one, like an unknown config key.
 */
import { UsageError } from '../errors.js';
import { SETTING_ROWS, type SettingKey } from './settings-table.js';
import { nearestKey } from './strict-object.js';

/** WTB_ variables that are not run settings: the config file, the browser. */
const OTHER_VARIABLES = ['WTB_CONFIG', 'WTB_CHROME_PATH'];
/** The tests' planted faults (src/runtimes/planted-faults.ts): not a setting, and not offered as one. */
const TEST_FAULTS_VARIABLE = 'WTB_TEST_FAULTS';

const ENV_ROWS = SETTING_ROWS.filter((row) => row.env !== null);

/** The variable of each setting that has one. */
export const ENV_NAMES: Partial<Record<SettingKey, string>> = Object.fromEntries(ENV_ROWS.map((row) => [row.key, row.env]));

/** What the environment sets, as it is written (a list split on commas), and the variable that set each. */
export interface EnvLayer {
  values: Partial<Record<SettingKey, string | string[]>>;
  names: Partial<Record<SettingKey, string>>;
}

export function readEnvLayer(env: Readonly<Record<string, string | undefined>>): EnvLayer {
  const byName = new Map(ENV_ROWS.map((row) => [row.env as string, row]));
  const layer: EnvLayer = { values: {}, names: {} };
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('WTB_') || value === undefined || OTHER_VARIABLES.includes(name) || name === TEST_FAULTS_VARIABLE) continue;
    const row = byName.get(name);
    if (!row) {
      const known = [...byName.keys(), ...OTHER_VARIABLES];
      const near = nearestKey(name, known);
      throw new UsageError(`unknown environment variable ${name}${near ? ` (did you mean ${near}?)` : ''}; unset it, or use one of ${known.join(', ')}`);
    }
    layer.names[row.key] = name;
    layer.values[row.key] = row.repeatable
      ? value
          .split(',')
          .map((item) => item.trim())
          .filter((item) => item.length > 0)
      : value;
  }
  return layer;
}
