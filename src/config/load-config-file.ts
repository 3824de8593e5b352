/**
 * Finding and reading the config file: --config <file> (or WTB_CONFIG), else the nearest
 * wasm-torch-bench.config.json, .wasmtorchbenchrc.json, or package.json with a
 * "wasm-torch-bench" key, from the working folder up. Syntax errors give the line and column;
 * schema errors the key path, with the nearest valid key for a typo.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseJsonc, printParseErrorCode, type ParseError, type ParseErrorCode } from 'jsonc-parser';
import { lilconfig, type LilconfigResult } from 'lilconfig';
import type { z } from 'zod';
import { InputError } from '../errors.js';
import { fileConfigSchema, formatKeyPath, type FileConfig } from './file-schema.js';

export const CONFIG_FILE_NAMES = ['wasm-torch-bench.config.json', '.wasmtorchbenchrc.json'] as const;
export const PACKAGE_JSON_KEY = 'wasm-torch-bench';

export interface LoadedConfigFile {
  /** The file the settings came from (a package.json when they sit under its "wasm-torch-bench" key). */
  file: string;
  /** Paths in the config are relative to this folder. */
  dir: string;
  config: z.output<typeof fileConfigSchema>;
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

export function parseJsonText(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // JSON.parse does not always say where; a JSON parser that reports offsets does.
    const errors: ParseError[] = [];
    parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false });
    const first = errors[0];
    const where = first ? ` at ${lineAndColumn(text, first.offset)}: ${describeParseError(first.error)}` : '';
    throw new InputError('CONFIG_INVALID', `${file}: not valid JSON${where}; fix the syntax (JSON has no comments or trailing commas; use "$comment" keys for notes)`);
  }
}

/** "PropertyNameExpected" → "property name expected". */
function describeParseError(code: ParseErrorCode): string {
  return printParseErrorCode(code)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

interface Problem {
  path: PropertyKey[];
  message: string;
}

/**
 * A union's "Invalid input" says nothing; what helps is the problem inside the branch the value
 * was meant for (a model entry that is an object: the entry's own errors). A branch whose value
 * has the wrong type at the union's own place was not meant; when no branch was, the union's
 * message (set where the union is defined) says what the value may be.
 */
function problemsOf(issues: readonly z.core.$ZodIssue[], base: PropertyKey[] = []): Problem[] {
  return issues.flatMap((issue): Problem[] => {
    const path = [...base, ...issue.path];
    if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [{ path, message: issue.message }];
    const meant = issue.errors.filter((branch) => !branch.some((inner) => inner.path.length === 0 && ['invalid_type', 'invalid_value', 'invalid_union'].includes(inner.code)));
    if (meant.length === 0) return [{ path, message: issue.message }];
    const closest = meant.reduce((best, branch) => (branch.length < best.length ? branch : best));
    return problemsOf(closest, path);
  });
}

/** Validates a config object (from a file or the library API); errors name every bad key path. */
export function validateConfig(source: string, value: unknown): z.output<typeof fileConfigSchema> {
  const checked = fileConfigSchema.safeParse(value);
  if (checked.success) return checked.data;
  const all = problemsOf(checked.error.issues);
  const problems = all.slice(0, 10).map((problem) => `  ${formatKeyPath(problem.path)}: ${problem.message}`);
  const more = all.length > 10 ? `\n  … and ${all.length - 10} more` : '';
  throw new InputError(
    'CONFIG_INVALID',
    `${source}: invalid configuration\n${problems.join('\n')}${more}\nfix the keys above (the JSON Schema in schema/config.schema.json lets editors check as you type)`,
  );
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new InputError('CONFIG_INVALID', `config file ${file} cannot be read: ${why}; pass an existing file to --config, or leave --config out to find one automatically`);
  }
  return parseJsonText(file, text);
}

function fromPackageJson(json: unknown): unknown {
  return json && typeof json === 'object' ? (json as Record<string, unknown>)[PACKAGE_JSON_KEY] : undefined;
}

/** The named config file, else the nearest one found from `cwd` up; null when there is none. */
export async function loadConfigFile(cwd: string, explicit: string | null): Promise<LoadedConfigFile | null> {
  if (explicit) {
    const file = path.resolve(cwd, explicit);
    const json = await readJson(file);
    const value = path.basename(file) === 'package.json' ? fromPackageJson(json) : json;
    if (value === undefined) throw new InputError('CONFIG_INVALID', `${file} has no "${PACKAGE_JSON_KEY}" key; add one, or pass a wasm-torch-bench.config.json`);
    return { file, dir: path.dirname(file), config: validateConfig(file, value) };
  }
  const explorer = lilconfig(PACKAGE_JSON_KEY, {
    searchPlaces: ['package.json', ...CONFIG_FILE_NAMES],
    packageProp: PACKAGE_JSON_KEY,
    loaders: { '.json': (file, text) => parseJsonText(file, text) },
  });
  const found: LilconfigResult = await explorer.search(cwd);
  if (!found) return null;
  return { file: found.filepath, dir: path.dirname(found.filepath), config: validateConfig(found.filepath, found.config) };
}

export type { FileConfig };
