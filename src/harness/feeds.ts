/**
 * Deterministic input feeds from FeedSpecs: a seeded PRNG per input (mulberry32, seeded from the
 * run seed and the input's position), so every runtime and every run sees the same values.
 * By default floats are uniform in [0, 1), integers uniform in 0–9, bools 0/1; a spec may ask for a
 * constant, another uniform range, a normal distribution, or a file's bytes.
 */
import type { FeedSpec, FeedValues } from '../types.js';
import type { AdapterTensor } from './runtime-adapter.js';

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

function roundHalfToEven(x: number): number {
  const floor = Math.floor(x);
  const rest = x - floor;
  if (rest > 0.5) return floor + 1;
  if (rest < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * IEEE 754 binary16 bits of a number, rounded once (to nearest, ties to even) straight from the
 * float64 value: going through float32 first would round twice and can be one unit off.
 */
export function toFloat16Bits(value: number): number {
  if (Number.isNaN(value)) return 0x7e00;
  const sign = value < 0 || Object.is(value, -0) ? 0x8000 : 0;
  const abs = Math.abs(value);
  // 65520 is halfway between the largest half (65504) and 2^16; ties to even round it up to infinity.
  if (abs >= 65520) return sign | 0x7c00;
  // Subnormals count in units of 2^-24; a carry to 1024 lands exactly on the smallest normal's bits.
  if (abs < 2 ** -14) return sign | roundHalfToEven(abs * 2 ** 24);
  let exponent = Math.floor(Math.log2(abs));
  if (2 ** exponent > abs) exponent--;
  else if (2 ** (exponent + 1) <= abs) exponent++;
  // Scaling by powers of two is exact, so the mantissa is rounded exactly once; a carry to 1024
  // correctly bumps the exponent field.
  const mantissa = roundHalfToEven((abs / 2 ** exponent - 1) * 1024);
  return sign | (((exponent + 15) << 10) + mantissa);
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((count, dim) => count * dim, 1);
}

function fromBase64(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** One element's value: floats as drawn, integers rounded down (uniform) or to nearest (normal). */
function valueSource(values: Exclude<FeedValues, { kind: 'file' }> | null, random: () => number): (integer: boolean) => number {
  if (values === null) return (integer) => (integer ? Math.floor(random() * INT_RANGE) : random());
  switch (values.kind) {
    case 'constant':
      return () => values.value;
    case 'uniform':
      // Integers span min–max inclusive: one more slot, clamped for random() values next to 1.
      return (integer) => (integer ? Math.min(values.max, Math.floor(values.min + random() * (values.max - values.min + 1))) : values.min + random() * (values.max - values.min));
    case 'normal':
      return (integer) => {
        // Box–Muller; 1 − random() keeps the logarithm's argument in (0, 1].
        const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
        const x = values.mean + values.std * z;
        return integer ? Math.round(x) : x;
      };
  }
}

const TYPED_ARRAYS = {
  float32: Float32Array,
  float64: Float64Array,
  float16: Uint16Array,
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  int64: BigInt64Array,
  uint64: BigUint64Array,
  bool: Uint8Array,
} as const;

export function generateFeedData(spec: FeedSpec, random: () => number): ArrayBufferView {
  const n = elementCount(spec.shape);
  if (spec.values?.kind === 'file') {
    const { buffer } = fromBase64(spec.values.base64);
    const Type = TYPED_ARRAYS[spec.dtype];
    return new Type(buffer, 0, buffer.byteLength / Type.BYTES_PER_ELEMENT);
  }
  const value = valueSource(spec.values, random);
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
      const constant = spec.values?.kind === 'constant' ? spec.values.value : null;
      for (let i = 0; i < n; i++) array[i] = constant !== null ? (constant ? 1 : 0) : random() < 0.5 ? 1 : 0;
      return array;
    }
  }
}

export function buildFeeds(specs: readonly FeedSpec[], seed: number): Record<string, AdapterTensor> {
  const feeds: Record<string, AdapterTensor> = {};
  specs.forEach((spec, index) => {
    const random = mulberry32((seed + Math.imul(index + 1, 0x9e3779b1)) >>> 0);
    feeds[spec.name] = { type: spec.dtype, dims: [...spec.shape], data: generateFeedData(spec, random) };
  });
  return feeds;
}
