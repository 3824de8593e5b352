/**
 * `--dim sequence=128` (WTB_DIM, `dims` in a config file): the size of a named dynamic dim, set in
 * every input of every model that declares a dim of that name.
 */
import { UsageError } from '../errors.js';
import type { DimSize } from '../types.js';
import { example } from './flag-syntax.js';
import type { Where } from './setting-values.js';

/** One layer's named dims, before they are merged across layers. */
export interface DimSetting {
  name: string;
  size: number;
}

/** "batch=1", "sequence=128" → sizes; `label` names the flag or variable in messages. */
export function parseDimSettings(label: string, expressions: readonly string[]): DimSetting[] {
  const sizes = new Map<string, number>();
  for (const expression of expressions) {
    const index = expression.lastIndexOf('=');
    const name = index > 0 ? expression.slice(0, index).trim() : '';
    const text = index > 0 ? expression.slice(index + 1).trim() : '';
    if (!name || !text) throw new UsageError(`${label} "${expression}" is not of the form <dim>=<size>; for example ${example(label, 'sequence=128')}`);
    if (!/^\d+$/.test(text) || Number(text) < 1) {
      throw new UsageError(`${label} ${name}=${text}: the size must be a whole number from 1 up, e.g. ${example(label, `${name}=128`)}`);
    }
    const size = Number(text);
    const earlier = sizes.get(name);
    if (earlier !== undefined && earlier !== size) {
      throw new UsageError(`${label} sets dim '${name}' twice, to ${earlier} and ${size}; give it once, e.g. ${example(label, `${name}=${earlier}`)}`);
    }
    sizes.set(name, size);
  }
  return [...sizes].map(([name, size]) => ({ name, size }));
}

/** How messages name where a dim was set: "--dim sequence=128", "WTB_DIM sequence=128", "dims.sequence in x.json". */
function dimOrigin(setting: DimSetting, where: Where): string {
  if (where.layer === 'file') return `dims.${setting.name} in ${where.file}`;
  return `${where.layer === 'env' ? 'WTB_DIM' : '--dim'} ${setting.name}=${setting.size}`;
}

/** Every layer's dims, lowest layer first → one size per name: a higher layer's name wins, the others stay. */
export function mergeDimSettings(layers: readonly { value: readonly DimSetting[]; where: Where }[]): DimSize[] {
  const merged = new Map<string, DimSize>();
  for (const { value, where } of layers) {
    for (const setting of value) merged.set(setting.name, { ...setting, origin: dimOrigin(setting, where) });
  }
  return [...merged.values()];
}
