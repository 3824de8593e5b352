import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { REPO_ROOT } from './fixtures.js';

const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schema/run-report.schema.json'), 'utf8')) as object;
const ajv = new Ajv2020.default({ allErrors: true, strict: false });
const validateReport = ajv.compile(schema);

/** Errors of a report against the published JSON Schema; empty when valid. */
export function reportSchemaErrors(report: unknown): string[] {
  if (validateReport(report)) return [];
  return (validateReport.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
}

const validateAbReport = ajv.compile(JSON.parse(readFileSync(path.join(REPO_ROOT, 'schema/ab-report.schema.json'), 'utf8')) as object);

/** Errors of an A/B report against its published JSON Schema; empty when valid. */
export function abReportSchemaErrors(report: unknown): string[] {
  if (validateAbReport(report)) return [];
  return (validateAbReport.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
}

/** Jenkins xUnit schema (MIT) the JUnit output must satisfy. */
export const JUNIT_XSD = path.join(REPO_ROOT, 'fixtures/schemas/junit-10.xsd');

export function xmllint(args: readonly string[]): { status: number | null; output: string } {
  const result = spawnSync('xmllint', ['--noout', ...args], { encoding: 'utf8' });
  if (result.error) throw new Error(`xmllint is not installed (apt-get install libxml2-utils): ${result.error.message}`);
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
