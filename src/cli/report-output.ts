/** What `run`, `compare` and `merge` print once a report exists, and the exit code they end with. */
import type { RunReport } from '../report/schema.js';
import type { RunConfig } from '../config/run-config-schema.js';
import type { Publication } from '../publish-run.js';
import { EXIT_OK, EXIT_RUNTIME } from '../errors.js';
import { renderJson } from '../reporters/json.js';
import { renderTable } from '../reporters/table.js';
import { terminalText } from '../reporters/control-chars.js';
import { colorEnabled, terminalStyle } from './style.js';

/**
 * Annotations and export failures on stderr (stdout may carry --json). A run that passed but could
 * not deliver its results where asked exits 3: a green gate must not hide a silent export.
 */
export function published(report: RunReport, publication: Publication, quiet: boolean): number {
  for (const line of publication.annotations) process.stderr.write(`${line}\n`);
  if (!quiet && publication.destinations.length > 0) process.stderr.write(`sent: ${publication.destinations.join(', ')}\n`);
  for (const failure of publication.failures) process.stderr.write(`wasm-torch-bench: ${terminalText(failure.message)}\n`);
  return publication.failures.length > 0 && report.exitCode === EXIT_OK ? EXIT_RUNTIME : report.exitCode;
}

/** The JSON on stdout when asked, and the table with the files written (on stderr under --json). */
export function emit(report: RunReport, config: Pick<RunConfig, 'jsonToStdout' | 'quiet' | 'reporters'>, written: readonly string[]): void {
  if (config.jsonToStdout) process.stdout.write(renderJson(report));
  if (!config.quiet && config.reporters.includes('table')) {
    const stream = config.jsonToStdout ? process.stderr : process.stdout;
    stream.write(renderTable(report, terminalStyle(colorEnabled(stream, process.env))));
    if (written.length > 0) stream.write(`reports: ${written.join(', ')}\n`);
  }
}
