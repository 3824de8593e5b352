/**
 * --print-config: the merged configuration, one setting per line, with where each value came from
 * (a flag, a WTB_* variable, the config file, or the default). Pure: text in, text out.
 */
import { formatBytes, formatConfidence, formatMs, formatQuantity } from '../format.js';
import { findMetric } from '../metrics.js';
import type { InputSpec, KpiSpec, ModelSpec } from '../types.js';
import type { RunConfig } from './run-config-schema.js';
import type { Origin, ResolvedConfig } from './resolve-config.js';
import { formatShard } from './shard-setting.js';
import { SETTING_ROWS } from './settings-table.js';

function kpiText(kpis: readonly KpiSpec[]): string {
  return kpis.map((kpi) => `${kpi.id} < ${formatQuantity(findMetric(kpi.id)?.unit ?? 'ms', kpi.threshold)}${kpi.level === 'error' ? '' : ` (${kpi.level})`}`).join(', ');
}

function inputText(name: string, spec: InputSpec): string {
  const parts = [spec.shape ? `[${spec.shape.join(', ')}]` : null, spec.dtype];
  const values = spec.values;
  if (values?.kind === 'constant') parts.push(`= ${values.value}`);
  if (values?.kind === 'uniform') parts.push(`uniform ${values.min}–${values.max}`);
  if (values?.kind === 'normal') parts.push(`normal(${values.mean}, ${values.std})`);
  if (values?.kind === 'file') parts.push(`from ${values.path}`);
  return `${name} ${parts.filter(Boolean).join(' ')}`;
}

function modelLines(model: ModelSpec, config: RunConfig): string[] {
  const lines = [`${model.name ?? model.path}${model.name ? ` (${model.path})` : ''}${model.glob ? ' (glob)' : ''}`];
  const detail = (label: string, text: string) => lines.push(`    ${label.padEnd(9)} ${text}`);
  if (model.runtimes.join() !== config.runtimes.join()) detail('runtimes', model.runtimes.join(', '));
  if (model.threads.join() !== config.threads.join()) detail('threads', model.threads.join(', '));
  if (model.timeoutMs !== config.timeoutMs) detail('timeout', formatMs(model.timeoutMs));
  if (kpiText(model.kpis) !== kpiText(config.kpis)) detail('kpis', kpiText(model.kpis));
  if (model.tags.length > 0) detail('tags', model.tags.join(', '));
  for (const variant of model.variants) {
    const inputs = Object.entries(variant.inputs).map(([name, spec]) => inputText(name, spec));
    if (variant.name || inputs.length > 0) detail(variant.name ? `[${variant.name}]` : 'inputs', inputs.join('; ') || '(model defaults)');
  }
  return lines;
}

function packageChoiceText(choice: RunConfig['ortWeb']): string {
  if (!choice) return "(the project's, found from the working folder, else the tool's own)";
  return choice.kind === 'bundled' ? "bundled (the tool's own)" : choice.value;
}

/** How a field's value reads, where String() would not do. */
const FIELD_TEXT: Partial<Record<keyof RunConfig, (config: RunConfig) => string>> = {
  runtimes: (config) => config.runtimes.join(', '),
  threads: (config) => config.threads.join(', '),
  minTimeMs: (config) => formatMs(config.minTimeMs),
  maxTimeMs: (config) => formatMs(config.maxTimeMs),
  timeoutMs: (config) => formatMs(config.timeoutMs),
  memoryLimitBytes: (config) => (config.memoryLimitBytes === null ? '(none)' : formatBytes(config.memoryLimitBytes)),
  confidence: (config) => formatConfidence(config.confidence),
  kpis: (config) => kpiText(config.kpis),
  dims: (config) => config.dims.map((dim) => `${dim.name}=${dim.size}`).join(', ') || '(none)',
  regressions: (config) => config.regressions.map((spec) => `${spec.id} < ${spec.maxRatio.toFixed(2)}×${spec.level === 'error' ? '' : ` (${spec.level})`}`).join(', '),
  browserPath: (config) => config.browserPath ?? '(search: WTB_CHROME_PATH, then the usual install paths)',
  browserWsEndpoint: (config) => config.browserWsEndpoint ?? '(none: launch a browser)',
  runtimeAdapter: (config) => config.runtimeAdapter ?? '(none: onnxruntime-web)',
  ortWeb: (config) => packageChoiceText(config.ortWeb),
  ortNode: (config) => packageChoiceText(config.ortNode),
  graphOptimization: (config) => config.graphOptimization ?? "(onnxruntime's default: all)",
  shard: (config) => (config.shard ? formatShard(config.shard) : '(none: the whole plan)'),
  reporters: (config) => config.reporters.join(', '),
  pushGateway: (config) =>
    config.pushGateway
      ? `${config.pushGateway.url} job=${config.pushGateway.job}${Object.entries(config.pushGateway.groupings)
          .map(([key, value]) => ` ${key}=${value}`)
          .join('')}`
      : '(none)',
  otlp: (config) => (config.otlp ? `${config.otlp.endpoint}${Object.keys(config.otlp.headers).length > 0 ? ` (headers: ${Object.keys(config.otlp.headers).join(', ')})` : ''}` : '(none)'),
};

function fieldText(config: RunConfig, field: keyof RunConfig): string {
  const text = FIELD_TEXT[field];
  if (text) return text(config);
  const value = config[field];
  return value === null ? '(none)' : String(value);
}

/** The key a row's origins are kept under. */
const originKeyOf = (row: (typeof SETTING_ROWS)[number]) => row.fileKey ?? row.originKey ?? row.key;

/** One line per setting of the table (a setting's parts, such as --kpi-level, on its line): measurement settings, then output settings. */
function settingRows(config: RunConfig): { key: string; value: string; originKeys: string[] }[] {
  const printed = SETTING_ROWS.filter((row) => row.value !== null && row.field !== null && !row.notPrinted);
  return [...printed.filter((row) => row.kind === 'measurement'), ...printed.filter((row) => row.kind === 'output')].map((row) => ({
    key: originKeyOf(row),
    value: fieldText(config, row.field as keyof RunConfig),
    originKeys: [...new Set([originKeyOf(row), ...SETTING_ROWS.filter((part) => part.partOf === row.key).map(originKeyOf)])],
  }));
}

function originText(origins: readonly Origin[] | undefined): string {
  if (!origins || origins.length === 0) return 'default';
  return origins.map((origin) => (origin.layer === 'flag' ? `flag ${origin.name}` : origin.layer === 'env' ? `env ${origin.name}` : origin.name)).join(' + ');
}

export function describeConfig(resolved: ResolvedConfig): string {
  const { config, origins } = resolved;
  const rows = settingRows(config);
  const keyWidth = Math.max(...rows.map(({ key }) => key.length));
  // Long values (the KPI table) would push every source far right; they get their own width.
  const valueWidth = Math.max(...rows.map(({ value }) => value.length).filter((length) => length <= 40));
  const lines = [`config file: ${resolved.configFile ?? '(none found)'}`, ''];
  for (const { key, value, originKeys } of rows) {
    const origin = originKeys.flatMap((originKey) => origins[originKey] ?? []);
    lines.push(`${key.padEnd(keyWidth)}  ${value.padEnd(valueWidth)}  ← ${originText(origin)}`);
  }
  lines.push('', `models  ← ${originText(origins.models)}${config.tags.length > 0 ? ` (only tags ${config.tags.join(', ')})` : ''}`);
  for (const model of config.models) lines.push(...modelLines(model, config).map((line) => `  ${line}`));
  return `${lines.join('\n')}\n`;
}
