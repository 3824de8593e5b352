import { describe, it, expect } from 'vitest';
import { parseDurationMs, parseQuantity, parseRatio, parseSizeBytes, type ParseResult } from '../../src/config/units.js';

function value(result: ParseResult): number {
  if (!result.ok) throw new Error(`expected ok, got reason: ${result.reason}`);
  return result.value;
}

function reason(result: ParseResult): string {
  if (result.ok) throw new Error(`expected a rejection, got value ${result.value}`);
  return result.reason;
}

describe('parseDurationMs', () => {
  it.each([
    ['500ms', 500],
    ['2s', 2000],
    ['1.5m', 90_000],
    ['250us', 0.25],
    ['250µs', 0.25], // U+00B5 micro sign
    ['250μs', 0.25], // U+03BC Greek small mu
    ['0s', 0],
    ['0ms', 0],
    ['.5s', 500],
    ['1e3ms', 1000],
    [' 2 s ', 2000],
    ['10m', 600_000],
  ])('%j → %d ms', (text, ms) => {
    expect(parseDurationMs(text)).toEqual({ ok: true, value: ms });
  });

  it('rejects a bare number and says which units are valid', () => {
    const r = reason(parseDurationMs('5'));
    expect(r).toContain('"5"');
    expect(r).toContain('no unit');
    expect(r).toContain('us, ms, s or m');
  });

  it('rejects an unknown unit, naming it', () => {
    const r = reason(parseDurationMs('5 parsecs'));
    expect(r).toContain('unknown unit "parsecs"');
    expect(r).toContain('us, ms, s or m');
  });

  it.each(['abc', '', 'ms', '-5ms', '5ms5', '1.2.3s', '5 m s'])('rejects %j with a reason listing the units', (text) => {
    const result = parseDurationMs(text);
    expect(result.ok).toBe(false);
    expect(reason(result)).toContain('us, ms, s or m');
  });

  it('rejects size and rate units', () => {
    expect(parseDurationMs('5MB').ok).toBe(false);
    expect(parseDurationMs('5%').ok).toBe(false);
  });
});

describe('parseSizeBytes', () => {
  it.each([
    ['100MB', 100_000_000],
    ['100MiB', 104_857_600],
    ['64kB', 64_000],
    ['1GB', 1_000_000_000],
    ['2KiB', 2048],
    ['512B', 512],
    ['1GiB', 1_073_741_824],
    ['1.5kB', 1500],
    ['0.5MiB', 524_288],
    [' 3 MB ', 3_000_000],
  ])('%j → %d bytes', (text, bytes) => {
    expect(parseSizeBytes(text)).toEqual({ ok: true, value: bytes });
  });

  it('is case-insensitive in the unit', () => {
    expect(value(parseSizeBytes('100mb'))).toBe(100_000_000);
    expect(value(parseSizeBytes('100Mb'))).toBe(100_000_000);
    expect(value(parseSizeBytes('64KB'))).toBe(64_000);
    expect(value(parseSizeBytes('100MIB'))).toBe(104_857_600);
    expect(value(parseSizeBytes('2kib'))).toBe(2048);
    expect(value(parseSizeBytes('512b'))).toBe(512);
  });

  it('returns whole bytes', () => {
    // 1.0001 kB = 1000.1 B → 1000
    expect(value(parseSizeBytes('1.0001kB'))).toBe(1000);
  });

  it('rejects a bare number and lists the units', () => {
    const r = reason(parseSizeBytes('100'));
    expect(r).toContain('no unit');
    expect(r).toContain('B, kB, MB, GB, KiB, MiB or GiB');
  });

  it('rejects an unknown unit, naming it', () => {
    const r = reason(parseSizeBytes('100XB'));
    expect(r).toContain('unknown unit "XB"');
    expect(r).toContain('MiB');
  });

  it.each(['', 'MB', 'abc', '-1MB', '2s'])('rejects %j', (text) => {
    expect(parseSizeBytes(text).ok).toBe(false);
  });
});

describe('parseRatio', () => {
  it.each([
    ['0.1%', 0.001],
    ['1%', 0.01],
    ['50%', 0.5],
    ['0.001', 0.001],
    ['0', 0],
    ['1', 1],
    ['0.5 %', 0.005],
  ])('%j → %d', (text, ratio) => {
    expect(parseRatio(text)).toEqual({ ok: true, value: ratio });
  });

  it('rejects a bare number above 1 with a hint', () => {
    const r = reason(parseRatio('5'));
    expect(r).toContain('"5"');
    expect(r).toContain('0.1%');
    expect(r).toContain('0.001');
  });

  it.each(['abc', '', '5ms', '2MB', '1.5'])('rejects %j', (text) => {
    expect(parseRatio(text).ok).toBe(false);
  });
});

describe('parseQuantity', () => {
  it('dispatches on the unit', () => {
    expect(parseQuantity('ms', '2s')).toEqual({ ok: true, value: 2000 });
    expect(parseQuantity('bytes', '1kB')).toEqual({ ok: true, value: 1000 });
    expect(parseQuantity('ratio', '1%')).toEqual({ ok: true, value: 0.01 });
  });

  it('uses the parser of the unit, not another one', () => {
    expect(parseQuantity('ms', '1kB').ok).toBe(false);
    expect(parseQuantity('bytes', '2s').ok).toBe(false);
    expect(parseQuantity('ratio', '2s').ok).toBe(false);
  });
});
