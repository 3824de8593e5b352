/**
 * Output parity: do two runtimes, fed identical inputs, produce the same outputs? Floating-point
 * outputs agree element-wise when |actual − reference| ≤ atol + rtol·|reference| (numpy's
 * allclose rule); integer, bool and string outputs must be equal; NaN must sit where the
 * reference has NaN, and infinities must match exactly. Pure apart from base64 decoding.
 */
import type { OutputSnapshot } from '../types.js';

export type { OutputSnapshot };

export interface Tolerances {
  atol: number;
  rtol: number;
}

export interface WorstElement {
  /** Position in the output, one index per dimension. */
  index: number[];
  /** Values as text, so NaN, ±Infinity and 64-bit integers survive JSON. */
  expected: string;
  actual: string;
}

export interface OutputParity {
  name: string;
  dtype: string;
  shape: number[];
  elements: number;
  comparison: 'tolerance' | 'exact';
  /** Largest |actual − reference| over elements where both are finite; null when there are none. */
  maxAbsDiff: number | null;
  /** Largest |actual − reference| / |reference| over finite, non-zero reference elements. */
  maxRelDiff: number | null;
  mismatches: number;
  /** Elements where exactly one side is NaN (included in mismatches). */
  nanMismatches: number;
  /** The element furthest outside the tolerance; null when all agree. */
  worst: WorstElement | null;
  /** A structural disagreement (missing output, other shape or type); every element then counts as a mismatch. */
  problem: string | null;
}

const FLOAT_TYPES = new Set(['float16', 'float32', 'float64']);

type Values = ArrayLike<number> | ArrayLike<bigint> | readonly string[];

function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** The snapshot's elements as a typed view over its bytes (copied once so the view is aligned). */
export function decodeOutput(snapshot: OutputSnapshot): Values {
  if (snapshot.strings) return snapshot.strings;
  const bytes = Uint8Array.from(Buffer.from(snapshot.base64 ?? '', 'base64'));
  const { buffer } = bytes;
  switch (snapshot.dtype) {
    case 'float32':
      return new Float32Array(buffer);
    case 'float64':
      return new Float64Array(buffer);
    case 'float16':
      return Array.from(new Uint16Array(buffer), halfToNumber);
    case 'int8':
      return new Int8Array(buffer);
    case 'uint8':
    case 'bool':
      return bytes;
    case 'int16':
      return new Int16Array(buffer);
    case 'uint16':
      return new Uint16Array(buffer);
    case 'int32':
      return new Int32Array(buffer);
    case 'uint32':
      return new Uint32Array(buffer);
    case 'int64':
      return new BigInt64Array(buffer);
    case 'uint64':
      return new BigUint64Array(buffer);
    default:
      throw new Error(`unsupported output type ${snapshot.dtype}`);
  }
}

/** Text that round-trips the element at its own precision (float32: 9 significant digits, not float64's 17). */
function elementText(value: number | bigint | string | undefined, dtype: string): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return String(value);
  if (dtype === 'float32') return String(Number(value.toPrecision(9)));
  if (dtype === 'float16') return String(Number(value.toPrecision(5)));
  return String(value);
}

function indexOf(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length).fill(0);
  let rest = flat;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const size = shape[axis] ?? 1;
    index[axis] = size > 0 ? rest % size : 0;
    rest = size > 0 ? Math.floor(rest / size) : 0;
  }
  return index;
}

function structural(actual: OutputSnapshot, problem: string, elements: number): OutputParity {
  return {
    name: actual.name,
    dtype: actual.dtype,
    shape: actual.dims,
    elements,
    comparison: FLOAT_TYPES.has(actual.dtype) ? 'tolerance' : 'exact',
    maxAbsDiff: null,
    maxRelDiff: null,
    // At least one, so a structural problem always fails parity, even on an empty output.
    mismatches: Math.max(elements, 1),
    nanMismatches: 0,
    worst: null,
    problem,
  };
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((dim, i) => dim === b[i]);
}

export function compareOutput(reference: OutputSnapshot, actual: OutputSnapshot, tolerances: Tolerances): OutputParity {
  const elementCount = (dims: readonly number[]) => dims.reduce((product, dim) => product * dim, 1);
  if (reference.dtype !== actual.dtype) {
    return structural(actual, `type ${actual.dtype} where the reference has ${reference.dtype}`, Math.max(elementCount(actual.dims), elementCount(reference.dims)));
  }
  if (!sameShape(reference.dims, actual.dims)) {
    return structural(actual, `shape [${actual.dims.join(',')}] where the reference has [${reference.dims.join(',')}]`, Math.max(elementCount(actual.dims), elementCount(reference.dims)));
  }
  let expected: Values;
  let got: Values;
  try {
    expected = decodeOutput(reference);
    got = decodeOutput(actual);
  } catch (error) {
    return structural(actual, `could not be decoded: ${error instanceof Error ? error.message : String(error)}`, elementCount(actual.dims));
  }
  const tolerant = FLOAT_TYPES.has(actual.dtype);
  let maxAbsDiff: number | null = null;
  let maxRelDiff: number | null = null;
  let mismatches = 0;
  let nanMismatches = 0;
  let worstExcess = -Infinity;
  let worstAt = -1;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const a = got[i];
    if (!tolerant) {
      if (e !== a) {
        mismatches++;
        if (worstAt < 0) worstAt = i;
      }
      continue;
    }
    const x = e as number;
    const y = a as number;
    let excess: number;
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (Number.isNaN(x) === Number.isNaN(y)) continue;
      nanMismatches++;
      excess = Infinity;
    } else if (!Number.isFinite(x) || !Number.isFinite(y)) {
      if (x === y) continue;
      excess = Infinity;
    } else {
      const diff = Math.abs(y - x);
      maxAbsDiff = Math.max(maxAbsDiff ?? 0, diff);
      if (x !== 0) maxRelDiff = Math.max(maxRelDiff ?? 0, diff / Math.abs(x));
      excess = diff - (tolerances.atol + tolerances.rtol * Math.abs(x));
      if (excess <= 0) continue;
    }
    mismatches++;
    if (excess > worstExcess) {
      worstExcess = excess;
      worstAt = i;
    }
  }
  return {
    name: actual.name,
    dtype: actual.dtype,
    shape: actual.dims,
    elements: expected.length,
    comparison: tolerant ? 'tolerance' : 'exact',
    maxAbsDiff,
    maxRelDiff,
    mismatches,
    nanMismatches,
    worst: worstAt < 0 ? null : { index: indexOf(worstAt, actual.dims), expected: elementText(expected[worstAt], actual.dtype), actual: elementText(got[worstAt], actual.dtype) },
    problem: null,
  };
}

/** Every output of `actual` against the reference, by name; an output on one side only is a problem. */
export function compareOutputs(reference: readonly OutputSnapshot[], actual: readonly OutputSnapshot[], tolerances: Tolerances): OutputParity[] {
  const byName = new Map(reference.map((output) => [output.name, output]));
  const compared = actual.map((output) => {
    const match = byName.get(output.name);
    return match ? compareOutput(match, output, tolerances) : structural(output, 'the reference has no output of this name', 0);
  });
  const seen = new Set(actual.map((output) => output.name));
  for (const missing of reference.filter((output) => !seen.has(output.name))) {
    compared.push(structural(missing, 'missing from these outputs (the reference has it)', 0));
  }
  return compared;
}
