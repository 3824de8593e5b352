// Writes schema/run-report.schema.json from the zod definition in dist/report/schema.js.
import { mkdir, writeFile } from 'node:fs/promises';
import { z } from 'zod';

const root = new URL('..', import.meta.url);
const { runReportSchema } = await import(new URL('dist/report/schema.js', root).href);
const schema = {
  $id: 'urn:wasm-torch-bench:run-report:1',
  ...z.toJSONSchema(runReportSchema, { target: 'draft-2020-12' }),
};
await mkdir(new URL('schema/', root), { recursive: true });
await writeFile(new URL('schema/run-report.schema.json', root), `${JSON.stringify(schema, null, 2)}\n`);
