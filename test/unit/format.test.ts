import { describe, it, expect } from 'vitest';
import { formatBytes, formatBytesShort, formatMs, formatQuantity, formatQuantityShort, formatRatio } from '../../src/format.js';

describe('formatMs', () => {
  it.each([
    [0, '0 ms'],
    [0.0094, '9.4 µs'],
    [0.5, '500 µs'],
    [0.001, '1 µs'],
    [1, '1 ms'],
    [1.23456, '1.23 ms'],
    [612, '612 ms'],
    [612.4, '612 ms'],
    [1000, '1 s'],
    [1410, '1.41 s'],
    [2000, '2 s'],
    [59_000, '59 s'],
    [60_000, '1 m'],
    [90_000, '1.5 m'],
    [-612, '-612 ms'],
  ])('%d → %s', (ms, text) => {
    expect(formatMs(ms)).toBe(text);
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [512, '512 B'],
    [999, '999 B'],
    [1000, '1 kB (0.977 KiB)'],
    [1024, '1.02 kB (1 KiB)'],
    [64_000, '64 kB (62.5 KiB)'],
    [16_777_216, '16.8 MB (16 MiB)'],
    [100_000_000, '100 MB (95.4 MiB)'],
    [104_857_600, '105 MB (100 MiB)'],
    [1_000_000_000, '1 GB (954 MiB)'],
    [1_073_741_824, '1.07 GB (1 GiB)'],
  ])('%d → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('formatBytesShort', () => {
  it('drops the binary part', () => {
    expect(formatBytesShort(100_000_000)).toBe('100 MB');
    expect(formatBytesShort(16_777_216)).toBe('16.8 MB');
    expect(formatBytesShort(512)).toBe('512 B');
  });
});

describe('formatRatio', () => {
  it.each([
    [0.001, '0.1 %'],
    [0.002, '0.2 %'],
    [0, '0 %'],
    [1, '100 %'],
    [0.5, '50 %'],
    [0.12345, '12.3 %'],
  ])('%d → %s', (ratio, text) => {
    expect(formatRatio(ratio)).toBe(text);
  });
});

describe('formatQuantity', () => {
  it('dispatches on the unit', () => {
    expect(formatQuantity('ms', 1410)).toBe('1.41 s');
    expect(formatQuantity('bytes', 100_000_000)).toBe('100 MB (95.4 MiB)');
    expect(formatQuantity('ratio', 0.001)).toBe('0.1 %');
  });

  it('the short form only shortens bytes', () => {
    expect(formatQuantityShort('bytes', 100_000_000)).toBe('100 MB');
    expect(formatQuantityShort('ms', 2000)).toBe('2 s');
    expect(formatQuantityShort('ratio', 0.001)).toBe('0.1 %');
  });
});

describe('unit choice after rounding', () => {
  it('moves to the next unit when rounding reaches its limit', () => {
    expect(formatMs(999.9)).toBe('1 s');
    expect(formatMs(59_999)).toBe('1 m');
    expect(formatMs(0.99999)).toBe('1 ms');
    expect(formatBytes(999_999)).toBe('1 MB (977 KiB)');
    expect(formatBytes(1_048_575)).toBe('1.05 MB (1 MiB)');
  });
});
