/**
 * Parsing of human-written quantities. Durations become milliseconds, sizes bytes, rates a
 * fraction. SI prefixes are powers of 1000 ("100MB" = 10^8 B), binary ones powers of 1024
 * ("100MiB" = 104,857,600 B).
 */
import type { CheckUnit } from '../types.js';

const NUMBER = String.raw`(\d+(?:\.\d+)?|\.\d+)(?:e[+-]?\d+)?`;

const DURATION_UNITS_MS: Record<string, number> = {
  us: 0.001,
  µs: 0.001,
  μs: 0.001,
  ms: 1,
  s: 1000,
  m: 60_000,
};

const SIZE_UNITS_BYTES: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

export type ParseResult = { ok: true; value: number } | { ok: false; reason: string };

function splitQuantity(text: string): { amount: number; unit: string } | null {
  const match = new RegExp(`^\\s*(${NUMBER})\\s*([a-zA-Zµμ%]*)\\s*$`, 'i').exec(text);
  if (!match) return null;
  const amount = Number(match[1]);
  if (!Number.isFinite(amount)) return null;
  return { amount, unit: match[3] ?? '' };
}

export function parseDurationMs(text: string): ParseResult {
  const parts = splitQuantity(text);
  const hint = 'use a number with a unit: us, ms, s or m (e.g. 500ms, 2s, 1.5m)';
  if (!parts) return { ok: false, reason: `"${text}" is not a duration; ${hint}` };
  const factor = DURATION_UNITS_MS[parts.unit];
  if (factor === undefined) {
    return { ok: false, reason: `"${text}" has ${parts.unit ? `unknown unit "${parts.unit}"` : 'no unit'}; ${hint}` };
  }
  return { ok: true, value: parts.amount * factor };
}

export function parseSizeBytes(text: string): ParseResult {
  const parts = splitQuantity(text);
  const hint = 'use a number with a unit: B, kB, MB, GB, KiB, MiB or GiB (e.g. 100MB, 64MiB)';
  if (!parts) return { ok: false, reason: `"${text}" is not a size; ${hint}` };
  const factor = SIZE_UNITS_BYTES[parts.unit.toLowerCase()];
  if (factor === undefined) {
    return { ok: false, reason: `"${text}" has ${parts.unit ? `unknown unit "${parts.unit}"` : 'no unit'}; ${hint}` };
  }
  return { ok: true, value: Math.round(parts.amount * factor) };
}

/** "0.1%" → 0.001. A bare number is read as a fraction only when it is at most 1. */
export function parseRatio(text: string): ParseResult {
  const parts = splitQuantity(text);
  const hint = 'use a percentage (e.g. 0.1%) or a fraction between 0 and 1 (e.g. 0.001)';
  if (!parts) return { ok: false, reason: `"${text}" is not a rate; ${hint}` };
  if (parts.unit === '%') return { ok: true, value: parts.amount / 100 };
  if (parts.unit === '' && parts.amount <= 1) return { ok: true, value: parts.amount };
  return { ok: false, reason: `"${text}" is not a rate; ${hint}` };
}

export function parseQuantity(unit: CheckUnit, text: string): ParseResult {
  switch (unit) {
    case 'ms':
      return parseDurationMs(text);
    case 'bytes':
      return parseSizeBytes(text);
    case 'ratio':
      return parseRatio(text);
    case 'factor': {
      // "10%" or "1.1x": the largest allowed ratio new/old, 1.10 for both.
      const percent = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(text);
      if (percent) return { ok: true, value: 1 + Number(percent[1]) / 100 };
      const factor = /^\s*(\d+(?:\.\d+)?)\s*[x×]\s*$/i.exec(text);
      if (factor && Number(factor[1]) >= 1) return { ok: true, value: Number(factor[1]) };
      return { ok: false, reason: `"${text}" is not an allowed regression; use a percentage such as 10% or a factor such as 1.1x` };
    }
    case 'count': {
      const trimmed = text.trim();
      return /^\d+$/.test(trimmed) ? { ok: true, value: Number(trimmed) } : { ok: false, reason: `"${text}" is not a whole number` };
    }
  }
}
