/** Renders the file reporters the config asks for and writes each atomically into --out. */
import path from 'node:path';
import { baselineFromReport } from './baseline/from-report.js';
import { writeFileAtomic } from './io/atomic-write.js';
import type { RunReport } from './report/schema.js';
import { FILE_REPORTERS, renderContextFor, type FileReporter } from './reporters/registry.js';
import type { RunConfig } from './config/run-config-schema.js';

export async function writeReports(report: RunReport, config: Pick<RunConfig, 'reporters' | 'outDir'>): Promise<string[]> {
  const reporters = config.reporters.map((name) => FILE_REPORTERS[name]).filter((reporter): reporter is FileReporter => reporter !== undefined);
  const context = renderContextFor(config.reporters);
  const written: string[] = [];
  for (const reporter of reporters) {
    const filePath = path.join(config.outDir, reporter.fileName);
    await writeFileAtomic(filePath, await reporter.render(report, context));
    written.push(filePath);
  }
  return written;
}

/**
 * Writes the run's baseline (for a later --baseline or compare) atomically; returns the path. A
 * partial (interrupted) run writes none, so it cannot replace a whole run's baseline: null then.
 */
export async function writeBaseline(report: RunReport, filePath: string): Promise<string | null> {
  if (report.partial) return null;
  await writeFileAtomic(filePath, `${JSON.stringify(baselineFromReport(report))}\n`);
  return filePath;
}
