/**
 * A file name that is not UTF-8, passed by a shell to the real process as raw bytes (a JavaScript
 * string cannot carry them): it reaches the CLI unreadable and must be an error record that says
 * what to do, not a crash. The other hostile names run in-process in
 * test/unit/cli-hostile-text.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { RunReport } from '../../src/report/schema.js';
import { BIN, type CliResult, readJson, tempDir } from '../helpers/cli.js';
import { REPO_ROOT, fixture } from '../helpers/fixtures.js';

/** "bad-" 0xFF 0xFE ".onnx": a name no UTF-8 decoder can read back. */
const NOT_UTF8_NAME = Buffer.concat([Buffer.from('bad-'), Buffer.from([0xff, 0xfe]), Buffer.from('.onnx')]);

/** The bin with one more argument made of raw bytes (printf octal escapes), as a shell passes a file name that is not UTF-8. */
function runCliWithRawArgument(printfFormat: string, args: readonly string[]): CliResult {
  const { GITHUB_ACTIONS: _actions, GITHUB_STEP_SUMMARY: _summary, ...env } = process.env;
  const script = 'exec "$0" "$@" "$(printf "$RAW_ARGUMENT_FORMAT")"';
  const child = spawnSync('sh', ['-c', script, process.execPath, BIN, ...args], { env: { ...env, NO_COLOR: '1', RAW_ARGUMENT_FORMAT: printfFormat }, encoding: 'utf8', cwd: REPO_ROOT });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

it('a file name that is not UTF-8 is an error record that says what to do', () => {
  const dir = tempDir();
  const out = path.join(dir, 'out');
  writeFileSync(Buffer.concat([Buffer.from(`${dir}/`), NOT_UTF8_NAME]), readFileSync(fixture('tiny-mlp').absolutePath));
  const result = runCliWithRawArgument(`${dir}/bad-\\377\\376.onnx`, ['--runtime', 'node-wasm', '--reporter', 'table,json', '--out', out]);
  expect(result.status).toBe(2);
  const report = readJson<RunReport>(path.join(out, 'wasm-torch-bench.json'));
  expect(report.results).toHaveLength(1);
  expect(report.results[0]?.error?.code).toBe('MODEL_NOT_FOUND');
  expect(report.results[0]?.error?.message).toMatch(/bad-\uFFFD\uFFFD\.onnx.*not valid UTF-8.*rename the file/);
  expect(result.stdout).toMatch(/not valid UTF-8.*rename the file/);
});
