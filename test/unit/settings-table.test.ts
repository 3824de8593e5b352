/**
 * The settings table: each flag, variable and config key named once, and a flag's or variable's
 * string and the config file's value of a setting parsed to the same typed value.
 */
import { describe, expect, it } from 'vitest';
import { SETTINGS, SETTING_ROWS } from '../../src/config/settings-table.js';

describe('the settings table', () => {
  it('names every flag, variable and config key once', () => {
    const once = (values: (string | null)[]) => {
      const given = values.filter((value): value is string => value !== null);
      return given.filter((value, index) => given.indexOf(value) !== index);
    };
    expect(once(SETTING_ROWS.map((row) => row.flag))).toEqual([]);
    expect(once(SETTING_ROWS.map((row) => row.env))).toEqual([]);
    // kpis holds both thresholds and levels: declared by one row, read by two.
    expect(once(SETTING_ROWS.map((row) => (row.fileForm ? row.fileKey : null)))).toEqual([]);
  });

  it('derives each variable from its flag (--min-time → WTB_MIN_TIME)', () => {
    for (const row of SETTING_ROWS.filter((candidate) => candidate.env !== null)) {
      expect(row.env).toBe(`WTB_${row.flag.slice(2).replaceAll('-', '_').toUpperCase()}`);
    }
  });

  it('parses every default text with its own schema', () => {
    for (const row of SETTING_ROWS) if (row.defaultText !== undefined) expect(row.value?.safeParse(row.defaultText).success, row.flag).toBe(true);
  });

  it.each([
    ['loadRuns', '7', 7, 7],
    ['minTime', '2s', 2000, 2000],
    ['memoryLimit', '1GiB', 1024 ** 3, 1024 ** 3],
    ['confidence', '99%', '99%', 0.99],
    ['confidence', '0.9', 0.9, 0.9],
    ['warmup', '5', 5, 5],
    ['threads', '2,1,2', [2, 1, 2], [2, 1]],
    ['runtime', 'all', ['all'], ['node-wasm', 'chrome-wasm', 'node-native']],
    ['reporter', 'json,junit', ['json', 'junit'], ['json', 'junit']],
    ['checkFinite', 'yes', true, true],
    ['pushLabel', ['branch=main'], { branch: 'main' }, [['branch', 'main']]],
    [
      'dim',
      ['batch=1', 'sequence=128'],
      { batch: 1, sequence: 128 },
      [
        { name: 'batch', size: 1 },
        { name: 'sequence', size: 128 },
      ],
    ],
    ['maxRegression', ['inference.p99=20%'], { 'inference.p99': '20%' }, [{ id: 'inference.p99', maxRatio: 1.2 }]],
  ] as const)('%s: the flag form %j and the file form %j give the same value', (key, flagForm, fileForm, expected) => {
    const schema = SETTINGS[key].value;
    expect(schema.parse(flagForm)).toEqual(expected);
    expect(schema.parse(fileForm)).toEqual(expected);
  });
});
