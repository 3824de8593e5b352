import { expect } from 'vitest';
import { UsageError } from '../../src/errors.js';

/** Runs fn, asserts it throws a UsageError (exit 2) and returns its message. */
export function usageMessage(fn: () => unknown): string {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(UsageError);
  const error = thrown as UsageError;
  expect(error.exitCode).toBe(2);
  expect(error.code).toBe('USAGE');
  return error.message;
}
