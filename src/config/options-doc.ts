/**
 * The option table of docs/configuration.md, rendered from the settings table and kept between
 * marker comments (scripts/write-docs-options.mjs writes it; a test fails when it is stale).
 */
import { SETTING_ROWS } from './settings-table.js';

export const OPTIONS_START_MARKER = '<!-- settings-table:start (generated from src/config/settings-table.ts by npm run docs:options; do not edit) -->';
export const OPTIONS_END_MARKER = '<!-- settings-table:end -->';

const cell = (text: string) => text.replaceAll('|', '\\|');
const code = (text: string) => `\`${cell(text)}\``;

export function renderOptionsTable(): string {
  const lines = ['| option | environment | config key | default | kind | meaning |', '|---|---|---|---|---|---|'];
  for (const row of SETTING_ROWS.filter((candidate) => candidate.commands.includes('run'))) {
    const option = `${row.short ? `${row.short}, ` : ''}${row.flag}${row.placeholder ? ` ${row.placeholder}` : ''}`;
    const meaning = row.docNote ? `${row.help} (${row.docNote})` : row.help;
    const fileKey = row.fileKey ?? (row.originKey ? `(model \`${row.originKey}\`)` : '');
    lines.push(
      `| ${code(option)} | ${row.env ? code(row.env) : ''} | ${row.fileKey ? code(fileKey) : fileKey} | ${row.defaultText !== undefined && !row.defaultInHelp ? code(row.defaultText) : ''} | ${row.kind} | ${cell(meaning)} |`,
    );
  }
  return lines.join('\n');
}

/** The document with the text between the markers replaced by the current option table. */
export function withOptionsTable(document: string): string {
  const start = document.indexOf(OPTIONS_START_MARKER);
  const end = document.indexOf(OPTIONS_END_MARKER);
  if (start < 0 || end < start) throw new Error(`the option table's markers are missing: ${OPTIONS_START_MARKER} … ${OPTIONS_END_MARKER}`);
  return `${document.slice(0, start + OPTIONS_START_MARKER.length)}\n${renderOptionsTable()}\n${document.slice(end)}`;
}
