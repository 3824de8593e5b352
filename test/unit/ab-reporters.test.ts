/**
 * The A/B reporters on real A/B reports (buildAbReport over seeded synthetic blocks): the numbers
 * and outcomes they print are the gate's, JUnit validates against the xUnit schema, and hostile
 * model names and messages come out escaped in every format.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blockRatioPoints } from '../../src/report/ab-block-ratios.js';
import type { AbReport, AbRow } from '../../src/report/ab-schema.js';
import { renderAbAnnotations } from '../../src/reporters/ab-annotations.js';
import { renderAbJunit } from '../../src/reporters/ab-junit.js';
import { renderAbMarkdown } from '../../src/reporters/ab-markdown.js';
import { AB_FILE_REPORTERS } from '../../src/reporters/ab-registry.js';
import { renderAbTable } from '../../src/reporters/ab-table.js';
import { renderAbHtml } from '../../src/reporters/html/ab-render-html.js';
import { PLAIN_STYLE, type Style } from '../../src/reporters/table.js';
import { abReport, FASTER_ROW, failedOutcome, HOSTILE_AB_NAME, measuredOutcome, SAME_ROW, SLOWER_ROW, UNSURE_ROW } from '../helpers/ab-report-fixture.js';
import { tempDir } from '../helpers/cli.js';
import { JUNIT_XSD, xmllint } from '../helpers/validate.js';

type Check = AbRow['checks'][number];

const HOSTILE_ERROR = 'worker died \u001b[31m<script>alert("x")</script> & 100 %\nsecond line';

function row(report: AbReport, runtime = 'node-wasm'): AbRow {
  const found = report.rows.find((candidate) => candidate.runtime === runtime);
  if (!found) throw new Error(`no ${runtime} row`);
  return found;
}

function check(report: AbReport, id: Check['id'], runtime = 'node-wasm'): Check {
  const found = row(report, runtime).checks.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no ${id}`);
  return found;
}

/** B / A as a signed percent, computed here rather than by the code under test. */
function percentOf(ratio: number): string {
  const percent = (ratio - 1) * 100;
  const shown = Math.abs(percent).toFixed(1);
  return `${Number(shown) === 0 ? '±' : percent > 0 ? '+' : '−'}${shown} %`;
}

const slowerReport = () => abReport([measuredOutcome(SLOWER_ROW)]);
const sameReport = () => abReport([measuredOutcome(SAME_ROW)]);
const unsureReport = (inconclusive: 'fail' | 'warn' = 'fail') => abReport([measuredOutcome(UNSURE_ROW)], { inconclusive });
/** node-wasm slower, chrome-wasm faster, node-native failed; B from git; a hostile model name. */
const mixedReport = () =>
  abReport([measuredOutcome(SLOWER_ROW), measuredOutcome(FASTER_ROW), failedOutcome('node-native', 'WORKER_CRASHED', HOSTILE_ERROR)], { gitSideB: true, modelName: HOSTILE_AB_NAME });

describe('the fixture', () => {
  it('gives the outcomes the tests rely on', () => {
    expect(check(slowerReport(), 'ab.inference.p50').outcome).toBe('slower');
    expect(check(slowerReport(), 'ab.load.p50').outcome).toBe('same');
    expect(sameReport().rows[0]?.checks.map((entry) => entry.outcome)).toEqual(['same', 'same', 'same', 'same', 'same']);
    expect(check(unsureReport(), 'ab.inference.p50').outcome).toBe('unsure');
    expect(check(mixedReport(), 'ab.inference.p50', 'chrome-wasm').outcome).toBe('faster');
    expect(mixedReport().exitCode).toBe(3);
  });
});

describe('blockRatioPoints', () => {
  it('gives one point per block the judge counted, at the block’s end, with the median the check reports', () => {
    const report = slowerReport();
    for (const entry of row(report).checks) {
      const points = blockRatioPoints(row(report), entry.id);
      expect(points).toHaveLength(entry.blocks);
      const sorted = points.map((point) => point.ratio).sort((a, b) => a - b);
      expect(sorted[Math.ceil(0.5 * sorted.length) - 1]).toBe(entry.ratio);
      const blocks = entry.id.startsWith('ab.inference') ? row(report).inferenceBlocks : row(report).loadBlocks;
      expect(points.map((point) => point.endedAtMs)).toEqual(blocks.map((block) => block.endedAtMs));
    }
  });

  it('leaves out a block whose side has no value, as the judge does', () => {
    const report = slowerReport();
    const measured = row(report);
    const first = measured.inferenceBlocks[0];
    if (!first) throw new Error('no blocks');
    const withGap = { ...measured, inferenceBlocks: [{ ...first, b: { ...first.b, medianMs: null } }, ...measured.inferenceBlocks.slice(1)] };
    expect(blockRatioPoints(withGap, 'ab.inference.p50')).toHaveLength(measured.inferenceBlocks.length - 1);
  });
});

describe('renderAbTable', () => {
  const MARKED: Style = { pass: (t) => `<pass>${t}</pass>`, fail: (t) => `<fail>${t}</fail>`, warn: (t) => `<warn>${t}</warn>`, dim: (t) => `<dim>${t}</dim>`, bold: (t) => t };

  it('prints each check as B / A with its interval, blocks, outcome and level', () => {
    const report = slowerReport();
    const table = renderAbTable(report);
    for (const entry of row(report).checks) {
      const interval = `[${percentOf(entry.interval?.low as number)}, ${percentOf(entry.interval?.high as number)}]`;
      const words = entry.metric.replace(/ of B over A$/, '');
      const outcome = entry.outcome.toUpperCase();
      expect(table).toMatch(new RegExp(`${words} +│ ${escapeRegExp(`${percentOf(entry.ratio as number)} ${interval}`)} +│ ${entry.blocks} +│ ${outcome} +│ ${entry.level}`));
    }
    expect(table).toContain('PASS parity with side A');
    expect(table.trimEnd().split('\n').at(-1)).toMatch(/^FAIL: B is slower than A on node-wasm ×1 at inference P50 and inference P99: exit 1 · 95 % /);
  });

  it('colours the outcome by what it does to the run', () => {
    const slower = renderAbTable(slowerReport(), MARKED);
    expect(slower).toContain('<fail>SLOWER</fail>');
    expect(slower).toContain('<pass>SAME</pass>');
    expect(renderAbTable(unsureReport(), MARKED)).toContain('<warn>UNSURE</warn>');
    const warnLevel = renderAbTable(abReport([measuredOutcome({ ...SAME_ROW, loadRatio: 1.3 })], { levels: { 'load.p50': 'warn', 'load.p95': 'warn', 'memory.peak': 'off' } }), MARKED);
    expect(warnLevel).toContain('<warn>SLOWER</warn>');
    expect(warnLevel).toContain('<dim>LARGER</dim>');
  });

  it('says no difference when every gated metric is the same', () => {
    const table = renderAbTable(sameReport());
    expect(table).toContain('PASS: no difference beyond ±5 % on any gated metric: exit 0');
    expect(table).not.toMatch(/SLOWER|FASTER|UNSURE/);
  });

  it('says what to do when unsure, and what the policy makes of it', () => {
    const failing = renderAbTable(unsureReport('fail'));
    expect(failing).toContain('UNSURE: undecided on node-wasm ×1 at inference P50, inference P99, cold load P50 and memory peak (too few blocks to bound B / A): exit 1 (--inconclusive fail)');
    expect(failing).toContain('raise --max-time (now 1 m per runtime)');
    expect(failing).toContain('inference ran out of --max-time');
    expect(renderAbTable(unsureReport('warn'))).toContain('exit 0 (--inconclusive warn)');
  });

  it('shows the sides with the git ref and commit, the failed row’s error, and the faster row', () => {
    const table = renderAbTable(mixedReport());
    expect(table).toContain('git:main:models/');
    expect(table).toContain('(main @ 0123456789ab, sha256 bbbbbbbbbbbb)');
    expect(table).toContain('node-native ×1  ERROR');
    expect(table).toContain('ERROR WORKER_CRASHED worker died');
    expect(table).toMatch(/inference P50 +│ −1\d\.\d % \[−1\d\.\d %, −1\d\.\d %\] +│ 24 +│ FASTER/);
    expect(table).toContain('ERROR: node-native ×1 could not be measured (WORKER_CRASHED); B is slower than A on node-wasm ×1 at inference P50 and inference P99: exit 3');
  });

  it('drops terminal escapes from model names and messages', () => {
    const table = renderAbTable(mixedReport());
    expect(table).not.toContain('\u001b');
    expect(table).not.toContain('\u0007');
    expect(table).toContain('evil <b>&amp;</b> "q"');
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function validJunit(xml: string): void {
  const file = path.join(tempDir('wtb-ab-junit-'), 'ab.junit.xml');
  writeFileSync(file, xml);
  const result = xmllint(['--schema', JUNIT_XSD, file]);
  expect(result.output).toContain('validates');
  expect(result.status).toBe(0);
}

function suiteAttributes(xml: string, index = 0): Record<string, string> {
  const suite = [...xml.matchAll(/<testsuite (.*?)>/g)][index]?.[1] ?? '';
  return Object.fromEntries([...suite.matchAll(/(\w+)="([^"]*)"/g)].map((match) => [match[1] as string, match[2] as string]));
}

describe('renderAbJunit', () => {
  it('validates against the xUnit schema, hostile names and a failed row included', () => {
    validJunit(renderAbJunit(mixedReport()));
    validJunit(renderAbJunit(unsureReport()));
    validJunit(renderAbJunit(sameReport()));
  });

  it('fails the slower error-level checks and passes the rest, with B / A in the properties', () => {
    const report = slowerReport();
    const xml = renderAbJunit(report);
    expect(suiteAttributes(xml)).toMatchObject({ tests: '6', failures: '2', errors: '0', skipped: '0' });
    expect(xml).toContain('<testcase name="ab inference.p50 B/A &lt; 1.05" classname="ab/node-wasm">\n      <failure type="ab.inference.p50"');
    expect(xml).toContain('<testcase name="ab load.p50 B/A &lt; 1.05" classname="ab/node-wasm">\n      <system-out>PASS');
    const p50 = check(report, 'ab.inference.p50');
    expect(xml).toContain(`<property name="ratio.inference.p50" value="${(p50.ratio as number).toFixed(4)} [${p50.interval?.low?.toFixed(4)}, ${p50.interval?.high?.toFixed(4)}] slower"/>`);
    expect(xml).toContain('<property name="side.A.spec" value="models/tiny-mlp.onnx"/>');
  });

  it('makes an unsure error-level check a failure under --inconclusive fail only', () => {
    expect(suiteAttributes(renderAbJunit(unsureReport('fail')))).toMatchObject({ tests: '6', failures: '4' });
    expect(renderAbJunit(unsureReport('fail'))).toContain('<failure type="ab.inference.p50.inconclusive"');
    const lenient = renderAbJunit(unsureReport('warn'));
    expect(suiteAttributes(lenient)).toMatchObject({ tests: '6', failures: '0' });
    expect(lenient).toContain('UNSURE (does not fail the run: --inconclusive warn)');
  });

  it('skips a check at level off and notes a warn-level slower one without failing', () => {
    const xml = renderAbJunit(abReport([measuredOutcome({ ...SAME_ROW, loadRatio: 1.3 })], { levels: { 'load.p50': 'warn', 'load.p95': 'warn', 'memory.peak': 'off' } }));
    expect(suiteAttributes(xml)).toMatchObject({ tests: '6', failures: '0', skipped: '1' });
    expect(xml).toContain('<skipped message="level off: B is ');
    expect(xml).toContain('WARN (level warn, does not fail the run)');
  });

  it('gives a row that could not be measured one error, and the git side in the properties', () => {
    const xml = renderAbJunit(mixedReport());
    expect(suiteAttributes(xml, 2)).toMatchObject({ tests: '1', failures: '0', errors: '1' });
    expect(xml).toContain('<error type="WORKER_CRASHED" message="worker died &lt;script&gt;');
    expect(xml).toContain('<property name="side.B.git" value="main @ 0123456789ab"/>');
    expect(xml).toMatch(/<testsuites name="wasm-torch-bench ab" time="61.000" tests="13" failures="2" errors="1">/);
    expect(xml).not.toContain('\u001b');
    expect(xml).not.toContain('<b>');
  });
});

describe('renderAbMarkdown', () => {
  it('heads with the verdict and holds a row per check with the numbers and outcome', () => {
    const report = slowerReport();
    const markdown = renderAbMarkdown(report);
    expect(markdown.startsWith('## ❌ wasm-torch-bench ab: FAIL\n\nB is slower than A on node-wasm ×1 at inference P50 and inference P99: exit 1\n')).toBe(true);
    expect(markdown).toContain('| Metric | B vs A | 95 % interval | Blocks | Outcome |');
    const p50 = check(report, 'ab.inference.p50');
    expect(markdown).toContain(`| inference P50 | ${percentOf(p50.ratio as number)} | [${percentOf(p50.interval?.low as number)}, ${percentOf(p50.interval?.high as number)}] | 24 | ❌ **slower** |`);
    expect(markdown).toMatch(/\| cold load P95 \| [^|]+ \| [^|]+ \| 24 \| ✅ same \(warn\) \|/);
    expect(markdown).toContain('**Parity:** ✅ parity with side A');
  });

  it('explains the method in a collapsed <details>', () => {
    const markdown = renderAbMarkdown(sameReport());
    const details = markdown.slice(markdown.indexOf('<details><summary>Method</summary>'), markdown.indexOf('</details>'));
    expect(details).toContain('ABBA or BAAB');
    expect(details).toContain('**median block ratio**');
    expect(details).toContain('**anytime-valid** at 95 %');
    expect(details).toContain('inference.p50 ±5 % (error)');
    expect(markdown).toContain('## ✅ wasm-torch-bench ab: PASS\n\nno difference beyond ±5 % on any gated metric: exit 0');
  });

  it('escapes hostile names and messages and shows the git side and the failed row', () => {
    const markdown = renderAbMarkdown(mixedReport());
    expect(markdown).not.toContain('\u001b');
    expect(markdown).not.toContain('<b>');
    expect(markdown).not.toContain('<script>');
    expect(markdown).toContain('evil \\<b\\>&amp;amp;\\</b\\> "q" \'s\' \\| \\*x\\* \\`c\\`');
    expect(markdown).toContain('main @ `0123456789ab`');
    expect(markdown).toContain('### 💥 node-native ×1: ERROR');
    expect(markdown).toContain('💥 **WORKER\\_CRASHED**: worker died \\<script\\>');
    expect(markdown).toContain('### ✅ chrome-wasm ×1: PASS');
  });

  it('marks a parity failure', () => {
    const markdown = renderAbMarkdown(abReport([measuredOutcome({ ...SAME_ROW, outputsDisagree: true })]));
    expect(markdown).toContain('**Parity:** ❌ parity with side A:');
    expect(markdown).toContain("B's outputs disagree with A's on node-wasm ×1: exit 1");
  });
});

describe('renderAbAnnotations', () => {
  it('annotates each slower error-level check as an error, escaped as a workflow command', () => {
    const report = slowerReport();
    const lines = renderAbAnnotations(report);
    expect(lines).toHaveLength(2);
    const message = check(report, 'ab.inference.p50').message;
    expect(message).toMatch(/^B is 20\.\d % slower \[/);
    expect(lines[0]).toBe(`::error title=ab inference.p50 B/A < 1.05 failed%3A node-wasm ×1::${message.replace(/%/g, '%25')}`);
    expect(lines[1]).toMatch(/^::error title=ab inference.p99 /);
  });

  it('gives nothing when B is the same, and warnings for warn-level slower checks', () => {
    expect(renderAbAnnotations(sameReport())).toEqual([]);
    const lines = renderAbAnnotations(abReport([measuredOutcome({ ...SAME_ROW, loadRatio: 1.3 })], { levels: { 'load.p50': 'warn', 'load.p95': 'warn', 'memory.peak': 'off' } }));
    expect(lines.map((line) => line.slice(0, line.indexOf(' ')))).toEqual(['::warning', '::warning']);
    expect(lines[0]).toContain('ab load.p50 B/A < 1.05 warns%3A node-wasm ×1');
  });

  it('annotates unsure checks as errors under --inconclusive fail and as warnings otherwise', () => {
    const failing = renderAbAnnotations(unsureReport('fail'));
    expect(failing.filter((line) => line.startsWith('::error'))).toHaveLength(4);
    expect(failing.filter((line) => line.startsWith('::warning'))).toHaveLength(1);
    expect(failing[0]).toContain('unsure%3A node-wasm ×1');
    expect(renderAbAnnotations(unsureReport('warn')).every((line) => line.startsWith('::warning'))).toBe(true);
  });

  it('keeps a hostile message on one line without escapes, errors first, within the cap', () => {
    const lines = renderAbAnnotations(mixedReport(), 2);
    expect(lines).toHaveLength(3);
    const crashed = renderAbAnnotations(mixedReport()).find((line) => line.includes('WORKER_CRASHED'));
    expect(crashed).toBe('::error title=WORKER_CRASHED%3A ab node-native ×1::worker died <script>alert("x")</script> & 100 %25%0Asecond line');
    expect(lines[2]).toMatch(/^::notice title=wasm-torch-bench ab::1 more A\/B check not annotated/);
    for (const line of renderAbAnnotations(mixedReport())) expect(line).not.toMatch(/[\u0000-\u001f]/);
  });
});

describe('renderAbHtml', () => {
  function svgs(html: string): string[] {
    return [...html.matchAll(/<svg [\s\S]*?<\/svg>/g)].map((match) => match[0]);
  }

  it('draws an <svg> per metric of each measured row, a dot per block, the band, the line at 1 and the interval', () => {
    const report = mixedReport();
    const html = renderAbHtml(report);
    const plots = svgs(html);
    expect(plots).toHaveLength(10);
    expect(new Set(plots.map((svg) => /id="([^"]+)"/.exec(svg)?.[1])).size).toBe(10);
    const p50 = plots.find((svg) => svg.includes('id="ab-row-1-inference-p50"'));
    if (!p50) throw new Error('no inference P50 plot');
    expect(p50.match(/<circle class="ab-dot" [^>]*><title>block \d+/g)).toHaveLength(24);
    expect(p50).toContain('<rect class="ab-same-band"');
    expect(p50).toMatch(/<rect class="ab-interval" [^>]*><title>95 % interval of the median block ratio: \+20\.\d %/);
    expect(p50).toContain('<path class="ref-line"');
    expect(p50).toContain('<title id="ab-row-1-inference-p50-title">B / A per paired block at inference P50 on node-wasm ×1: 24 blocks');
    expect(html).toContain(`<p class="meta">${check(report, 'ab.inference.p50').message.replace(/&/g, '&amp;')}</p>`);
  });

  it('places each block’s dot at its ratio: higher ratios higher on the plot', () => {
    const report = slowerReport();
    const p50 = svgs(renderAbHtml(report)).find((svg) => svg.includes('id="ab-row-1-inference-p50"')) ?? '';
    const dots = [...p50.matchAll(/<circle class="ab-dot" cx="([\d.]+)" cy="([\d.]+)" r="3.2"><title>/g)].map((match) => ({ xPx: Number(match[1]), yPx: Number(match[2]) }));
    const points = blockRatioPoints(row(report), 'ab.inference.p50');
    expect(dots).toHaveLength(points.length);
    for (let index = 1; index < points.length; index++) {
      expect((dots[index] as { xPx: number }).xPx).toBeGreaterThan((dots[index - 1] as { xPx: number }).xPx);
      const [previous, current] = [points[index - 1]?.ratio as number, points[index]?.ratio as number];
      if (current > previous) expect((dots[index] as { yPx: number }).yPx).toBeLessThan((dots[index - 1] as { yPx: number }).yPx);
      if (current < previous) expect((dots[index] as { yPx: number }).yPx).toBeGreaterThan((dots[index - 1] as { yPx: number }).yPx);
    }
  });

  it('draws an interval too few blocks bound as open', () => {
    expect(renderAbHtml(unsureReport())).toMatch(/<rect class="ab-interval open"/);
  });

  it('holds no unescaped hostile text and fetches nothing', () => {
    const html = renderAbHtml(mixedReport());
    expect(html).not.toContain('\u001b');
    expect(html).not.toContain('\u0007');
    expect(html).not.toContain('<b>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('evil &lt;b&gt;&amp;amp;&lt;/b&gt;');
    expect(html).toContain('worker died &lt;script&gt;');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).not.toMatch(/<(script|img|link|iframe)\b/);
  });
});

describe('AB_FILE_REPORTERS', () => {
  it('names the files and renders each from the report', () => {
    const report = mixedReport();
    expect(Object.fromEntries(Object.entries(AB_FILE_REPORTERS).map(([name, reporter]) => [name, reporter.fileName]))).toEqual({
      json: 'wasm-torch-bench-ab.json',
      junit: 'wasm-torch-bench-ab.junit.xml',
      markdown: 'wasm-torch-bench-ab.md',
      html: 'wasm-torch-bench-ab.html',
    });
    expect(JSON.parse(AB_FILE_REPORTERS.json.render(report))).toEqual(report);
    expect(AB_FILE_REPORTERS.json.render(report).endsWith('}\n')).toBe(true);
    expect(AB_FILE_REPORTERS.junit.render(report)).toBe(renderAbJunit(report));
    expect(AB_FILE_REPORTERS.markdown.render(report)).toBe(renderAbMarkdown(report));
    expect(AB_FILE_REPORTERS.html.render(report)).toBe(renderAbHtml(report));
  });

  it('renders the same bytes for the same report', () => {
    for (const reporter of Object.values(AB_FILE_REPORTERS)) expect(reporter.render(mixedReport())).toBe(reporter.render(mixedReport()));
    expect(renderAbTable(mixedReport(), PLAIN_STYLE)).toBe(renderAbTable(mixedReport(), PLAIN_STYLE));
  });
});
