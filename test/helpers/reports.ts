/** Runs the CLI into a fresh --out, checks both reports against their schemas, and reads them. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { RunReport } from '../../src/report/schema.js';
import type { SimulationSpec } from '../../src/runtimes/simulated/simulation-spec.js';
import { type CliResult, readJson, runCli, tempDir } from './cli.js';
import { runSimulated } from './run-main.js';
import { JUNIT_XSD, reportSchemaErrors, xmllint } from './validate.js';

function readReports(out: string, result: CliResult) {
  const report = readJson<RunReport>(path.join(out, 'wasm-torch-bench.json'));
  expect(reportSchemaErrors(report)).toEqual([]);
  const junitPath = path.join(out, 'wasm-torch-bench.junit.xml');
  expect(xmllint(['--schema', JUNIT_XSD, junitPath]).status).toBe(0);
  return { result, report, junit: readFileSync(junitPath, 'utf8'), out };
}

/** The built bin on the real runtimes (from `cwd`, default the repository). */
export function runAndRead(args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string) {
  const out = tempDir();
  return readReports(out, runCli([...args, '--out', out], { env, cwd }));
}

/** The CLI in-process on the simulated runtime. */
export async function runSimulatedAndRead(args: string[], spec: SimulationSpec = {}, env: NodeJS.ProcessEnv = {}) {
  const out = tempDir();
  return readReports(out, await runSimulated([...args, '--out', out], spec, { env }));
}
