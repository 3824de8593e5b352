import { describe, it, expect } from 'vitest';
import { compareOutput, compareOutputs, decodeOutput, type Tolerances } from '../../src/gate/output-parity.js';
import { MAX_SNAPSHOT_BYTES, snapshotOutputs, type OutputSnapshot } from '../../src/harness/output-snapshot.js';
import type { AdapterTensor } from '../../src/harness/runtime-adapter.js';

type TypedArray = Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array;

/** A snapshot as the harness would ship it: the typed array's bytes, base64. */
function snap(name: string, dtype: string, dims: number[], data: TypedArray): OutputSnapshot {
  return { name, dtype, dims, base64: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64'), strings: null };
}

function f32(dims: number[], values: number[], name = 'y'): OutputSnapshot {
  return snap(name, 'float32', dims, Float32Array.from(values));
}

function f64(dims: number[], values: number[], name = 'y'): OutputSnapshot {
  return snap(name, 'float64', dims, Float64Array.from(values));
}

function strings(dims: number[], values: string[], name = 's'): OutputSnapshot {
  return { name, dtype: 'string', dims, base64: null, strings: values };
}

/** A fake ORT tensor as the harness sees it. */
function tensor(type: string, dims: number[], data: unknown): AdapterTensor {
  return { type, dims, data } as AdapterTensor;
}

const STRICT: Tolerances = { atol: 0, rtol: 0 };
/** Powers of two, so every tolerance below is exact in float32 and float64. */
const TOL: Tolerances = { atol: 0.5, rtol: 0.25 };

describe('decodeOutput', () => {
  it('decodes float32, float64 and integer snapshots back to their values', () => {
    expect(Array.from(decodeOutput(f32([3], [1.5, -2, 0.25])) as Float32Array)).toEqual([1.5, -2, 0.25]);
    expect(Array.from(decodeOutput(f64([2], [0.1, 1e300])) as Float64Array)).toEqual([0.1, 1e300]);
    expect(Array.from(decodeOutput(snap('i', 'int32', [3], Int32Array.from([-1, 0, 2147483647]))) as Int32Array)).toEqual([-1, 0, 2147483647]);
    expect(Array.from(decodeOutput(snap('i', 'int8', [2], Int8Array.from([-128, 127]))) as Int8Array)).toEqual([-128, 127]);
    expect(Array.from(decodeOutput(snap('i', 'uint16', [1], Uint16Array.from([65535]))) as Uint16Array)).toEqual([65535]);
    expect(Array.from(decodeOutput(snap('i', 'int16', [1], Int16Array.from([-32768]))) as Int16Array)).toEqual([-32768]);
    expect(Array.from(decodeOutput(snap('i', 'uint32', [1], Uint32Array.from([4294967295]))) as Uint32Array)).toEqual([4294967295]);
  });

  it('decodes int64 and uint64 as BigInts, keeping values beyond 2^53', () => {
    const int64 = decodeOutput(snap('i', 'int64', [2], BigInt64Array.from([9007199254740993n, -5n])));
    expect(int64).toBeInstanceOf(BigInt64Array);
    expect(Array.from(int64 as BigInt64Array)).toEqual([9007199254740993n, -5n]);
    const uint64 = decodeOutput(snap('i', 'uint64', [1], BigUint64Array.from([18446744073709551615n])));
    expect(Array.from(uint64 as BigUint64Array)).toEqual([18446744073709551615n]);
  });

  it('decodes bool and uint8 as bytes', () => {
    expect(Array.from(decodeOutput(snap('b', 'bool', [3], Uint8Array.from([1, 0, 1]))) as Uint8Array)).toEqual([1, 0, 1]);
    expect(Array.from(decodeOutput(snap('b', 'uint8', [2], Uint8Array.from([255, 7]))) as Uint8Array)).toEqual([255, 7]);
  });

  it('decodes float16 bit patterns: 1, −2, ∞, NaN, the smallest subnormal, −0, the largest finite', () => {
    const bits = Uint16Array.from([0x3c00, 0xc000, 0x7c00, 0x7e00, 0x0001, 0x8000, 0x7bff, 0xfc00, 0x3555]);
    const values = Array.from(decodeOutput(snap('h', 'float16', [bits.length], bits)) as ArrayLike<number>);
    expect(values[0]).toBe(1);
    expect(values[1]).toBe(-2);
    expect(values[2]).toBe(Number.POSITIVE_INFINITY);
    expect(values[3]).toBeNaN();
    expect(values[4]).toBe(2 ** -24);
    expect(Object.is(values[5], -0)).toBe(true);
    expect(values[6]).toBe(65504);
    expect(values[7]).toBe(Number.NEGATIVE_INFINITY);
    // 0x3555: exponent 13 → 2^-2, fraction 0x155 = 341 → (1 + 341/1024) / 4.
    expect(values[8]).toBe((1 + 341 / 1024) / 4);
  });

  it('decodes a snapshot made from a view into a larger buffer', () => {
    // A view at byteOffset 8 of a larger buffer: only its own bytes are shipped, and decoding copies them aligned.
    const backing = Float64Array.from([99, 1.25, -3.5, 99]);
    const view = new Float32Array(backing.buffer, 8, 4);
    const values = decodeOutput(snap('y', 'float32', [4], view)) as Float32Array;
    expect(Array.from(values)).toEqual(Array.from(view));
  });

  it('returns the strings of a string tensor as they are', () => {
    expect(decodeOutput(strings([2], ['a', 'bc']))).toEqual(['a', 'bc']);
  });

  it('throws on an element type it cannot decode, naming it', () => {
    expect(() => decodeOutput({ name: 'x', dtype: 'complex64', dims: [1], base64: 'AAAAAAAAAAA=', strings: null })).toThrow(/complex64/);
  });
});

describe('compareOutput: floating point within tolerance', () => {
  it('identical float32 outputs: no mismatches, max |Δ| 0, no worst element', () => {
    const values = [0.1, -2.5, 3e10, 0, 1e-30, -7];
    const parity = compareOutput(f32([2, 3], values), f32([2, 3], values), STRICT);
    expect(parity).toEqual({
      name: 'y',
      dtype: 'float32',
      shape: [2, 3],
      elements: 6,
      comparison: 'tolerance',
      maxAbsDiff: 0,
      maxRelDiff: 0,
      mismatches: 0,
      nanMismatches: 0,
      worst: null,
      problem: null,
    });
  });

  it('a difference of exactly atol + rtol·|ref| agrees; a little more disagrees (float32)', () => {
    // ref 2: tolerance 0.5 + 0.25·2 = 1. 3 is exactly at it; 3.0625 is beyond. Both exact in float32.
    const atEdge = compareOutput(f32([1], [2]), f32([1], [3]), TOL);
    expect(atEdge.mismatches).toBe(0);
    expect(atEdge.maxAbsDiff).toBe(1);
    expect(atEdge.maxRelDiff).toBe(0.5);

    const beyond = compareOutput(f32([1], [2]), f32([1], [3.0625]), TOL);
    expect(beyond.mismatches).toBe(1);
    expect(beyond.maxAbsDiff).toBe(1.0625);
    expect(beyond.worst).toEqual({ index: [0], expected: '2', actual: '3.0625' });
  });

  it('the tolerance scales with |reference|, not |actual|, and applies below as well as above', () => {
    // ref −4: tolerance 0.5 + 0.25·4 = 1.5, so −5.5 and −2.5 agree, −5.625 and −2.375 do not.
    expect(compareOutput(f64([2], [-4, -4]), f64([2], [-5.5, -2.5]), TOL).mismatches).toBe(0);
    expect(compareOutput(f64([2], [-4, -4]), f64([2], [-5.625, -2.375]), TOL).mismatches).toBe(2);
    // ref 0, actual 4: tolerance is atol 0.5 alone (rtol·|actual| would have allowed 1.5).
    expect(compareOutput(f64([1], [0]), f64([1], [0.5]), TOL).mismatches).toBe(0);
    expect(compareOutput(f64([1], [0]), f64([1], [1]), TOL).mismatches).toBe(1);
  });

  it('rtol alone and atol alone both work (float64)', () => {
    const rtolOnly = { atol: 0, rtol: 1e-3 };
    expect(compareOutput(f64([1], [1000]), f64([1], [1000.5]), rtolOnly).mismatches).toBe(0);
    expect(compareOutput(f64([1], [1000]), f64([1], [1001.5]), rtolOnly).mismatches).toBe(1);
    const atolOnly = { atol: 1e-3, rtol: 0 };
    expect(compareOutput(f64([1], [1000]), f64([1], [1000.0005]), atolOnly).mismatches).toBe(0);
    expect(compareOutput(f64([1], [1000]), f64([1], [1000.5]), atolOnly).mismatches).toBe(1);
  });

  it('counts every element beyond tolerance and tracks max |Δ| and max rel over all elements', () => {
    const parity = compareOutput(f64([4], [1, 2, 4, 8]), f64([4], [1, 4, 4, 7]), { atol: 0, rtol: 0.5 });
    // Δ = 0, 2, 0, 1; tolerances 0.5, 1, 2, 4 → only element 1 is beyond.
    expect(parity.mismatches).toBe(1);
    expect(parity.maxAbsDiff).toBe(2);
    expect(parity.maxRelDiff).toBe(1);
    expect(parity.worst).toEqual({ index: [1], expected: '2', actual: '4' });
  });

  it('max rel ignores elements whose reference is zero', () => {
    const parity = compareOutput(f64([2], [0, 2]), f64([2], [0.25, 2.5]), TOL);
    expect(parity.maxAbsDiff).toBe(0.5);
    expect(parity.maxRelDiff).toBe(0.25);
    expect(parity.mismatches).toBe(0);
  });

  it('max rel is null when every reference element is zero; max |Δ| still counts them', () => {
    const parity = compareOutput(f64([2], [0, 0]), f64([2], [0.25, 0]), TOL);
    expect(parity.maxRelDiff).toBeNull();
    expect(parity.maxAbsDiff).toBe(0.25);
  });

  it('−0 and +0 agree exactly', () => {
    expect(compareOutput(f64([1], [-0]), f64([1], [0]), STRICT).mismatches).toBe(0);
  });
});

describe('compareOutput: NaN and infinities', () => {
  it('NaN where the reference has NaN agrees', () => {
    const parity = compareOutput(f32([3], [Number.NaN, 1, Number.NaN]), f32([3], [Number.NaN, 1, Number.NaN]), STRICT);
    expect(parity.mismatches).toBe(0);
    expect(parity.nanMismatches).toBe(0);
    expect(parity.worst).toBeNull();
    expect(parity.maxAbsDiff).toBe(0);
  });

  it('NaN on the actual side only is a NaN mismatch and a mismatch, however loose the tolerance', () => {
    const parity = compareOutput(f32([3], [1, 2, 3]), f32([3], [1, Number.NaN, 3]), { atol: 1e30, rtol: 1e30 });
    expect(parity.nanMismatches).toBe(1);
    expect(parity.mismatches).toBe(1);
    expect(parity.worst).toEqual({ index: [1], expected: '2', actual: 'NaN' });
    // The NaN element has no |Δ|: the others are equal.
    expect(parity.maxAbsDiff).toBe(0);
  });

  it('NaN on the reference side only counts too', () => {
    const parity = compareOutput(f64([2], [Number.NaN, 5]), f64([2], [0, 5]), STRICT);
    expect(parity.nanMismatches).toBe(1);
    expect(parity.mismatches).toBe(1);
    expect(parity.worst).toEqual({ index: [0], expected: 'NaN', actual: '0' });
  });

  it('a NaN mismatch outranks a finite one as the worst element', () => {
    const parity = compareOutput(f64([3], [0, 0, 0]), f64([3], [1e300, Number.NaN, 0]), STRICT);
    expect(parity.mismatches).toBe(2);
    expect(parity.nanMismatches).toBe(1);
    expect(parity.worst?.index).toEqual([1]);
  });

  it('+∞ against +∞ and −∞ against −∞ agree', () => {
    const parity = compareOutput(f32([2], [Infinity, -Infinity]), f32([2], [Infinity, -Infinity]), STRICT);
    expect(parity.mismatches).toBe(0);
    // No element with both sides finite.
    expect(parity.maxAbsDiff).toBeNull();
    expect(parity.maxRelDiff).toBeNull();
  });

  it('+∞ against −∞ mismatches, and is not a NaN mismatch', () => {
    const parity = compareOutput(f32([1], [Infinity]), f32([1], [-Infinity]), { atol: 1e30, rtol: 1e30 });
    expect(parity.mismatches).toBe(1);
    expect(parity.nanMismatches).toBe(0);
    expect(parity.worst).toEqual({ index: [0], expected: 'Infinity', actual: '-Infinity' });
  });

  it('∞ against a finite value mismatches in either direction, however loose the tolerance', () => {
    const loose = { atol: 1e300, rtol: 1e300 };
    expect(compareOutput(f64([1], [Infinity]), f64([1], [1e308]), loose).mismatches).toBe(1);
    expect(compareOutput(f64([1], [1e308]), f64([1], [-Infinity]), loose).mismatches).toBe(1);
  });
});

describe('compareOutput: the worst element', () => {
  it('is the element furthest beyond tolerance, with its index per dimension of a [2, 3] output', () => {
    const reference = [0, 0, 0, 0, 0, 0];
    const actual = [0, 0.5, 0, 0, 5, 0];
    const parity = compareOutput(f32([2, 3], reference), f32([2, 3], actual), { atol: 0.25, rtol: 0 });
    expect(parity.mismatches).toBe(2);
    // Flat 4 in a [2, 3] tensor is row 1, column 1.
    expect(parity.worst).toEqual({ index: [1, 1], expected: '0', actual: '5' });
  });

  it('flat indices map to row-major positions for every element of a [2, 3] output', () => {
    const expected = [
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 1],
      [1, 2],
    ];
    for (let flat = 0; flat < 6; flat++) {
      const actual = [0, 0, 0, 0, 0, 0];
      actual[flat] = 1;
      expect(compareOutput(f64([2, 3], [0, 0, 0, 0, 0, 0]), f64([2, 3], actual), STRICT).worst?.index).toEqual(expected[flat]);
    }
  });

  it('is judged by excess over the tolerance, not by the largest |Δ|', () => {
    // Element 0: |Δ| 70 against tolerance 1024/16 = 64 → 6 beyond. Element 1: |Δ| 8 against 0 → 8 beyond.
    const parity = compareOutput(f64([2], [1024, 0]), f64([2], [1094, 8]), { atol: 0, rtol: 0.0625 });
    expect(parity.mismatches).toBe(2);
    expect(parity.maxAbsDiff).toBe(70);
    expect(parity.worst).toEqual({ index: [1], expected: '0', actual: '8' });
  });

  it('of elements equally far beyond tolerance, the first is the worst', () => {
    const parity = compareOutput(f64([4], [0, 0, 0, 0]), f64([4], [0, 2, -2, 2]), STRICT);
    expect(parity.mismatches).toBe(3);
    expect(parity.worst).toEqual({ index: [1], expected: '0', actual: '2' });
    const nans = compareOutput(f64([3], [1, 1, 1]), f64([3], [1, Number.NaN, Number.NaN]), STRICT);
    expect(nans.worst?.index).toEqual([1]);
  });

  it('indexes a [2, 2, 3] output and a scalar', () => {
    const reference = new Array<number>(12).fill(0);
    const actual = [...reference];
    actual[11] = 3; // last element: [1, 1, 2]
    actual[7] = 1; // [1, 0, 1], smaller
    expect(compareOutput(f64([2, 2, 3], reference), f64([2, 2, 3], actual), STRICT).worst?.index).toEqual([1, 1, 2]);
    const scalar = compareOutput(f64([], [1]), f64([], [2]), STRICT);
    expect(scalar.elements).toBe(1);
    expect(scalar.worst).toEqual({ index: [], expected: '1', actual: '2' });
  });
});

/** Significant digits of a decimal text such as '0.100000001' or '-1.5e-7'. */
function significantDigits(text: string): number {
  return text.replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').length;
}

describe('compareOutput: values as text', () => {
  it('float32 worst values print at float32 precision (≤ 9 digits) and round-trip to the same float32', () => {
    const expectedValues = [0.1, 1 / 3, -123456.789, 3.4e38, 1.17549435e-38];
    const actualValues = [0.2, 2 / 3, -123456.7, -3.4e38, 2e-38];
    for (let i = 0; i < expectedValues.length; i++) {
      const parity = compareOutput(f32([1], [expectedValues[i] as number]), f32([1], [actualValues[i] as number]), STRICT);
      const worst = parity.worst;
      expect(worst).not.toBeNull();
      for (const [text, value] of [
        [worst?.expected, expectedValues[i]],
        [worst?.actual, actualValues[i]],
      ] as const) {
        expect(significantDigits(text as string)).toBeLessThanOrEqual(9);
        expect(Math.fround(Number(text))).toBe(Math.fround(value as number));
      }
    }
  });

  it('float32 0.1 does not print as the float64 expansion 0.10000000149011612', () => {
    const worst = compareOutput(f32([1], [0.1]), f32([1], [0.5]), STRICT).worst;
    expect(worst?.expected).not.toBe(String(Math.fround(0.1)));
    expect(worst?.actual).toBe('0.5');
  });

  it('float64 worst values print in full', () => {
    const worst = compareOutput(f64([1], [0.1 + 0.2]), f64([1], [0.3]), STRICT).worst;
    expect(worst).toEqual({ index: [0], expected: '0.30000000000000004', actual: '0.3' });
  });

  it('float16 worst values print at half precision (≤ 5 digits), within half an ulp of the value', () => {
    // 0x3555 = 0.333251953125; the ulp at [0.25, 0.5) is 2^-12.
    const worst = compareOutput(snap('h', 'float16', [1], Uint16Array.from([0x3c00])), snap('h', 'float16', [1], Uint16Array.from([0x3555])), STRICT).worst;
    expect(worst?.expected).toBe('1');
    expect(significantDigits(worst?.actual as string)).toBeLessThanOrEqual(5);
    expect(Math.abs(Number(worst?.actual) - 0.333251953125)).toBeLessThanOrEqual(2 ** -13);
  });

  it('non-finite float32 values print as NaN and ±Infinity', () => {
    expect(compareOutput(f32([1], [Infinity]), f32([1], [Number.NaN]), STRICT).worst).toEqual({ index: [0], expected: 'Infinity', actual: 'NaN' });
    expect(compareOutput(f32([1], [-Infinity]), f32([1], [1]), STRICT).worst).toEqual({ index: [0], expected: '-Infinity', actual: '1' });
  });
});

describe('compareOutput: float16', () => {
  it('compares decoded half-precision values with the tolerance', () => {
    // 0x3c00 = 1, 0x3c01 = 1 + 2^-10, 0x3e00 = 1.5.
    const reference = snap('h', 'float16', [3], Uint16Array.from([0x3c00, 0x3c00, 0x7e00]));
    const actual = snap('h', 'float16', [3], Uint16Array.from([0x3c01, 0x3e00, 0x7e00]));
    const parity = compareOutput(reference, actual, { atol: 2 ** -9, rtol: 0 });
    expect(parity.comparison).toBe('tolerance');
    expect(parity.mismatches).toBe(1);
    expect(parity.nanMismatches).toBe(0);
    expect(parity.maxAbsDiff).toBe(0.5);
    expect(parity.worst).toEqual({ index: [1], expected: '1', actual: '1.5' });
  });
});

describe('compareOutput: exact types', () => {
  it('int32: exact comparison, the worst is the first differing element, no |Δ|', () => {
    const parity = compareOutput(snap('i', 'int32', [2, 2], Int32Array.from([1, 2, 3, 4])), snap('i', 'int32', [2, 2], Int32Array.from([1, 5, 3, 400])), { atol: 1000, rtol: 1000 });
    expect(parity.comparison).toBe('exact');
    expect(parity.mismatches).toBe(2);
    expect(parity.worst).toEqual({ index: [0, 1], expected: '2', actual: '5' });
    expect(parity.maxAbsDiff).toBeNull();
    expect(parity.maxRelDiff).toBeNull();
    expect(parity.nanMismatches).toBe(0);
  });

  it('int32: equal outputs agree', () => {
    const values = Int32Array.from([-7, 0, 2147483647]);
    const parity = compareOutput(snap('i', 'int32', [3], values), snap('i', 'int32', [3], values), STRICT);
    expect(parity.mismatches).toBe(0);
    expect(parity.worst).toBeNull();
  });

  it('int64: values a double cannot tell apart still differ, and print exactly', () => {
    // 2^53 + 1 and 2^53 are the same double.
    const parity = compareOutput(snap('i', 'int64', [3], BigInt64Array.from([1n, 9007199254740993n, -1n])), snap('i', 'int64', [3], BigInt64Array.from([1n, 9007199254740992n, -1n])), STRICT);
    expect(parity.comparison).toBe('exact');
    expect(parity.mismatches).toBe(1);
    expect(parity.worst).toEqual({ index: [1], expected: '9007199254740993', actual: '9007199254740992' });
  });

  it('int64: equal outputs agree', () => {
    const values = BigInt64Array.from([9007199254740993n, -9223372036854775808n]);
    expect(compareOutput(snap('i', 'int64', [2], values), snap('i', 'int64', [2], values), STRICT).mismatches).toBe(0);
  });

  it('bool: exact comparison of bytes', () => {
    const parity = compareOutput(snap('b', 'bool', [4], Uint8Array.from([1, 0, 1, 0])), snap('b', 'bool', [4], Uint8Array.from([1, 1, 1, 1])), TOL);
    expect(parity.comparison).toBe('exact');
    expect(parity.mismatches).toBe(2);
    expect(parity.worst).toEqual({ index: [1], expected: '0', actual: '1' });
  });

  it('string tensors compare exactly', () => {
    const same = compareOutput(strings([2], ['cat', 'dog']), strings([2], ['cat', 'dog']), TOL);
    expect(same.comparison).toBe('exact');
    expect(same.mismatches).toBe(0);
    const parity = compareOutput(strings([1, 3], ['a', 'b', 'c']), strings([1, 3], ['a', 'B', 'c ']), TOL);
    expect(parity.mismatches).toBe(2);
    expect(parity.elements).toBe(3);
    expect(parity.worst).toEqual({ index: [0, 1], expected: 'b', actual: 'B' });
  });
});

describe('compareOutput: structural problems', () => {
  it('a different element type is a problem naming both, every element a mismatch', () => {
    const parity = compareOutput(f32([3], [1, 2, 3]), f64([3], [1, 2, 3]), STRICT);
    expect(parity.problem).toMatch(/float64/);
    expect(parity.problem).toMatch(/float32/);
    expect(parity.problem).toBe('type float64 where the reference has float32');
    expect(parity.mismatches).toBe(3);
    expect(parity.worst).toBeNull();
    expect(parity.dtype).toBe('float64');
  });

  it('a different shape with as many elements is a problem naming both shapes', () => {
    const values = [1, 2, 3, 4, 5, 6];
    const parity = compareOutput(f32([2, 3], values), f32([3, 2], values), STRICT);
    expect(parity.problem).toContain('[3,2]');
    expect(parity.problem).toContain('[2,3]');
    expect(parity.mismatches).toBe(6);
    expect(parity.shape).toEqual([3, 2]);
  });

  it('a different rank is a problem even with the same element count', () => {
    const parity = compareOutput(f32([3], [1, 2, 3]), f32([1, 3], [1, 2, 3]), STRICT);
    expect(parity.problem).toContain('[1,3]');
    expect(parity.problem).toContain('[3]');
    expect(parity.mismatches).toBe(3);
  });

  it('counts the larger side’s elements as mismatches', () => {
    expect(compareOutput(f32([2], [1, 2]), f32([5], [1, 2, 3, 4, 5]), STRICT).mismatches).toBe(5);
    expect(compareOutput(f32([5], [1, 2, 3, 4, 5]), f32([2], [1, 2]), STRICT).mismatches).toBe(5);
  });

  it('an empty output with another type still counts one mismatch', () => {
    const parity = compareOutput(f32([0], []), snap('y', 'int32', [0], new Int32Array(0)), STRICT);
    expect(parity.problem).toContain('int32');
    expect(parity.problem).toContain('float32');
    expect(parity.mismatches).toBeGreaterThanOrEqual(1);
  });

  it('an empty output of another shape still counts one mismatch', () => {
    const parity = compareOutput(f32([0, 3], []), f32([0], []), STRICT);
    expect(parity.problem).toContain('[0]');
    expect(parity.problem).toContain('[0,3]');
    expect(parity.mismatches).toBeGreaterThanOrEqual(1);
  });

  it('two empty outputs of the same type and shape agree', () => {
    const parity = compareOutput(f32([0], []), f32([0], []), STRICT);
    expect(parity.problem).toBeNull();
    expect(parity.mismatches).toBe(0);
    expect(parity.elements).toBe(0);
  });
});

describe('compareOutputs', () => {
  it('compares outputs by name, whatever their order', () => {
    const reference = [f32([1], [1], 'a'), f32([1], [2], 'b')];
    const actual = [f32([1], [2], 'b'), f32([1], [1.5], 'a')];
    const parity = compareOutputs(reference, actual, STRICT);
    expect(parity.map((output) => [output.name, output.mismatches])).toEqual([
      ['b', 0],
      ['a', 1],
    ]);
  });

  it('an output only the actual side has, and one only the reference has, are both problems', () => {
    const reference = [f32([1], [1], 'a'), f32([2], [1, 2], 'gone')];
    const actual = [f32([1], [1], 'a'), f32([1], [3], 'extra')];
    const parity = compareOutputs(reference, actual, STRICT);
    expect(parity).toHaveLength(3);
    const byName = Object.fromEntries(parity.map((output) => [output.name, output]));
    expect(byName.a?.problem).toBeNull();
    expect(byName.a?.mismatches).toBe(0);
    expect(byName.extra?.problem).toMatch(/reference has no output/);
    expect(byName.extra?.mismatches).toBeGreaterThanOrEqual(1);
    expect(byName.gone?.problem).toMatch(/missing/);
    expect(byName.gone?.mismatches).toBeGreaterThanOrEqual(1);
  });

  it('all outputs missing on the actual side are each a problem', () => {
    const parity = compareOutputs([f32([1], [1], 'a'), f32([1], [1], 'b')], [], STRICT);
    expect(parity.map((output) => output.name)).toEqual(['a', 'b']);
    expect(parity.every((output) => output.problem !== null && output.mismatches >= 1)).toBe(true);
  });

  it('identical output sets have no problems and no mismatches', () => {
    const outputs = [f32([2], [1, 2], 'logits'), snap('ids', 'int64', [1], BigInt64Array.from([3n])), strings([1], ['x'])];
    const parity = compareOutputs(outputs, outputs, STRICT);
    expect(parity).toHaveLength(3);
    expect(parity.every((output) => output.problem === null && output.mismatches === 0)).toBe(true);
  });
});

describe('snapshotOutputs', () => {
  it('snapshots typed-array tensors as base64 that decodes to the same values', () => {
    const result = snapshotOutputs({
      logits: tensor('float32', [2, 2], Float32Array.from([0.5, -1, 3, 1e-8])),
      ids: tensor('int64', [1], BigInt64Array.from([9007199254740993n])),
    });
    expect(result.note).toBeNull();
    expect(result.outputs).toHaveLength(2);
    const [logits, ids] = result.outputs ?? [];
    expect(logits).toMatchObject({ name: 'logits', dtype: 'float32', dims: [2, 2], strings: null });
    expect(Array.from(decodeOutput(logits as OutputSnapshot) as Float32Array)).toEqual(Array.from(Float32Array.from([0.5, -1, 3, 1e-8])));
    expect(Array.from(decodeOutput(ids as OutputSnapshot) as BigInt64Array)).toEqual([9007199254740993n]);
  });

  it('ships only the bytes of a view, not its whole buffer', () => {
    const backing = Float32Array.from([9, 1, 2, 9]);
    const view = backing.subarray(1, 3);
    const result = snapshotOutputs({ y: tensor('float32', [2], view) });
    const [y] = result.outputs ?? [];
    expect(y?.base64).toBe(Buffer.from(Float32Array.from([1, 2]).buffer).toString('base64'));
  });

  it('copies dims, so later changes to the tensor do not reach the snapshot', () => {
    const dims = [3];
    const result = snapshotOutputs({ y: tensor('float32', dims, new Float32Array(3)) });
    dims[0] = 99;
    expect(result.outputs?.[0]?.dims).toEqual([3]);
  });

  it('snapshots string tensors as strings', () => {
    const result = snapshotOutputs({ labels: tensor('string', [2], ['cat', 'dog']) });
    expect(result.outputs).toEqual([{ name: 'labels', dtype: 'string', dims: [2], base64: null, strings: ['cat', 'dog'] }]);
  });

  it('round-trips through compareOutput: a snapshot agrees with itself, and with a planted change it does not', () => {
    const a = snapshotOutputs({ y: tensor('float32', [3], Float32Array.from([1, 2, 3])) }).outputs ?? [];
    const b = snapshotOutputs({ y: tensor('float32', [3], Float32Array.from([1, 2, 4])) }).outputs ?? [];
    expect(compareOutputs(a, a, STRICT)[0]?.mismatches).toBe(0);
    expect(compareOutputs(a, b, STRICT)[0]?.worst).toEqual({ index: [2], expected: '3', actual: '4' });
  });

  it('returns no outputs and a note in MiB when the outputs together exceed the cap', () => {
    const maxBytes = 2 ** 20;
    const result = snapshotOutputs({ a: tensor('uint8', [maxBytes / 2], new Uint8Array(maxBytes / 2)), b: tensor('uint8', [maxBytes / 2 + 1], new Uint8Array(maxBytes / 2 + 1)) }, maxBytes);
    expect(result.outputs).toBeNull();
    expect(result.note).toMatch(/1 MiB/);
  });

  it('exactly at the cap is still snapshotted', () => {
    const result = snapshotOutputs({ a: tensor('uint8', [16], new Uint8Array(16)) }, 16);
    expect(result.note).toBeNull();
    expect(result.outputs).toHaveLength(1);
  });

  it('the default cap is 64 MiB and the note says so', () => {
    expect(MAX_SNAPSHOT_BYTES).toBe(64 * 2 ** 20);
    const result = snapshotOutputs({ big: tensor('uint8', [MAX_SNAPSHOT_BYTES + 1], new Uint8Array(MAX_SNAPSHOT_BYTES + 1)) });
    expect(result.outputs).toBeNull();
    expect(result.note).toMatch(/64 MiB/);
  });

  it('a tensor without CPU data gives a note naming it and no outputs', () => {
    const result = snapshotOutputs({
      fine: tensor('float32', [1], Float32Array.from([1])),
      onGpu: { type: 'float32', dims: [4] } as unknown as AdapterTensor,
    });
    expect(result.outputs).toBeNull();
    expect(result.note).toContain('onGpu');
    expect(result.note).toMatch(/no data readable on the CPU/);
  });

  it('no outputs at all is an empty snapshot, not a note', () => {
    expect(snapshotOutputs({})).toEqual({ outputs: [], note: null });
  });
});
