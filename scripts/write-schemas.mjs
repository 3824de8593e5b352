// Writes the published JSON Schemas from their zod definitions: schema/run-report.schema.json
// (the report document), schema/ab-report.schema.json (the A/B report), schema/config.schema.json
// (the config file, for editors) and schema/profile.schema.json.
import { mkdir, writeFile } from 'node:fs/promises';
import { z } from 'zod';

const root = new URL('..', import.meta.url);
const { runReportSchema } = await import(new URL('dist/report/schema.js', root).href);
const { fileConfigSchema } = await import(new URL('dist/config/file-schema.js', root).href);
const { profileReportSchema } = await import(new URL('dist/profile/document.js', root).href);
const { abReportSchema } = await import(new URL('dist/report/ab-schema.js', root).href);
const schemas = {
  'run-report.schema.json': { $id: 'urn:wasm-torch-bench:run-report:1', ...z.toJSONSchema(runReportSchema, { target: 'draft-2020-12' }) },
  // io: 'input' describes what a user writes (optional keys stay optional).
  'config.schema.json': { $id: 'urn:wasm-torch-bench:config:1', ...z.toJSONSchema(fileConfigSchema, { target: 'draft-2020-12', io: 'input' }) },
  'ab-report.schema.json': { $id: 'urn:wasm-torch-bench:ab-report:1', ...z.toJSONSchema(abReportSchema, { target: 'draft-2020-12' }) },
  'profile.schema.json': { $id: 'urn:wasm-torch-bench:profile:1', ...z.toJSONSchema(profileReportSchema, { target: 'draft-2020-12' }) },
};
await mkdir(new URL('schema/', root), { recursive: true });
for (const [name, schema] of Object.entries(schemas)) {
  await writeFile(new URL(`schema/${name}`, root), `${JSON.stringify(schema, null, 2)}\n`);
}
