/**
 * Model names and paths are user input: spaces, quotes, markup characters, terminal escapes,
 * control characters and bytes that are not UTF-8 must give valid JSON, valid JUnit and a terminal
 * that shows text, not commands. The CLI runs in-process on the simulated runtime (names are not
 * the runtime's business); how a real process receives a non-UTF-8 argument is in
 * test/e2e/hostile-text.test.ts.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/report/schema.js';
import { type CliResult, readJson, tempDir } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';
import { runSimulated } from '../helpers/run-main.js';
import { JUNIT_XSD, reportSchemaErrors, xmllint } from '../helpers/validate.js';

const HOSTILE_NAMES = [
  `my model "v2" <&> 'x'.onnx`,
  'esc\u001b[31mred\u001b[0m \u001b]8;;https:\u2215\u2215example.com\u0007link\u001b]8;;\u0007.onnx',
  'ctl\u0007\u0008\u000b\t\r\nline.onnx',
  'c1 \u0085\u009b31m \u202eevil.onnx',
];
/** "bad-" 0xFF 0xFE ".onnx": a name no UTF-8 decoder can read back. */
const NOT_UTF8_NAME = Buffer.concat([Buffer.from('bad-'), Buffer.from([0xff, 0xfe]), Buffer.from('.onnx')]);

/** Bytes a terminal acts on: C0 controls but newline, DEL, C1 controls (as UTF-8 code points). */
const TERMINAL_CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/u;

const SHORT = ['--runtime', 'node-wasm', '--load-runs', '1', '--max-load-runs', '1', '--warmup', '1', '--iterations', '5', '--min-time', '0s', '--max-time', '1s', '--inconclusive', 'warn'];

/** What Node makes of the bytes 0xFF 0xFE in an argument: each an unreadable character. */
const NOT_UTF8_ARGUMENT = 'bad-\uFFFD\uFFFD.onnx';

let dir: string;
let out: string;
let result: CliResult;
let report: RunReport;

beforeAll(async () => {
  dir = tempDir();
  out = path.join(dir, 'out');
  mkdirSync(out);
  const modelBytes = readFileSync(fixture('tiny-mlp').absolutePath);
  for (const name of HOSTILE_NAMES) writeFileSync(path.join(dir, name), modelBytes);
  writeFileSync(Buffer.concat([Buffer.from(`${dir}/`), NOT_UTF8_NAME]), modelBytes);
  copyFileSync(fixture('tiny-mlp').absolutePath, path.join(dir, 'plain.onnx'));
  const models = [...HOSTILE_NAMES, 'plain.onnx'].map((name) => path.join(dir, name));
  result = await runSimulated([...models, path.join(dir, NOT_UTF8_ARGUMENT), ...SHORT, '--out', out, '--reporter', 'table,json,junit,markdown,html']);
  report = readJson<RunReport>(path.join(out, 'wasm-torch-bench.json'));
});

describe('hostile model names', () => {
  it('every file gets a row; the unreadable name is an error record that says what to do', () => {
    expect(report.results).toHaveLength(HOSTILE_NAMES.length + 2);
    expect(result.status).toBe(2);
    const measured = report.results.filter((row) => row.status === 'ok').map((row) => row.model.name);
    expect(measured.sort()).toEqual([...HOSTILE_NAMES, 'plain.onnx'].sort());
    const unreadable = report.results.find((row) => row.status === 'error');
    expect(unreadable?.error?.code).toBe('MODEL_NOT_FOUND');
    expect(unreadable?.error?.message).toMatch(/bad-\uFFFD\uFFFD\.onnx.*not valid UTF-8.*rename the file/);
  });

  it('the JSON report keeps every name exactly and passes its schema', () => {
    expect(reportSchemaErrors(report)).toEqual([]);
    for (const name of HOSTILE_NAMES) expect(report.results.some((row) => row.model.name === name && row.model.path.endsWith(name))).toBe(true);
  });

  it('the JUnit report is valid against the schema, names cleaned of what XML cannot hold', () => {
    const junitPath = path.join(out, 'wasm-torch-bench.junit.xml');
    expect(xmllint(['--schema', JUNIT_XSD, junitPath]).status).toBe(0);
    const junit = readFileSync(junitPath, 'utf8');
    expect(junit).toContain(`my model &quot;v2&quot; &lt;&amp;&gt; 'x'.onnx`);
    expect(junit).not.toMatch(TERMINAL_CONTROLS);
  });

  it('the terminal gets text, not escape sequences or control characters', () => {
    for (const stream of [result.stdout, result.stderr]) {
      expect(stream.replaceAll('\n', '')).not.toMatch(TERMINAL_CONTROLS);
      expect(stream).not.toContain('\u202e');
    }
    expect(result.stdout).toContain(`my model "v2" <&> 'x'.onnx`);
    // Escapes are dropped, the readable text around them stays.
    expect(result.stdout).toMatch(/escred link\.onnx/);
  });

  it('--list and inspect print the names without escapes or control characters', async () => {
    const models = [...HOSTILE_NAMES].map((name) => path.join(dir, name));
    const listing = await runSimulated([...models, '--runtime', 'node-wasm', '--list']);
    expect(listing.status).toBe(0);
    expect(listing.stdout.replaceAll('\n', '')).not.toMatch(TERMINAL_CONTROLS);
    expect(listing.stdout).toContain('escred link.onnx on node-wasm');
    const inspected = await runSimulated(['inspect', path.join(dir, HOSTILE_NAMES[1]!)]);
    expect(inspected.status).toBe(0);
    expect(inspected.stdout.replaceAll('\n', '')).not.toMatch(TERMINAL_CONTROLS);
  });

  it('Markdown and HTML show the names as text, never as markup', () => {
    const markdown = readFileSync(path.join(out, 'wasm-torch-bench.md'), 'utf8');
    const html = readFileSync(path.join(out, 'wasm-torch-bench.html'), 'utf8');
    for (const text of [markdown, html]) {
      // Tabs and line breaks are only white space in HTML and Markdown text.
      expect(text.replace(/[\t\r\n]/g, '')).not.toMatch(TERMINAL_CONTROLS);
      expect(text).not.toContain('"v2" <&>');
    }
  });
});
