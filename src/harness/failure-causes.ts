/**
 * What a runtime's error message says about its cause, so that a failure gets the code a user can
 * act on: out of memory, a model the runtime does not support (operator, opset, IR version), or a
 * corrupt model, rather than one code for every refused session. onnxruntime's messages are the
 * source (web and node builds word them alike); anything unrecognised keeps the generic code.
 */

/** The most a wasm32 runtime can address: its linear memory is indexed by 32-bit offsets. */
export const WASM32_MEMORY_LIMIT_BYTES = 4 * 1024 ** 3;

const OUT_OF_MEMORY_PATTERNS = [
  /out of memory/i,
  /\bOOM\b/,
  /failed to allocate/i,
  /could not allocate/i,
  /array buffer allocation failed/i,
  /cannot enlarge memory/i,
  /maximum memory size exceeded/i,
  /invalid typed array length/i,
  /invalid array buffer length/i,
  /bad_alloc/i,
  // onnxruntime's size arithmetic overflowing: in the wasm build, a tensor of 4 GiB or more.
  /SafeIntOnOverflow|integer overflow/i,
  /tensor shape is too large/i,
];

const UNSUPPORTED_PATTERNS = [
  /No Op registered for/i,
  /Could not find an implementation for/i,
  /Opset \d+ is under development/i,
  /opset .*(is )?not supported|unsupported opset/i,
  /Unsupported model IR version/i,
  /domain_version of \d+/i,
  /does not support (the )?(operator|op|data type)/i,
];

const CORRUPT_PATTERNS = [/protobuf parsing failed/i, /failed to load model because protobuf/i, /ModelProto does not have a graph/i];

/** An error's message as failure messages quote it, trimmed; a thrown non-Error as text. */
export function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).trim();
}

export type FailureCause = 'out-of-memory' | 'unsupported' | 'corrupt' | 'other';

export function failureCause(message: string): FailureCause {
  if (OUT_OF_MEMORY_PATTERNS.some((pattern) => pattern.test(message))) return 'out-of-memory';
  if (UNSUPPORTED_PATTERNS.some((pattern) => pattern.test(message))) return 'unsupported';
  if (CORRUPT_PATTERNS.some((pattern) => pattern.test(message))) return 'corrupt';
  return 'other';
}

/** A RangeError from allocating a typed array or buffer (the host's own memory, not the runtime's). */
export function isAllocationFailure(error: unknown): boolean {
  return error instanceof RangeError && failureCause(error.message) === 'out-of-memory';
}
