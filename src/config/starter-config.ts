/**
 * `init`: a starter config from the models' own metadata. Every input gets its shape and dtype;
 * a dynamic dim is set to 1 and marked with a "$comment" naming it, so the file runs as it is and
 * shows the user what to choose. The KPIs are the defaults, written out to be edited.
 */
import path from 'node:path';
import { formatQuantityShort } from '../format.js';
import { DEFAULT_KPIS, findMetric } from '../metrics.js';
import { FEED_DTYPES, type FeedDtype, type ModelInfo, type TensorInfo } from '../types.js';
import type { FileConfig } from './file-schema.js';

type StarterInput = { $comment?: string; shape: number[]; dtype?: FeedDtype };

function starterInput(input: TensorInfo): StarterInput {
  const supported = FEED_DTYPES.includes(input.dtype as FeedDtype);
  const dtype = supported ? { dtype: input.dtype as FeedDtype } : {};
  if (!input.shape) {
    return { $comment: `the model declares no shape for '${input.name}': set the shape to measure`, shape: [1], ...dtype };
  }
  const open = input.shape.flatMap((dim, axis) => (typeof dim === 'number' ? [] : [`${dim === null ? 'an unnamed dim' : `'${dim}'`} at axis ${axis}`]));
  const notes = [
    ...(open.length > 0 ? [`dynamic: ${open.join(', ')} set to 1; change to the size you want to measure`] : []),
    ...(supported ? [] : [`type ${input.dtype} cannot be generated; give values from a file`]),
  ];
  return { ...(notes.length > 0 ? { $comment: notes.join('; ') } : {}), shape: input.shape.map((dim) => (typeof dim === 'number' ? dim : 1)), ...dtype };
}

/** Model files are named by their path when two share a file name (row names must differ). */
function needsName(info: ModelInfo, infos: readonly ModelInfo[]): boolean {
  return infos.filter((other) => path.basename(other.path) === path.basename(info.path)).length > 1;
}

export function starterConfig(infos: readonly ModelInfo[], configDir: string, schemaPath: string | null): FileConfig {
  const relative = (file: string) => path.relative(configDir, file).split(path.sep).join('/') || '.';
  return {
    ...(schemaPath ? { $schema: relative(schemaPath) } : {}),
    $comment:
      'written by wasm-torch-bench init. Runtimes default to node-wasm and chrome-wasm (skipped with a hint where no browser is found); set "runtimes" and "threads" to choose. Every key is described in the JSON Schema above (editors autocomplete it).',
    kpis: Object.fromEntries(DEFAULT_KPIS.map((kpi) => [kpi.id, formatQuantityShort(findMetric(kpi.id)?.unit ?? 'ms', kpi.threshold).replace(/\s+/g, '')])),
    reporters: ['table', 'json', 'junit'],
    out: 'reports',
    models: infos.map((info) => ({
      path: relative(info.path),
      ...(needsName(info, infos) ? { name: relative(info.path) } : {}),
      inputs: Object.fromEntries(info.inputs.map((input) => [input.name, starterInput(input)])),
    })),
  };
}
