/** Human-readable quantities for messages, tables and JUnit names. Pure. */
import type { CheckUnit } from './types.js';

function trimNumber(value: number, digits: number): string {
  return Number(value.toPrecision(digits)).toString();
}

interface DisplayUnit {
  factor: number;
  label: string;
  /** Largest shown amount before the next unit takes over. */
  below: number;
}

/** Picks the unit after rounding to 3 significant digits, so 999.9 ms shows as "1 s", not "1000 ms". */
function scaled(value: number, units: readonly DisplayUnit[]): string {
  const abs = Math.abs(value);
  for (const unit of units) {
    if (Number((abs / unit.factor).toPrecision(3)) < unit.below) return `${trimNumber(value / unit.factor, 3)} ${unit.label}`;
  }
  const last = units[units.length - 1] as DisplayUnit;
  return `${trimNumber(value / last.factor, 3)} ${last.label}`;
}

const TIME_UNITS: readonly DisplayUnit[] = [
  { factor: 0.001, label: 'µs', below: 1000 },
  { factor: 1, label: 'ms', below: 1000 },
  { factor: 1000, label: 's', below: 60 },
  { factor: 60_000, label: 'm', below: Number.POSITIVE_INFINITY },
];

const SI_UNITS: readonly DisplayUnit[] = [
  { factor: 1, label: 'B', below: 1000 },
  { factor: 1e3, label: 'kB', below: 1000 },
  { factor: 1e6, label: 'MB', below: 1000 },
  { factor: 1e9, label: 'GB', below: Number.POSITIVE_INFINITY },
];

const BINARY_UNITS: readonly DisplayUnit[] = [
  { factor: 1024, label: 'KiB', below: 1000 },
  { factor: 1024 ** 2, label: 'MiB', below: 1000 },
  { factor: 1024 ** 3, label: 'GiB', below: Number.POSITIVE_INFINITY },
];

export function formatMs(ms: number): string {
  if (ms === 0) return '0 ms';
  return scaled(ms, TIME_UNITS);
}

/** SI first (the unit thresholds are written in), binary in brackets when it differs. */
export function formatBytes(bytes: number): string {
  if (Math.abs(bytes) < 1000) return `${bytes} B`;
  return `${scaled(bytes, SI_UNITS)} (${scaled(bytes, BINARY_UNITS)})`;
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
    case 'count':
      return value.toLocaleString('en-US');
    case 'factor':
      return `${value.toFixed(3)}×`;
  }
}

export function formatQuantityShort(unit: CheckUnit, value: number): string {
  return unit === 'bytes' ? formatBytesShort(value) : formatQuantity(unit, value);
}

/** A confidence level as the reports print it: 0.95 → "95 %". */
export function formatConfidence(confidence: number): string {
  return `${Number((confidence * 100).toPrecision(4))} %`;
}

/** One side of an interval; "—" where too few samples bound the value from that side. */
export function formatIntervalSide(unit: CheckUnit, value: number | null): string {
  return value === null ? '—' : formatQuantity(unit, value);
}
