/** Generated artefacts that are committed must match what their generators produce now. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { profileReportSchema } from '../../src/profile/document.js';
import { runReportSchema } from '../../src/report/schema.js';
import { REPO_ROOT } from '../helpers/fixtures.js';
// @ts-expect-error plain JavaScript generator without type declarations
import { buildTinyMlp } from '../../scripts/generate-fixtures.mjs';

describe('committed generated files', () => {
  it('fixtures/models/tiny-mlp.onnx is exactly what the generator builds', () => {
    const committed = readFileSync(path.join(REPO_ROOT, 'fixtures/models/tiny-mlp.onnx'));
    expect(Buffer.from(buildTinyMlp() as Uint8Array).equals(committed)).toBe(true);
  });

  it('schema/profile.schema.json matches the zod definition', () => {
    const published = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schema/profile.schema.json'), 'utf8')) as Record<string, unknown>;
    const { $id: _id, ...rest } = published;
    expect(rest).toEqual(z.toJSONSchema(profileReportSchema, { target: 'draft-2020-12' }));
  });

  it('schema/run-report.schema.json matches the zod definition', () => {
    const published = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schema/run-report.schema.json'), 'utf8')) as Record<string, unknown>;
    const { $id: _id, ...rest } = published;
    expect(rest).toEqual(z.toJSONSchema(runReportSchema, { target: 'draft-2020-12' }));
  });
});
