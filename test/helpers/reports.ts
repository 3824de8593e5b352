/** Runs the bin into a fresh --out, checks both reports against their schemas, and reads them. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { RunReport } from '../../src/report/schema.js';
import { readJson, runCli, tempDir } from './cli.js';
import { JUNIT_XSD, reportSchemaErrors, xmllint } from './validate.js';

export function runAndRead(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out = tempDir();
  const result = runCli([...args, '--out', out], { env });
  const report = readJson<RunReport>(path.join(out, 'wasm-torch-bench.json'));
  expect(reportSchemaErrors(report)).toEqual([]);
  const junitPath = path.join(out, 'wasm-torch-bench.junit.xml');
  expect(xmllint(['--schema', JUNIT_XSD, junitPath]).status).toBe(0);
  return { result, report, junit: readFileSync(junitPath, 'utf8') };
}
