/**
 * One error hierarchy for the whole tool. Every error carries a stable `code` (for reports and
 * scripts) and the process exit code it maps to. Messages say what was wrong, where, and what to do.
 */

export const EXIT_OK = 0;
export const EXIT_CHECK_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_RUNTIME = 3;

export type ExitCode = typeof EXIT_OK | typeof EXIT_CHECK_FAILED | typeof EXIT_USAGE | typeof EXIT_RUNTIME;

/** Codes of input errors (exit 2): something the user gave is wrong. */
const INPUT_ERROR_CODES = [
  'USAGE',
  'CONFIG_INVALID',
  'MODEL_NOT_FOUND',
  'MODEL_INVALID',
  'EXTERNAL_DATA_MISSING',
  'INPUT_SHAPE_REQUIRED',
  'INPUT_SPEC_INVALID',
  'OUTPUT_NOT_WRITABLE',
  'BASELINE_INVALID',
  'BASELINE_MISMATCH',
  'SHARDS_INCONSISTENT',
  'ADAPTER_INVALID',
] as const;

/** Codes of runtime failures (exit 3): the runtime could not run what it was given. */
const RUNTIME_FAILURE_CODES = [
  'RUNTIME_UNAVAILABLE',
  'THREADS_UNAVAILABLE',
  'MODEL_UNSUPPORTED',
  'SESSION_CREATE_FAILED',
  'INFERENCE_FAILED',
  'OUT_OF_MEMORY',
  'WORKER_CRASHED',
  'RENDERER_CRASHED',
  'WORKER_TIMEOUT',
  'PAGE_ERROR',
  'EXPORT_FAILED',
  'INTERNAL',
] as const;

/**
 * Every code an error record can carry, stable across releases (scripts and dashboards match on
 * them). Input errors (exit 2) first, then runtime failures (exit 3); the README's "Error codes"
 * table says what each means and what to do.
 */
export const ERROR_CODES = [...INPUT_ERROR_CODES, ...RUNTIME_FAILURE_CODES] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const EXIT_2_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(INPUT_ERROR_CODES);

export function isErrorCode(value: string): value is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(value);
}

export class WtbError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: ExitCode;

  constructor(code: ErrorCode, exitCode: ExitCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WtbError';
    this.code = code;
    this.exitCode = exitCode;
  }
}

/** Bad flags, config values or input files: exit 2. */
export class InputError extends WtbError {
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, EXIT_USAGE, message, options);
    this.name = 'InputError';
  }
}

export class UsageError extends InputError {
  constructor(message: string) {
    super('USAGE', message);
    this.name = 'UsageError';
  }
}

/** The runtime could not run the model (crash, timeout, session refused): exit 3. */
export class RuntimeFailure extends WtbError {
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, EXIT_RUNTIME, message, options);
    this.name = 'RuntimeFailure';
  }
}

/** The run was stopped by a signal; the CLI exits 128 + the signal number. */
export class Interrupted extends Error {
  constructor(readonly signal: string) {
    super(`interrupted by ${signal}`);
    this.name = 'Interrupted';
  }
}

/** 128 + the signal's number, as shells report a process a signal stopped. */
const SIGNAL_EXIT_CODES: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** The exit code of a run stopped by `signal` (an abort without a signal name counts as SIGINT). */
export function exitCodeForSignal(signal: string): number {
  return SIGNAL_EXIT_CODES[signal] ?? SIGNAL_EXIT_CODES.SIGINT!;
}

export function exitCodeForErrorCode(code: ErrorCode): ExitCode {
  return EXIT_2_CODES.has(code) ? EXIT_USAGE : EXIT_RUNTIME;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
