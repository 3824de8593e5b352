/**
 * AbReport → JUnit XML (Jenkins xUnit schema): one <testsuite> per runtime row, one <testcase>
 * per A/B check and one for parity. As for the run report: a failed error-level check is a
 * <failure>, an unsure one too under --inconclusive fail; level off is <skipped>; a failed
 * warn-level check passes with a note; a row that could not be measured is one <error>.
 */
import { formatConfidence, formatMs } from '../format.js';
import type { AbReport, AbRow } from '../report/ab-schema.js';
import { type AbCheck, changeText, checkSubject, gitText, rowName, sideSettingsText, toleranceText } from './ab-words.js';
import { escapeXmlText, xmlAttributes } from './xml.js';

type ParityCheck = NonNullable<AbRow['parityCheck']>;

/** What a check becomes in JUnit, decided once so the cases and the counts agree. */
type CaseResult = { kind: 'failure'; type: string; note: string } | { kind: 'skipped' } | { kind: 'passed'; note: string };

function caseResult(check: Pick<AbCheck | ParityCheck, 'id' | 'level' | 'verdict'>, report: AbReport): CaseResult {
  if (check.verdict === 'skipped') return { kind: 'skipped' };
  if (check.verdict === 'inconclusive') {
    const policy = report.settings.inconclusive;
    if (check.level === 'error' && policy === 'fail') return { kind: 'failure', type: `${check.id}.inconclusive`, note: 'UNSURE (--inconclusive fail)' };
    return { kind: 'passed', note: `UNSURE (does not fail the run: ${check.level === 'error' ? `--inconclusive ${policy}` : `level ${check.level}`})` };
  }
  if (check.verdict === 'fail' || check.verdict === 'error') {
    if (check.level === 'error') return { kind: 'failure', type: check.id, note: 'FAIL' };
    return { kind: 'passed', note: `WARN (level ${check.level}, does not fail the run)` };
  }
  return { kind: 'passed', note: 'PASS' };
}

function abDetail(check: AbCheck): string {
  const interval = check.interval ? ` at ${formatConfidence(check.interval.confidence)}, anytime-valid` : '';
  return [
    `expected: B/A < ${Number((1 + check.tolerance).toFixed(4))} (not slower beyond ${toleranceText(check.tolerance)}; "same" when the interval lies within [${(1 / (1 + check.tolerance)).toFixed(4)}, ${(1 + check.tolerance).toFixed(4)}])`,
    `actual:   B/A ${check.ratio === null ? 'not measured' : `${check.ratio.toFixed(4)}, ${changeText(check)}${interval}`} (${check.blocks} paired block${check.blocks === 1 ? '' : 's'})`,
    `outcome:  ${check.outcome}`,
    check.message,
  ].join('\n');
}

function testcase(name: string, classname: string, result: CaseResult, message: string, detail: string): string {
  const open = `    <testcase${xmlAttributes({ name, classname })}`;
  switch (result.kind) {
    case 'skipped':
      return `${open}>\n      <skipped${xmlAttributes({ message: `level off: ${message}` })}/>\n    </testcase>`;
    case 'failure':
      return `${open}>\n      <failure${xmlAttributes({ type: result.type, message })}>${escapeXmlText(`${result.note}\n${detail}`)}</failure>\n    </testcase>`;
    case 'passed':
      return `${open}>\n      <system-out>${escapeXmlText(`${result.note}\n${detail}`)}</system-out>\n    </testcase>`;
  }
}

function className(row: AbRow): string {
  return `ab/${row.runtime}`;
}

function suiteName(row: AbRow, report: AbReport): string {
  const { A, B } = row.sideThreads;
  const threads = A === B ? `${A} thread${A === 1 ? '' : 's'}` : `${A} vs ${B} threads`;
  return `A/B ${report.sides.B.spec} vs ${report.sides.A.spec} [${row.runtime}, ${threads}]`;
}

function ratioProperty(check: AbCheck): string {
  if (check.ratio === null) return 'not measured';
  const side = (value: number | null | undefined) => (value == null ? '—' : value.toFixed(4));
  return `${check.ratio.toFixed(4)} [${side(check.interval?.low)}, ${side(check.interval?.high)}] ${check.outcome}`;
}

function properties(row: AbRow, report: AbReport): Record<string, string> {
  const side = (name: 'A' | 'B') => {
    const { spec, model } = report.sides[name];
    const facts = row.sides?.[name];
    return {
      [`side.${name}.spec`]: spec,
      [`side.${name}.sha256`]: model.sha256 ?? '',
      [`side.${name}.git`]: gitText(report.sides[name]) ?? '',
      [`side.${name}.runtime.version`]: facts?.runtimeVersion ?? '',
      [`side.${name}.threads.used`]: String(facts?.threadsUsed ?? ''),
      [`side.${name}.settings`]: sideSettingsText(report.sides[name]) ?? '',
    };
  };
  return {
    runtime: row.runtime,
    threads: String(row.threads),
    ...side('A'),
    ...side('B'),
    confidence: String(report.settings.confidence),
    'max.time': formatMs(report.settings.maxTimeMs),
    ...Object.fromEntries(row.checks.map((check) => [`ratio.${check.id.replace(/^ab\./, '')}`, ratioProperty(check)])),
    ...(row.stopReason ? { 'stop.load': row.stopReason.load, 'stop.inference': row.stopReason.inference } : {}),
  };
}

interface Suite {
  cases: string[];
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function suiteCases(row: AbRow, report: AbReport): Suite {
  if (row.error) {
    const error = `    <testcase${xmlAttributes({ name: `ab ${rowName(row)}`, classname: className(row) })}>\n      <error${xmlAttributes({ type: row.error.code, message: row.error.message })}>${escapeXmlText(row.error.message)}</error>\n    </testcase>`;
    return { cases: [error], tests: 1, failures: 0, errors: 1, skipped: 0 };
  }
  const results: { result: CaseResult; xml: string }[] = row.checks.map((check) => {
    const result = caseResult(check, report);
    return { result, xml: testcase(checkSubject(check), className(row), result, check.message, abDetail(check)) };
  });
  if (row.parityCheck) {
    const check = row.parityCheck;
    const result = caseResult(check, report);
    results.push({
      result,
      xml: testcase(
        'ab parity of B with A',
        className(row),
        result,
        check.message,
        `expected: no output element of B beyond atol ${report.settings.atol} + rtol ${report.settings.rtol}·|A|\n${check.message}`,
      ),
    });
  }
  return {
    cases: results.map((entry) => entry.xml),
    tests: results.length,
    failures: results.filter((entry) => entry.result.kind === 'failure').length,
    errors: 0,
    skipped: results.filter((entry) => entry.result.kind === 'skipped').length,
  };
}

function testsuite(row: AbRow, suite: Suite, report: AbReport): string {
  const propertyLines = Object.entries(properties(row, report)).map(([name, value]) => `      <property${xmlAttributes({ name, value })}/>`);
  const warnings = row.warnings.length > 0 ? [`    <system-err>${escapeXmlText(row.warnings.join('\n'))}</system-err>`] : [];
  return [
    `  <testsuite${xmlAttributes({ name: suiteName(row, report), tests: suite.tests, failures: suite.failures, errors: suite.errors, skipped: suite.skipped, timestamp: report.startedAt.replace(/\.\d+Z$/, ''), package: 'wasm-torch-bench' })}>`,
    '    <properties>',
    ...propertyLines,
    '    </properties>',
    ...suite.cases,
    ...warnings,
    '  </testsuite>',
  ].join('\n');
}

export function renderAbJunit(report: AbReport): string {
  const suites = report.rows.map((row) => ({ row, suite: suiteCases(row, report) }));
  const totals = suites.reduce((sum, { suite }) => ({ tests: sum.tests + suite.tests, failures: sum.failures + suite.failures, errors: sum.errors + suite.errors }), {
    tests: 0,
    failures: 0,
    errors: 0,
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${xmlAttributes({ name: 'wasm-torch-bench ab', time: (report.durationMs / 1000).toFixed(3), ...totals })}>`,
    ...suites.map(({ row, suite }) => testsuite(row, suite, report)),
    '</testsuites>',
    '',
  ].join('\n');
}
