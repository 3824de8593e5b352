/**
 * The published config JSON Schema is generated from the zod definition the tool validates with:
 * it must not drift, valid configs must pass both and survive a round trip, and the schema must
 * reject what zod rejects on its own ground (types, unknown keys, enums).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fileConfigSchema } from '../../src/config/file-schema.js';
import { REPO_ROOT } from '../helpers/fixtures.js';

const SCHEMA_FILE = path.join(REPO_ROOT, 'schema/config.schema.json');
const VALID_DIR = path.join(REPO_ROOT, 'fixtures/configs/valid');
const published = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
const validate = new Ajv2020.default({ allErrors: true, strict: false }).compile(published);
const validConfigs = readdirSync(VALID_DIR)
  .filter((name) => name.endsWith('.json'))
  .map((name) => ({ name, config: JSON.parse(readFileSync(path.join(VALID_DIR, name), 'utf8')) as unknown }));

describe('schema/config.schema.json', () => {
  it('matches the zod definition', () => {
    const { $id: _id, ...rest } = published;
    expect(rest).toEqual(z.toJSONSchema(fileConfigSchema, { target: 'draft-2020-12', io: 'input' }));
  });

  it('has valid configs to check', () => {
    expect(validConfigs.map((entry) => entry.name).sort()).toEqual(['every-key.json', 'glob.json', 'inputs-from-files.json', 'minimal.json']);
  });

  it.each(validConfigs)('$name: passes zod and the JSON Schema, and round-trips unchanged', ({ config }) => {
    const parsed = fileConfigSchema.parse(config);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    const again = fileConfigSchema.parse(JSON.parse(JSON.stringify(parsed)));
    expect(again).toEqual(parsed);
    expect(parsed).toEqual(config);
  });

  it.each([
    ['an unknown top-level key', { modles: ['m.onnx'] }],
    ['an unknown key in a model entry', { models: [{ path: 'm.onnx', inptus: {} }] }],
    ['an unknown KPI metric', { kpis: { 'load.p59': '2s' } }],
    ['a runtime that does not exist', { runtimes: ['node-wsam'] }],
    ['a count of the wrong type', { loadRuns: '20' }],
    ['a negative count', { iterations: -5 }],
    ['a dtype that does not exist', { models: [{ path: 'm.onnx', inputs: { x: { dtype: 'float128' } } }] }],
  ])('rejects %s, as zod does', (_label, config) => {
    expect(fileConfigSchema.safeParse(config).success).toBe(false);
    expect(validate(config)).toBe(false);
  });
});
