// Writes the option table of docs/configuration.md from the settings table (src/config/settings-table.ts),
// between its marker comments. Run after `npm run build`; test/unit/options-doc.test.ts fails when it is stale.
import { readFile, writeFile } from 'node:fs/promises';

const root = new URL('..', import.meta.url);
const { withOptionsTable } = await import(new URL('dist/config/options-doc.js', root).href);
const file = new URL('docs/configuration.md', root);
await writeFile(file, withOptionsTable(await readFile(file, 'utf8')));
