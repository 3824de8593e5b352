/**
 * Deterministic input feeds from FeedSpecs: a seeded PRNG per input (mulberry32, seeded from the
 * run seed and the input's position), so every runtime and every run sees the same values.
 * Floats are uniform in [0, 1), integers uniform in [0, 10), bools 0/1, unless a fill value is set.
 */
import type { FeedSpec } from '../types.js';
import type { HarnessOrt, HarnessTensor } from './contracts.js';

const INT_RANGE = 10;

export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** IEEE 754 binary16 bits of a float (round to nearest even), for float16 inputs. */
export function toFloat16Bits(value: number): number {
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  f32[0] = value;
  const x = u32[0] as number;
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  let mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - e;
    let half = mantissa >>> shift;
    const rest = mantissa & ((1 << shift) - 1);
    const midpoint = 1 << (shift - 1);
    if (rest > midpoint || (rest === midpoint && (half & 1))) half++;
    return sign | half;
  }
  let half = sign | (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (half & 1))) half++;
  return half;
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((count, dim) => count * dim, 1);
}

export function generateFeedData(spec: FeedSpec, random: () => number): ArrayBufferView {
  const n = elementCount(spec.shape);
  const value = (integer: boolean) => {
    if (spec.fill !== null) return spec.fill;
    return integer ? Math.floor(random() * INT_RANGE) : random();
  };
  const fillWith = <T extends { [index: number]: number }>(array: T, integer: boolean): T => {
    for (let i = 0; i < n; i++) array[i] = value(integer);
    return array;
  };
  switch (spec.dtype) {
    case 'float32':
      return fillWith(new Float32Array(n), false);
    case 'float64':
      return fillWith(new Float64Array(n), false);
    case 'float16': {
      const bits = new Uint16Array(n);
      for (let i = 0; i < n; i++) bits[i] = toFloat16Bits(value(false));
      return bits;
    }
    case 'int8':
      return fillWith(new Int8Array(n), true);
    case 'uint8':
      return fillWith(new Uint8Array(n), true);
    case 'int16':
      return fillWith(new Int16Array(n), true);
    case 'uint16':
      return fillWith(new Uint16Array(n), true);
    case 'int32':
      return fillWith(new Int32Array(n), true);
    case 'uint32':
      return fillWith(new Uint32Array(n), true);
    case 'int64': {
      const array = new BigInt64Array(n);
      for (let i = 0; i < n; i++) array[i] = BigInt(Math.trunc(value(true)));
      return array;
    }
    case 'uint64': {
      const array = new BigUint64Array(n);
      for (let i = 0; i < n; i++) array[i] = BigInt(Math.trunc(value(true)));
      return array;
    }
    case 'bool': {
      const array = new Uint8Array(n);
      for (let i = 0; i < n; i++) array[i] = spec.fill !== null ? (spec.fill ? 1 : 0) : random() < 0.5 ? 1 : 0;
      return array;
    }
  }
}

export function buildFeeds(ort: HarnessOrt, specs: readonly FeedSpec[], seed: number): Record<string, HarnessTensor> {
  const feeds: Record<string, HarnessTensor> = {};
  specs.forEach((spec, index) => {
    const random = mulberry32((seed + Math.imul(index + 1, 0x9e3779b1)) >>> 0);
    feeds[spec.name] = new ort.Tensor(spec.dtype, generateFeedData(spec, random), spec.shape);
  });
  return feeds;
}
