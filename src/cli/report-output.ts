/** What `run`, `compare` and `merge` print once a report exists, and the exit code they end with. */
import type { RunReport } from '../report/schema.js';
import type { RunConfig } from '../config/run-config-schema.js';
import { type Publication, publishRun } from '../publish-run.js';
import { writeReports } from '../write-reports.js';
import { EXIT_OK, EXIT_RUNTIME } from '../errors.js';
import { renderJson } from '../reporters/json.js';
import { renderTable } from '../reporters/table.js';
import { terminalText } from '../reporters/control-chars.js';
import type { CliIo, TextOutput } from './cli-io.js';
import { colorEnabled, terminalStyle } from './style.js';

/**
 * Annotations and export failures on stderr (stdout may carry --json). A run that passed but could
 * not deliver its results where asked exits 3: a green gate must not hide a silent export.
 */
export function published(report: RunReport, publication: Publication | null, quiet: boolean, stderr: TextOutput): number {
  if (!publication) return report.exitCode;
  for (const line of publication.annotations) stderr.write(`${line}\n`);
  if (!quiet && publication.destinations.length > 0) stderr.write(`sent: ${publication.destinations.join(', ')}\n`);
  for (const failure of publication.failures) stderr.write(`wasm-torch-bench: ${terminalText(failure.message)}\n`);
  return publication.failures.length > 0 && report.exitCode === EXIT_OK ? EXIT_RUNTIME : report.exitCode;
}

/** The JSON on stdout when asked, and the table with the files written (on stderr under --json). */
export function emit(report: RunReport, config: Pick<RunConfig, 'jsonToStdout' | 'quiet' | 'reporters'>, written: readonly string[], io: Pick<CliIo, 'stdout' | 'stderr' | 'env'>): void {
  if (config.jsonToStdout) io.stdout.write(renderJson(report));
  if (!config.quiet && config.reporters.includes('table')) {
    const stream = config.jsonToStdout ? io.stderr : io.stdout;
    stream.write(renderTable(report, terminalStyle(colorEnabled(stream, io.env))));
    if (written.length > 0) stream.write(`reports: ${written.join(', ')}\n`);
  }
}

/**
 * compare and merge: the report written and printed; only the GitHub step summary and annotations
 * are published (metrics are exported by the runs that measured them).
 */
export async function outputStoredReport(report: RunReport, config: Pick<RunConfig, 'jsonToStdout' | 'quiet' | 'reporters' | 'outDir'>, io: CliIo): Promise<number> {
  emit(report, config, await writeReports(report, config), io);
  return published(report, await publishRun(report, { ...config, pushGateway: null, otlp: null }, io.env), config.quiet, io.stderr);
}
