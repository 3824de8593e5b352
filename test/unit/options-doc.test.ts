/**
 * docs/configuration.md's option table is generated from the settings table: it must be what
 * `npm run docs:options` would write now, and every flag of `run --help` must be in it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPTIONS_END_MARKER, OPTIONS_START_MARKER, renderOptionsTable, withOptionsTable } from '../../src/config/options-doc.js';
import { SETTING_ROWS } from '../../src/config/settings-table.js';

const DOC = path.join(import.meta.dirname, '../../docs/configuration.md');

describe('the option table of docs/configuration.md', () => {
  const document = readFileSync(DOC, 'utf8');

  it('is up to date with src/config/settings-table.ts (npm run docs:options rewrites it)', () => {
    expect(document).toContain(OPTIONS_START_MARKER);
    expect(document).toContain(OPTIONS_END_MARKER);
    expect(withOptionsTable(document), 'docs/configuration.md is stale: run npm run docs:options').toBe(document);
  });

  it('has a row for every setting of run, with its variable and config key', () => {
    const table = renderOptionsTable();
    for (const row of SETTING_ROWS.filter((candidate) => candidate.commands.includes('run'))) {
      const line = table.split('\n').find((text) => new RegExp(`^\\| \`(-\\w, )?${row.flag}[ \`]`).test(text)) ?? '';
      expect(line, row.flag).not.toBe('');
      if (row.env) expect(line).toContain(`\`${row.env}\``);
      if (row.fileKey) expect(line).toContain(`\`${row.fileKey}\``);
    }
  });
});
