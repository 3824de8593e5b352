/**
 * RunReport → JUnit XML (Jenkins xUnit schema): one <testsuite> per model × runtime, one
 * <testcase> per check. Failed error-level checks are <failure>; an unmeasurable trial gives
 * <error>; level off (or memory.retained without cycles) gives <skipped>; a failed warn-level check
 * passes with a note in <system-out>.
 */
import { formatConfidence, formatIntervalSide, formatQuantity } from '../format.js';
import type { CheckRecord, RunReport, TrialResult } from '../report/schema.js';
import { checkName } from '../check-name.js';
import { escapeXmlText, xmlAttributes } from './xml.js';
import { rowLabel } from '../report/row-label.js';
import { codeCacheVerdict } from './load-temperature.js';
import { rowPackage, type RuntimePackageFact } from './runtime-package-text.js';

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function suiteName(result: TrialResult): string {
  return `${rowLabel(result)} [${result.runtime}, ${result.threads.requested} thread${result.threads.requested === 1 ? '' : 's'}]`;
}

function className(result: TrialResult): string {
  return `${rowLabel(result)}/${result.runtime}`;
}

function expectedVsActual(check: CheckRecord): string {
  const actual = check.actual === null ? 'not measured' : formatQuantity(check.unit, check.actual);
  const interval = check.interval
    ? `\ninterval: [${formatIntervalSide(check.unit, check.interval.low)}, ${formatIntervalSide(check.unit, check.interval.high)}] at ${formatConfidence(check.interval.confidence)} (${check.method}${check.looks ? `, anytime-valid over ${check.looks} look${check.looks === 1 ? '' : 's'}` : ''})`
    : '';
  return `expected: ${check.id} ${check.operator} ${formatQuantity(check.unit, check.threshold)}\nactual:   ${actual} (n=${check.n})${interval}\n${check.message}`;
}

function testcase(result: TrialResult, check: CheckRecord, report: RunReport): string {
  const open = `    <testcase${xmlAttributes({ name: checkName(check), classname: className(result) })}`;
  if (result.status === 'skipped') {
    return `${open}>\n      <skipped${xmlAttributes({ message: result.skipReason ?? 'skipped' })}/>\n    </testcase>`;
  }
  if (check.verdict === 'skipped') {
    return `${open}>\n      <skipped${xmlAttributes({ message: check.level === 'off' ? `level off: ${check.message}` : check.message })}/>\n    </testcase>`;
  }
  if (result.status === 'error' && result.error) {
    return `${open}>\n      <error${xmlAttributes({ type: result.error.code, message: result.error.message })}>${escapeXmlText(result.error.message)}</error>\n    </testcase>`;
  }
  if (check.verdict === 'inconclusive') {
    const policy = report.settings.inconclusive;
    if (check.level === 'error' && policy === 'fail') {
      return `${open}>\n      <failure${xmlAttributes({ type: `kpi.${check.id}.inconclusive`, message: check.message })}>${escapeXmlText(`INCONCLUSIVE (--inconclusive fail)\n${expectedVsActual(check)}`)}</failure>\n    </testcase>`;
    }
    return `${open}>\n      <system-out>${escapeXmlText(`INCONCLUSIVE (does not fail the run: ${check.level === 'error' ? `--inconclusive ${policy}` : `level ${check.level}`})\n${expectedVsActual(check)}`)}</system-out>\n    </testcase>`;
  }
  if (check.verdict === 'fail' || check.verdict === 'error') {
    if (check.level === 'warn') {
      return `${open}>\n      <system-out>${escapeXmlText(`WARN (level warn, does not fail the run)\n${expectedVsActual(check)}`)}</system-out>\n    </testcase>`;
    }
    const tag = check.verdict === 'fail' ? 'failure' : 'error';
    return `${open}>\n      <${tag}${xmlAttributes({ type: `kpi.${check.id}`, message: check.message })}>${escapeXmlText(expectedVsActual(check))}</${tag}>\n    </testcase>`;
  }
  return `${open}/>`;
}

function countCases(result: TrialResult, report: RunReport) {
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  for (const check of result.checks) {
    if (check.verdict === 'skipped') skipped++;
    else if (result.status === 'error') errors++;
    else if (check.level === 'error' && check.verdict === 'fail') failures++;
    else if (check.level === 'error' && check.verdict === 'inconclusive' && report.settings.inconclusive === 'fail') failures++;
    else if (check.level === 'error' && check.verdict === 'error') errors++;
  }
  return { tests: result.checks.length, failures, errors, skipped };
}

/** "2.061 [1.912, 2.305]": a ratio to the reference with its interval ("—" for an unbounded side). */
function ratioText(ratio: { ratio: number; low: number | null; high: number | null } | null, singleValued = false): string {
  if (!ratio) return '';
  const side = (value: number | null) => (value === null ? '—' : value.toPrecision(4));
  return singleValued ? ratio.ratio.toPrecision(4) : `${ratio.ratio.toPrecision(4)} [${side(ratio.low)}, ${side(ratio.high)}]`;
}

function comparisonProperties(comparison: TrialResult['comparison']): Record<string, string> {
  if (!comparison) return {};
  return {
    'ratio.reference': `${comparison.reference.runtime} ×${comparison.reference.threads}`,
    'ratio.load.p95': ratioText(comparison.loadP95),
    'ratio.inference.p50': ratioText(comparison.inferenceP50),
    'ratio.inference.p99': ratioText(comparison.inferenceP99),
    'ratio.memory.peak': ratioText(comparison.memoryPeak, true),
  };
}

/** The onnxruntime package the row ran and where it came from (project, setting, bundled). */
function packageProperties(fact: RuntimePackageFact | null): Record<string, string> {
  return fact ? { 'runtime.package.version': fact.version, 'runtime.package.source': fact.source, 'runtime.package.path': fact.path } : {};
}

function testsuite(result: TrialResult, report: RunReport): string {
  const counts = countCases(result, report);
  const properties = {
    'model.path': result.model.path,
    'model.sha256': result.model.sha256 ?? '',
    'model.bytes': String(result.model.bytes ?? ''),
    runtime: result.runtime,
    'runtime.version': result.runtimeVersion ?? '',
    ...packageProperties(rowPackage(result, report.environment)),
    'threads.requested': String(result.threads.requested),
    'threads.used': String(result.threads.used ?? ''),
    ...comparisonProperties(result.comparison),
    ...(result.warmLoad ? { 'warm-load.code-cache': codeCacheVerdict(result) ?? '' } : {}),
  };
  const propertyLines = Object.entries(properties).map(([name, value]) => `      <property${xmlAttributes({ name, value })}/>`);
  const cases = result.checks.map((check) => testcase(result, check, report));
  const warnings = result.warnings.length > 0 ? [`    <system-err>${escapeXmlText(result.warnings.join('\n'))}</system-err>`] : [];
  return [
    `  <testsuite${xmlAttributes({ name: suiteName(result), tests: counts.tests, failures: counts.failures, errors: counts.errors, skipped: counts.skipped, timestamp: report.startedAt.replace(/\.\d+Z$/, ''), package: 'wasm-torch-bench' })}>`,
    '    <properties>',
    ...propertyLines,
    '    </properties>',
    ...cases,
    ...warnings,
    '  </testsuite>',
  ].join('\n');
}

export function renderJunit(report: RunReport): string {
  const totals = report.results
    .map((result) => countCases(result, report))
    .reduce((sum, counts) => ({ tests: sum.tests + counts.tests, failures: sum.failures + counts.failures, errors: sum.errors + counts.errors }), { tests: 0, failures: 0, errors: 0 });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${xmlAttributes({ name: 'wasm-torch-bench', time: seconds(report.durationMs), ...totals })}>`,
    ...report.results.map((result) => testsuite(result, report)),
    '</testsuites>',
    '',
  ].join('\n');
}
