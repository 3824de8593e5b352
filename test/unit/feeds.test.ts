import { describe, it, expect } from 'vitest';
import type { AdapterTensor } from '../../src/harness/runtime-adapter.js';
import { buildFeeds, elementCount, generateFeedData, mulberry32, toFloat16Bits } from '../../src/harness/feeds.js';
import type { FeedDtype, FeedSpec } from '../../src/types.js';

function spec(dtype: FeedDtype, shape: number[], fill: number | null = null, name = 'x'): FeedSpec {
  return { name, dtype, shape, values: fill === null ? null : { kind: 'constant', value: fill } };
}

/** A random source that returns the given values in turn (an input of generateFeedData, not the code under test). */
function sequence(values: number[]): () => number {
  let i = 0;
  return () => {
    const value = values[i % values.length] as number;
    i++;
    return value;
  };
}

function neverCalled(): number {
  throw new Error('random() must not be called when a fill value is set');
}

function take(random: () => number, count: number): number[] {
  return Array.from({ length: count }, () => random());
}

describe('mulberry32', () => {
  it('matches reference mulberry32 output (values from an independent implementation)', () => {
    expect(take(mulberry32(0), 4)).toEqual([0.26642920868471265, 0.0003297457005828619, 0.2232720274478197, 0.1462021479383111]);
    expect(take(mulberry32(1), 4)).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522, 0.9810509674716741]);
    expect(take(mulberry32(42), 4)).toEqual([0.6011037519201636, 0.44829055899754167, 0.8524657934904099, 0.6697340414393693]);
  });

  it('is deterministic: the same seed gives the same sequence', () => {
    expect(take(mulberry32(12345), 50)).toEqual(take(mulberry32(12345), 50));
  });

  it('different seeds give different sequences', () => {
    const a = take(mulberry32(1), 10);
    const b = take(mulberry32(2), 10);
    expect(a).not.toEqual(b);
    for (let i = 0; i < 10; i++) expect(a[i]).not.toBe(b[i]);
  });

  it('stays in [0, 1)', () => {
    const random = mulberry32(7);
    for (let i = 0; i < 10_000; i++) {
      const x = random();
      expect(x >= 0 && x < 1).toBe(true);
    }
  });

  it('generators are independent of each other', () => {
    const a = mulberry32(1);
    const b = mulberry32(1);
    a();
    a();
    expect(b()).toBe(0.6270739405881613);
  });
});

describe('toFloat16Bits', () => {
  it.each([
    [1, 0x3c00],
    [-2, 0xc000],
    [0, 0x0000],
    [-0, 0x8000],
    [0.5, 0x3800],
    [0.25, 0x3400],
    [0.75, 0x3a00],
    [65504, 0x7bff], // largest finite half
    [1e6, 0x7c00], // overflow → +inf
    [-1e6, 0xfc00],
    [Infinity, 0x7c00],
    [-Infinity, 0xfc00],
    [0.1, 0x2e66],
    [1 / 3, 0x3555],
    [0.99, 0x3bec],
    [6.103515625e-5, 0x0400], // 2^-14, smallest normal
    [2 ** -24, 0x0001], // 2^-24, smallest subnormal
    [1e-8, 0x0000], // underflow to zero
  ])('%d → 0x%s', (value, bits) => {
    expect(toFloat16Bits(value)).toBe(bits);
  });

  it('rounds to nearest, ties to even', () => {
    expect(toFloat16Bits(1 + 2 ** -11)).toBe(0x3c00); // halfway between 0x3c00 and 0x3c01 → even 0x3c00
    expect(toFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // halfway between 0x3c01 and 0x3c02 → even 0x3c02
    expect(toFloat16Bits(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01); // just above halfway → up
    expect(toFloat16Bits(65520)).toBe(0x7c00); // halfway between 65504 and 65536 → even → inf
    expect(toFloat16Bits(65519)).toBe(0x7bff);
  });

  it('rounds subnormals to nearest, ties to even', () => {
    expect(toFloat16Bits(2 ** -25)).toBe(0x0000); // half of the smallest subnormal → even 0
    expect(toFloat16Bits(3 * 2 ** -25)).toBe(0x0002); // 1.5 × 2^-24 → even 2
    expect(toFloat16Bits(6e-8)).toBe(0x0001);
    expect(toFloat16Bits(-(2 ** -24))).toBe(0x8001);
  });

  it('NaN maps to a NaN pattern: exponent all ones, mantissa non-zero', () => {
    const bits = toFloat16Bits(Number.NaN);
    expect(bits & 0x7c00).toBe(0x7c00);
    expect(bits & 0x03ff).not.toBe(0);
    expect(bits).toBeLessThanOrEqual(0xffff);
  });

  // Rounding through float32 first would land 1 + 2^-11 + 2^-40 on the midpoint between 0x3c00
  // and 0x3c01 and then round it down; it is above the midpoint, so it must round up.
  it('rounds a float64 just above a halfway point up (no double rounding through float32)', () => {
    expect(toFloat16Bits(1 + 2 ** -11 + 2 ** -40)).toBe(0x3c01);
  });
});

describe('elementCount', () => {
  it('multiplies the dims; [] is a scalar with one element', () => {
    expect(elementCount([2, 3])).toBe(6);
    expect(elementCount([1, 3, 224, 224])).toBe(150_528);
    expect(elementCount([])).toBe(1);
    expect(elementCount([5, 0])).toBe(0);
  });
});

describe('generateFeedData', () => {
  const VALUES = [0, 0.25, 0.5, 0.75, 0.99, 0.1];

  it.each([
    ['float32', Float32Array],
    ['float64', Float64Array],
    ['float16', Uint16Array],
    ['int8', Int8Array],
    ['uint8', Uint8Array],
    ['int16', Int16Array],
    ['uint16', Uint16Array],
    ['int32', Int32Array],
    ['uint32', Uint32Array],
    ['int64', BigInt64Array],
    ['uint64', BigUint64Array],
    ['bool', Uint8Array],
  ] as const)('%s → %o of 6 elements for shape [2, 3]', (dtype, Class) => {
    const data = generateFeedData(spec(dtype, [2, 3]), mulberry32(1));
    expect(data).toBeInstanceOf(Class);
    expect(data.constructor).toBe(Class);
    expect((data as unknown as ArrayLike<unknown>).length).toBe(6);
  });

  it('float32: floats taken from random() as-is (rounded to float32)', () => {
    const data = generateFeedData(spec('float32', [2, 3]), sequence(VALUES));
    expect(Array.from(data as Float32Array)).toEqual([0, 0.25, 0.5, 0.75, 0.9900000095367432, 0.10000000149011612]);
  });

  it('float64: floats taken from random() exactly', () => {
    const data = generateFeedData(spec('float64', [2, 3]), sequence(VALUES));
    expect(Array.from(data as Float64Array)).toEqual([0, 0.25, 0.5, 0.75, 0.99, 0.1]);
  });

  it('float16: the IEEE half bits of each float', () => {
    const data = generateFeedData(spec('float16', [2, 3]), sequence(VALUES));
    expect(Array.from(data as Uint16Array)).toEqual([0x0000, 0x3400, 0x3800, 0x3a00, 0x3bec, 0x2e66]);
  });

  it.each(['int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32'] as const)('%s: floor(random() · 10)', (dtype) => {
    const data = generateFeedData(spec(dtype, [2, 3]), sequence(VALUES));
    expect(Array.from(data as unknown as ArrayLike<number>)).toEqual([0, 2, 5, 7, 9, 1]);
  });

  it('int64 and uint64: floor(random() · 10) as bigints', () => {
    expect(Array.from(generateFeedData(spec('int64', [2, 3]), sequence(VALUES)) as BigInt64Array)).toEqual([0n, 2n, 5n, 7n, 9n, 1n]);
    expect(Array.from(generateFeedData(spec('uint64', [2, 3]), sequence(VALUES)) as BigUint64Array)).toEqual([0n, 2n, 5n, 7n, 9n, 1n]);
  });

  it('bool: 1 when random() < 0.5, else 0', () => {
    const data = generateFeedData(spec('bool', [2, 3]), sequence(VALUES));
    expect(Array.from(data as Uint8Array)).toEqual([1, 1, 0, 0, 0, 1]);
  });

  it('with a real generator: integers in [0, 10), every value hit', () => {
    for (const dtype of ['int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32'] as const) {
      const values = Array.from(generateFeedData(spec(dtype, [1000]), mulberry32(3)) as unknown as ArrayLike<number>);
      expect(values.every((v) => Number.isInteger(v) && v >= 0 && v < 10)).toBe(true);
      expect(new Set(values).size).toBe(10);
    }
    const big = Array.from(generateFeedData(spec('int64', [1000]), mulberry32(3)) as BigInt64Array);
    expect(big.every((v) => v >= 0n && v < 10n)).toBe(true);
    expect(new Set(big).size).toBe(10);
  });

  it('with a real generator: floats in [0, 1) and not constant', () => {
    const values = Array.from(generateFeedData(spec('float32', [1000]), mulberry32(3)) as Float32Array);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(new Set(values).size).toBeGreaterThan(900);
    const halves = Array.from(generateFeedData(spec('float16', [1000]), mulberry32(3)) as Uint16Array);
    // [0, 1] in half precision is 0x0000..0x3c00 (1.0 itself may appear by rounding up from just below 1)
    expect(halves.every((bits) => bits <= 0x3c00)).toBe(true);
  });

  it('with a real generator: bools only 0 or 1, both present', () => {
    const values = Array.from(generateFeedData(spec('bool', [200]), mulberry32(3)) as Uint8Array);
    expect(values.every((v) => v === 0 || v === 1)).toBe(true);
    expect(new Set(values)).toEqual(new Set([0, 1]));
  });

  it('honours a fill value without drawing random numbers', () => {
    expect(Array.from(generateFeedData(spec('int64', [2, 3], 16000), neverCalled) as BigInt64Array)).toEqual([16000n, 16000n, 16000n, 16000n, 16000n, 16000n]);
    expect(Array.from(generateFeedData(spec('uint64', [2], 3), neverCalled) as BigUint64Array)).toEqual([3n, 3n]);
    expect(Array.from(generateFeedData(spec('float32', [3], 0.5), neverCalled) as Float32Array)).toEqual([0.5, 0.5, 0.5]);
    expect(Array.from(generateFeedData(spec('float64', [2], 0.1), neverCalled) as Float64Array)).toEqual([0.1, 0.1]);
    expect(Array.from(generateFeedData(spec('float16', [2], 1), neverCalled) as Uint16Array)).toEqual([0x3c00, 0x3c00]);
    expect(Array.from(generateFeedData(spec('int32', [2], 16000), neverCalled) as Int32Array)).toEqual([16000, 16000]);
    expect(Array.from(generateFeedData(spec('int8', [2], -3), neverCalled) as Int8Array)).toEqual([-3, -3]);
    expect(Array.from(generateFeedData(spec('bool', [3], 1), neverCalled) as Uint8Array)).toEqual([1, 1, 1]);
    expect(Array.from(generateFeedData(spec('bool', [3], 0), neverCalled) as Uint8Array)).toEqual([0, 0, 0]);
  });

  it('a fill of 0 is a fill, not "no fill"', () => {
    expect(Array.from(generateFeedData(spec('float32', [2], 0), neverCalled) as Float32Array)).toEqual([0, 0]);
    expect(Array.from(generateFeedData(spec('int64', [2], 0), neverCalled) as BigInt64Array)).toEqual([0n, 0n]);
  });

  it('a 0-d shape [] gives one element', () => {
    const scalar = generateFeedData(spec('int64', [], 16000), neverCalled) as BigInt64Array;
    expect(scalar).toBeInstanceOf(BigInt64Array);
    expect(Array.from(scalar)).toEqual([16000n]);
    expect((generateFeedData(spec('float32', []), sequence([0.25])) as Float32Array).length).toBe(1);
  });

  it('a shape with a 0 dim gives an empty array', () => {
    expect((generateFeedData(spec('float32', [0, 3]), mulberry32(1)) as Float32Array).length).toBe(0);
  });

  it('is deterministic for the same seed', () => {
    const a = Array.from(generateFeedData(spec('float32', [50]), mulberry32(99)) as Float32Array);
    const b = Array.from(generateFeedData(spec('float32', [50]), mulberry32(99)) as Float32Array);
    expect(a).toEqual(b);
  });
});

describe('generateFeedData: configured values', () => {
  const withValues = (dtype: FeedDtype, shape: number[], values: FeedSpec['values']): FeedSpec => ({ name: 'x', dtype, shape, values });

  it('uniform floats span [min, max): min + random() · (max − min)', () => {
    expect(Array.from(generateFeedData(withValues('float64', [3], { kind: 'uniform', min: -2, max: 2 }), sequence([0, 0.5, 0.75])) as Float64Array)).toEqual([-2, 0, 1]);
  });

  it('uniform integers span min to max inclusive, even for random() next to 1', () => {
    const data = generateFeedData(withValues('int32', [4], { kind: 'uniform', min: 3, max: 5 }), sequence([0, 0.34, 0.67, 0.9999999]));
    expect(Array.from(data as Int32Array)).toEqual([3, 4, 5, 5]);
  });

  it('normal values: mean + std · z (Box–Muller), integers rounded', () => {
    // random() = 1 − e^(−1/2) gives √(−2 ln(1 − u)) = 1; then cos(2π · 0) = 1, so z = 1.
    const u = 1 - Math.exp(-0.5);
    expect(Array.from(generateFeedData(withValues('float64', [1], { kind: 'normal', mean: 10, std: 3 }), sequence([u, 0])) as Float64Array)[0]).toBeCloseTo(13, 12);
    expect(Array.from(generateFeedData(withValues('int32', [1], { kind: 'normal', mean: 10, std: 3 }), sequence([u, 0.5])) as Int32Array)).toEqual([7]);
  });

  it('with a real generator, normal values have about the asked mean and spread', () => {
    const data = generateFeedData(withValues('float64', [20_000], { kind: 'normal', mean: 5, std: 2 }), mulberry32(3)) as Float64Array;
    const mean = data.reduce((sum, x) => sum + x, 0) / data.length;
    const sd = Math.sqrt(data.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (data.length - 1));
    expect(mean).toBeGreaterThan(4.95);
    expect(mean).toBeLessThan(5.05);
    expect(sd).toBeGreaterThan(1.95);
    expect(sd).toBeLessThan(2.05);
  });

  it('file values: the bytes decoded as the dtype, without drawing random numbers', () => {
    const values = Float32Array.from([1.5, -2, 3.25, 0]);
    const base64 = Buffer.from(values.buffer).toString('base64');
    const data = generateFeedData(withValues('float32', [2, 2], { kind: 'file', path: 'x.f32', sha256: 'abc', base64 }), neverCalled);
    expect(data).toBeInstanceOf(Float32Array);
    expect(Array.from(data as Float32Array)).toEqual([1.5, -2, 3.25, 0]);
    const ids = BigInt64Array.from([3n, -1n]);
    const int64 = generateFeedData(withValues('int64', [2], { kind: 'file', path: 'ids.bin', sha256: 'abc', base64: Buffer.from(ids.buffer).toString('base64') }), neverCalled);
    expect(Array.from(int64 as BigInt64Array)).toEqual([3n, -1n]);
  });
});

describe('buildFeeds', () => {
  function data(tensor: AdapterTensor | undefined): unknown[] {
    expect(tensor).toBeDefined();
    return Array.from((tensor as AdapterTensor).data as ArrayLike<unknown>);
  }

  const SPECS: FeedSpec[] = [spec('float32', [2, 3], null, 'a'), spec('int64', [4], null, 'b'), spec('bool', [4], null, 'c'), spec('float32', [2, 3], null, 'd')];

  it('creates one tensor per spec, keyed by name, with the dtype and dims', () => {
    const feeds = buildFeeds(SPECS, 1);
    expect(Object.keys(feeds)).toEqual(['a', 'b', 'c', 'd']);
    const a = feeds.a as AdapterTensor;
    expect(a.type).toBe('float32');
    expect(a.dims).toEqual([2, 3]);
    expect(a.data).toBeInstanceOf(Float32Array);
    expect((feeds.b as AdapterTensor).type).toBe('int64');
    expect((feeds.b as AdapterTensor).dims).toEqual([4]);
    expect((feeds.b as AdapterTensor).data).toBeInstanceOf(BigInt64Array);
    expect((feeds.c as AdapterTensor).data).toBeInstanceOf(Uint8Array);
  });

  it('pins the seeded values (reproducible across runs and runtimes)', () => {
    // Reference values from an independent mulberry32 implementation; input i is seeded with
    // (seed + (i + 1) · 0x9e3779b1) mod 2^32: 0x9e3779b2, 0x3c6ef363, 0xdaa66d14 for seed 1.
    const feeds = buildFeeds(SPECS.slice(0, 3), 1);
    expect(data(feeds.a)).toEqual([0.3149029314517975, 0.697197437286377, 0.8489891290664673, 0.09916814416646957, 0.5027670860290527, 0.5285179615020752]);
    expect(data(feeds.b)).toEqual([5n, 3n, 2n, 0n]);
    expect(data(feeds.c)).toEqual([1, 1, 0, 1]);
  });

  it('is deterministic for the same seed', () => {
    const first = buildFeeds(SPECS, 1234);
    const second = buildFeeds(SPECS, 1234);
    for (const name of ['a', 'b', 'c', 'd']) expect(data(second[name])).toEqual(data(first[name]));
  });

  it('different seeds give different data', () => {
    const one = buildFeeds(SPECS, 1);
    const two = buildFeeds(SPECS, 2);
    expect(data(two.a)).not.toEqual(data(one.a));
    expect(data(two.d)).not.toEqual(data(one.d));
  });

  it('inputs with the same dtype and shape get different data', () => {
    const feeds = buildFeeds(SPECS, 1);
    expect(data(feeds.d)).not.toEqual(data(feeds.a));
  });

  it('an input depends on its position, not on the other inputs', () => {
    const alone = buildFeeds([spec('float32', [2, 3], null, 'a')], 1);
    const withOthers = buildFeeds(SPECS, 1);
    expect(data(alone.a)).toEqual(data(withOthers.a));
  });

  it('honours fill values', () => {
    const feeds = buildFeeds([spec('int64', [], 16000, 'sr'), spec('float32', [2], 0.5, 'scale')], 1);
    expect(data(feeds.sr)).toEqual([16000n]);
    expect((feeds.sr as AdapterTensor).dims).toEqual([]);
    expect(data(feeds.scale)).toEqual([0.5, 0.5]);
  });

  it('returns {} for no specs', () => {
    expect(buildFeeds([], 1)).toEqual({});
  });
});
