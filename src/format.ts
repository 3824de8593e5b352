/** Human-readable quantities for messages, tables and JUnit names. Pure. */
import type { CheckUnit } from './types.js';

function trimNumber(value: number, digits: number): string {
  return Number(value.toPrecision(digits)).toString();
}

export function formatMs(ms: number): string {
  const abs = Math.abs(ms);
  if (abs === 0) return '0 ms';
  if (abs < 1) return `${trimNumber(ms * 1000, 3)} µs`;
  if (abs < 1000) return `${trimNumber(ms, 3)} ms`;
  if (abs < 60_000) return `${trimNumber(ms / 1000, 3)} s`;
  return `${trimNumber(ms / 60_000, 3)} m`;
}

/** SI first (the unit thresholds are written in), binary in brackets when it differs. */
export function formatBytes(bytes: number): string {
  const abs = Math.abs(bytes);
  if (abs < 1000) return `${bytes} B`;
  const si = abs < 1e6 ? `${trimNumber(bytes / 1e3, 3)} kB` : abs < 1e9 ? `${trimNumber(bytes / 1e6, 3)} MB` : `${trimNumber(bytes / 1e9, 3)} GB`;
  const binary =
    abs < 1024 ** 2 ? `${trimNumber(bytes / 1024, 3)} KiB` : abs < 1024 ** 3 ? `${trimNumber(bytes / 1024 ** 2, 3)} MiB` : `${trimNumber(bytes / 1024 ** 3, 3)} GiB`;
  return `${si} (${binary})`;
}

/** Short form for table cells: SI only. */
export function formatBytesShort(bytes: number): string {
  return formatBytes(bytes).replace(/ \(.*\)$/, '');
}

export function formatRatio(ratio: number): string {
  return `${trimNumber(ratio * 100, 3)} %`;
}

export function formatQuantity(unit: CheckUnit, value: number): string {
  switch (unit) {
    case 'ms':
      return formatMs(value);
    case 'bytes':
      return formatBytes(value);
    case 'ratio':
      return formatRatio(value);
  }
}

export function formatQuantityShort(unit: CheckUnit, value: number): string {
  return unit === 'bytes' ? formatBytesShort(value) : formatQuantity(unit, value);
}
