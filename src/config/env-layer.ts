/**
 * WTB_* environment variables: the layer between flags and the config file. Each run setting has
 * one, named after its flag (--min-time → WTB_MIN_TIME); lists are comma-separated
 * (WTB_KPI="inference.p99=50ms,load.p95=3s"), switches take 1/0, true/false, yes/no.
 * An unknown WTB_* name is an error with the nearest known one, like an unknown config key.
 */
import { UsageError } from '../errors.js';
import type { RawRunOptions } from './run-config.js';
import { nearestKey } from './strict-object.js';

type SwitchKey = 'checkFinite' | 'strict' | 'quiet';
type ListKey = 'kpi' | 'kpiLevel' | 'maxRegression' | 'regressionLevel' | 'pushLabel' | 'otlpHeader';
type TextKey = Exclude<keyof RawRunOptions, SwitchKey | ListKey | 'inputShape' | 'inputValue' | 'json'>;

/** The env-settable options, with the flag each mirrors. */
export const ENV_SETTINGS = {
  runtime: '--runtime',
  browserPath: '--browser-path',
  browserWsEndpoint: '--browser-ws-endpoint',
  loadRuns: '--load-runs',
  maxLoadRuns: '--max-load-runs',
  warmup: '--warmup',
  confidence: '--confidence',
  inconclusive: '--inconclusive',
  checkFinite: '--check-finite',
  iterations: '--iterations',
  repeat: '--repeat',
  minTime: '--min-time',
  maxTime: '--max-time',
  timeout: '--timeout',
  memoryLimit: '--memory-limit',
  threads: '--threads',
  seed: '--seed',
  atol: '--atol',
  rtol: '--rtol',
  parity: '--parity',
  baseline: '--baseline',
  saveBaseline: '--save-baseline',
  maxRegression: '--max-regression',
  regressionLevel: '--regression-level',
  strict: '--strict',
  kpi: '--kpi',
  kpiLevel: '--kpi-level',
  reporter: '--reporter',
  out: '--out',
  quiet: '--quiet',
  runtimeAdapter: '--runtime-adapter',
  pushGateway: '--push-gateway',
  pushJob: '--push-job',
  pushLabel: '--push-label',
  otlpEndpoint: '--otlp-endpoint',
  otlpHeader: '--otlp-header',
  shard: '--shard',
} as const satisfies Partial<Record<keyof RawRunOptions, string>>;

export type EnvSettingKey = keyof typeof ENV_SETTINGS;

const SWITCHES: readonly string[] = ['checkFinite', 'strict', 'quiet'] satisfies SwitchKey[];
const LISTS: readonly string[] = ['kpi', 'kpiLevel', 'maxRegression', 'regressionLevel', 'pushLabel', 'otlpHeader'] satisfies ListKey[];

/** WTB_ variables that are not run settings: the config file, the browser. */
const OTHER_VARIABLES = ['WTB_CONFIG', 'WTB_CHROME_PATH'];
/** The tests' planted faults (src/runtimes/planted-faults.ts): not a setting, and not offered as one. */
const TEST_FAULTS_VARIABLE = 'WTB_TEST_FAULTS';

export function envName(key: EnvSettingKey): string {
  return `WTB_${ENV_SETTINGS[key].slice(2).replaceAll('-', '_').toUpperCase()}`;
}

function parseSwitch(name: string, text: string): boolean {
  const value = text.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(value)) return false;
  throw new UsageError(`${name}="${text}" is not a switch; set it to 1 or 0 (true/false, yes/no)`);
}

/** The run settings the environment sets, and the variable that set each. */
export function readEnvLayer(env: Readonly<Record<string, string | undefined>>): { options: RawRunOptions; names: Partial<Record<EnvSettingKey, string>> } {
  const byName = new Map((Object.keys(ENV_SETTINGS) as EnvSettingKey[]).map((key) => [envName(key), key]));
  const options: Record<string, unknown> = {};
  const names: Partial<Record<EnvSettingKey, string>> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('WTB_') || value === undefined || OTHER_VARIABLES.includes(name) || name === TEST_FAULTS_VARIABLE) continue;
    const key = byName.get(name);
    if (!key) {
      const known = [...byName.keys(), ...OTHER_VARIABLES];
      const near = nearestKey(name, known);
      throw new UsageError(`unknown environment variable ${name}${near ? ` (did you mean ${near}?)` : ''}; unset it, or use one of ${known.join(', ')}`);
    }
    names[key] = name;
    if (SWITCHES.includes(key)) options[key] = parseSwitch(name, value);
    else if (LISTS.includes(key))
      options[key] = value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0);
    else options[key satisfies TextKey | string] = value;
  }
  return { options: options as RawRunOptions, names };
}
