/**
 * The value schemas of the settings table: each takes what a flag or WTB_* variable holds (a
 * string) or what a config file holds (its own form, already checked by the file schema) and
 * gives one typed value. A problem is a zod issue whose `params.say` words the message for where
 * the value came from (`--seed`, `WTB_SEED`, `seed in x.json`), so one schema serves every layer.
 */
import { z } from 'zod';
import { UsageError, WtbError } from '../errors.js';
import { example } from './flag-syntax.js';
import { parseDurationMs, parseSizeBytes } from './units.js';
import type { RuntimePackageChoice } from '../types.js';

export type Layer = 'flag' | 'env' | 'file' | 'default';

/** Where a value came from, as messages name it. */
export interface Where {
  layer: Layer;
  /** "--min-time", "WTB_MIN_TIME", "minTime in /repo/wasm-torch-bench.config.json". */
  label: string;
  /** The config file, for layer 'file'. */
  file: string | null;
}

export type Say = (where: Where) => string;

type Context = z.core.$RefinementCtx;

/** Records a problem worded for its source; the transform's result is then discarded. */
export function reject(context: Context, say: Say): never {
  context.addIssue({ code: 'custom', message: say({ layer: 'flag', label: 'the value', file: null }), params: { say } });
  return z.NEVER as never;
}

/**
 * A parser that throws a UsageError with a fixed flag name (--kpi "…": …): from a flag its message
 * stands; from elsewhere it is prefixed with the layer ("environment: --kpi …", "x.json: --kpi …").
 */
export function rejectThrown(context: Context, error: unknown): never {
  if (!(error instanceof WtbError)) throw error;
  const message = error.message;
  return reject(context, (where) => (where.layer === 'flag' ? message : `${where.layer === 'env' ? 'environment' : where.file}: ${message}`));
}

/** The value's problem as a UsageError naming where it came from. */
export function usageErrorOf(issues: readonly z.core.$ZodIssue[], where: Where): UsageError {
  const issue = issues[0];
  const say = (issue?.code === 'custom' ? (issue.params as { say?: Say } | undefined)?.say : undefined) ?? ((at: Where) => `${at.label}: ${issue?.message ?? 'invalid value'}`);
  return new UsageError(say(where));
}

const trimmedItems = (text: string) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);

/** A whole number in [min, max]: "20" or 20. */
export function wholeNumber(options: { min: number; max?: number; sample: number }) {
  const max = options.max ?? Number.MAX_SAFE_INTEGER;
  return z.union([z.string(), z.number()]).transform((input, context): number => {
    const text = String(input).trim();
    if (!/^\d+$/.test(text)) {
      return reject(context, (at) => `${at.label} "${input}" is not a whole number; pass a number from ${options.min} up, e.g. ${example(at.label, options.sample)}`);
    }
    const value = Number(text);
    if (value < options.min || value > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? (value < options.min ? `at least ${options.min}` : `at most ${max}`) : `from ${options.min} to ${max}`;
      return reject(context, (at) => `${at.label} ${text} is out of range; it must be ${range}, e.g. ${example(at.label, options.sample)}`);
    }
    return value;
  });
}

/** A duration: "2s", or a number of milliseconds from a config file. */
export function durationMs(options: { allowZero: boolean }) {
  return z.union([z.string(), z.number()]).transform((input, context): number => {
    const parsed = typeof input === 'number' ? { ok: true as const, value: input } : parseDurationMs(input);
    if (!parsed.ok) return reject(context, (at) => `${at.label}: ${parsed.reason}`);
    if (parsed.value < 0 || (!options.allowZero && parsed.value === 0)) {
      return reject(context, (at) => `${at.label} ${givenDuration(input)} must be ${options.allowZero ? 'zero or more' : 'above zero'}`);
    }
    return parsed.value;
  });
}

/** A duration as its source wrote it: "5s", or "5000ms" for a number from a config file. */
export const givenDuration = (input: string | number) => (typeof input === 'number' ? `${input}ms` : input);

/** Below this a Node worker cannot even start onnxruntime-web (~120 MB RSS idle). */
export const MIN_MEMORY_LIMIT_BYTES = 64 * 1024 ** 2;

/** A resident-memory limit: "2GiB", or a number of bytes from a config file. */
export const memoryLimitBytes = z.union([z.string(), z.number()]).transform((input, context): number => {
  const parsed = typeof input === 'number' ? { ok: true as const, value: input } : parseSizeBytes(input);
  if (!parsed.ok) return reject(context, (at) => `${at.label}: ${parsed.reason}`);
  if (parsed.value < MIN_MEMORY_LIMIT_BYTES) {
    const given = typeof input === 'number' ? `${input}B` : input;
    return reject(context, (at) => `${at.label} ${given} is below 64 MiB, less than a worker needs to start; pass e.g. ${example(at.label, '2GiB')}`);
  }
  return parsed.value;
});

/** Names from a fixed list: "a,b" or ["a", "b"]; trimmed, repeats dropped. */
export function namesFrom<const Name extends string>(known: readonly Name[]) {
  return z.union([z.string(), z.array(z.string())]).transform((input, context): Name[] => {
    const items = typeof input === 'string' ? trimmedItems(input) : input;
    if (items.length === 0) return reject(context, (at) => `${at.label} is empty; choose from ${known.join(', ')}`);
    const unknown = items.find((item) => !(known as readonly string[]).includes(item));
    if (unknown !== undefined) return reject(context, (at) => `${at.label}: unknown value "${unknown}"; choose from ${known.join(', ')}`);
    return [...new Set(items as Name[])];
  });
}

/** One name from a fixed list. */
export function oneOf<const Name extends string>(known: readonly Name[]) {
  return namesFrom(known).transform((names, context): Name => {
    if (names.length > 1) return reject(context, (at) => `${at.label} takes one value; choose one of ${known.join(', ')}`);
    return names[0] as Name;
  });
}

/** A tolerance: a non-negative decimal such as 1e-4 or 0.001. */
export function tolerance(sample: number) {
  return z.union([z.string(), z.number()]).transform((input, context): number => {
    const value = typeof input === 'number' ? input : /^\s*(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?\s*$/i.test(input) ? Number(input) : Number.NaN;
    if (!Number.isFinite(value) || value < 0) return reject(context, (at) => `${at.label} "${input}" is not a non-negative number; pass e.g. ${example(at.label, sample)}`);
    return value;
  });
}

/** "95%", "95", "0.95" (or 0.95 from a file) → 0.95: a confidence from 50 % up to, not including, 100 %. */
export const confidenceLevel = z.union([z.string(), z.number()]).transform((input, context): number => {
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(%?)\s*$/.exec(String(input));
  const number = match ? Number(match[1]) : Number.NaN;
  // Rounded so "99.9" is 0.999, not 0.9990000000000001.
  const value = Number((match?.[2] === '%' || number > 1 ? number / 100 : number).toPrecision(12));
  if (!(value >= 0.5 && value < 1)) {
    return reject(context, (at) => `${at.label} "${input}" must be a level from 50 % up to (not including) 100 %, e.g. ${example(at.label, '95%')} or ${example(at.label, 0.99)}`);
  }
  return value;
});

/** Warm-up runs: "auto" or a whole number. */
export const warmupRuns = z.union([z.string(), z.number()]).transform((input, context): number | 'auto' => {
  if (typeof input === 'number') return input;
  if (input.trim() === 'auto') return 'auto';
  if (!/^\s*\d+\s*$/.test(input)) {
    return reject(context, (at) => `${at.label} "${input}" must be auto or a whole number of runs, e.g. ${example(at.label, 'auto')} or ${example(at.label, 20)}`);
  }
  return Number(input);
});

/** "1,2,4" or [1, 2, 4]: a threads sweep, each setting its own row; repeats dropped. */
export const threadCounts = z.union([z.string(), z.array(z.number())]).transform((input, context): number[] => {
  if (typeof input !== 'string') return [...new Set(input)];
  const items = input.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) {
    return reject(context, (at) => `${at.label} "${input}" has an empty entry; pass whole numbers separated by commas, e.g. ${example(at.label, '1,2,4')}`);
  }
  const counts: number[] = [];
  const count = wholeNumber({ min: 1, max: 64, sample: 1 });
  for (const item of items) {
    const parsed = count.safeParse(item);
    if (!parsed.success) {
      const say = (parsed.error.issues[0] as { params?: { say?: Say } }).params?.say;
      return reject(context, (at) => say?.(at) ?? `${at.label}: invalid thread count`);
    }
    counts.push(parsed.data);
  }
  return [...new Set(counts)];
});

/** A full version as npm writes it: "1.20.1", "1.21.0-dev.20241024-d9ca84ef96". */
const PACKAGE_VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
/** Looks like a version but is not a full one ("1.20", "v1.20.1"): a mistake, not a folder. */
const PARTIAL_VERSION = /^v?\d+(?:\.\d+)*(?:-[0-9A-Za-z.-]+)?$/;

/** A --ort-web / --ort-node value names a folder (a config file's is made absolute against the file). */
export const isPackageFolderValue = (value: string) => value.trim() !== 'bundled' && !PARTIAL_VERSION.test(value.trim());

/** --ort-web / --ort-node: "bundled", a version installed in the project ("1.20.1"), or a package folder. */
export const runtimePackageChoice = z.string().transform((input, context): RuntimePackageChoice => {
  const value = input.trim();
  if (value === '') return reject(context, (at) => `${at.label} is empty; give a version installed in the project (e.g. ${example(at.label, '1.20.1')}), a package folder, or bundled`);
  if (value === 'bundled') return { kind: 'bundled', value: '', setBy: null };
  if (PACKAGE_VERSION.test(value)) return { kind: 'version', value, setBy: null };
  if (PARTIAL_VERSION.test(value)) {
    return reject(context, (at) => `${at.label} "${input}" is not a full version; give one as npm lists it (major.minor.patch, e.g. ${example(at.label, '1.20.1')}), a package folder, or bundled`);
  }
  return { kind: 'dir', value, setBy: null };
});

/** A string as given (a path from a config file is already made absolute). */
export const text = z.string();

/** A switch: true from a flag, a WTB_* variable ("1", "yes", …) or a file's boolean. */
export const switchValue = z.union([z.boolean(), z.string()]).transform((input, context): boolean => {
  if (typeof input === 'boolean') return input;
  const value = input.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(value)) return false;
  return reject(context, (at) => `${at.label}="${input}" is not a switch; set it to 1 or 0 (true/false, yes/no)`);
});

/** A ws:// or wss:// URL of a running browser's DevTools endpoint. */
export const wsEndpoint = z.string().transform((input, context): string => {
  let protocol = '';
  try {
    protocol = new URL(input).protocol;
  } catch {
    protocol = '';
  }
  if (protocol !== 'ws:' && protocol !== 'wss:') {
    return reject(context, (at) => `${at.label} "${input}" is not a ws:// or wss:// URL; pass the browser's DevTools endpoint, e.g. ${example(at.label, 'ws://127.0.0.1:9222/devtools/browser/<id>')}`);
  }
  return input;
});

/** An http:// or https:// URL. */
export function httpUrl(sample: string) {
  return z.string().transform((input, context): string => {
    let protocol = '';
    try {
      protocol = new URL(input).protocol;
    } catch {
      protocol = '';
    }
    if (protocol !== 'http:' && protocol !== 'https:') return reject(context, (at) => `${at.label} "${input}" is not an http:// or https:// URL; pass e.g. ${example(at.label, sample)}`);
    return input;
  });
}

/**
 * A value read by a parser that names its source in its messages: run once to check; when it
 * throws, the message is worded again with the real source's label.
 */
export function parsedWithLabel<Value>(parse: (label: string) => Value, context: Context): Value {
  try {
    return parse('--value');
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return reject(context, (at) => {
      try {
        parse(at.label);
      } catch (again) {
        if (again instanceof Error) return again.message;
      }
      return error.message;
    });
  }
}
