/**
 * Reads what a comparison is made against: a baseline file, or a run report (wasm-torch-bench.json,
 * turned into a baseline on the fly). Anything else, or a missing file, is BASELINE_INVALID (exit 2).
 */
import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { REPORT_SCHEMA_VERSION, runReportSchema, type RunReport } from '../report/schema.js';
import { BASELINE_KIND, baselineSchema, type Baseline } from './document.js';
import { baselineFromReport } from './from-report.js';
import { loadSamples } from './sample-store.js';

type Role = 'baseline' | 'report';

function invalid(file: string, why: string, role: Role = 'baseline'): InputError {
  return new InputError('BASELINE_INVALID', `${role} ${file}: ${why}`);
}

function firstIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  return `${issue?.path.map(String).join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`;
}

async function readJson(file: string, missingHint: string, role: Role): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw invalid(file, code === 'ENOENT' ? `no such file; ${missingHint}` : `cannot be read (${code ?? String(error)})`, role);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw invalid(file, `is not valid JSON (${(error as Error).message}); the file is corrupt or truncated: write it again`, role);
  }
}

function isBaseline(data: unknown): boolean {
  return (data as { kind?: unknown } | null)?.kind === BASELINE_KIND;
}

function isRunReport(data: unknown): boolean {
  const candidate = data as { tool?: { name?: unknown }; schemaVersion?: unknown } | null;
  return !isBaseline(data) && candidate?.tool?.name === 'wasm-torch-bench' && candidate.schemaVersion !== undefined;
}

function parseRunReport(file: string, data: unknown, role: Role): RunReport {
  const version = (data as { schemaVersion?: unknown }).schemaVersion;
  if (version !== REPORT_SCHEMA_VERSION) {
    throw invalid(file, `is a run report of schema version ${JSON.stringify(version)}; this version reads ${REPORT_SCHEMA_VERSION}: run the benchmark again to get a new one`, role);
  }
  const parsed = runReportSchema.safeParse(data);
  if (!parsed.success) throw invalid(file, `is not a valid run report at ${firstIssue(parsed.error)}`, role);
  return parsed.data;
}

/** Every entry's samples decode to what the entry says, so a damaged file fails now, not after measuring. */
function checkSamplesDecode(file: string, baseline: Baseline): void {
  for (const [index, entry] of baseline.entries.entries()) {
    for (const metric of ['load', 'inference'] as const) {
      try {
        const count = loadSamples(entry[metric]).length;
        if (count !== entry[metric].n) throw new Error(`it holds ${count} samples where n is ${entry[metric].n}`);
      } catch (error) {
        throw invalid(file, `entries.${index}.${metric} (${entry.model.name} on ${entry.runtime}) cannot be read: ${(error as Error).message}; save the baseline again`);
      }
    }
  }
}

/** A run report (wasm-torch-bench.json) for `compare`. */
export async function readRunReport(file: string): Promise<RunReport> {
  const data = await readJson(file, 'pass the wasm-torch-bench.json a run wrote into --out', 'report');
  if (!isRunReport(data)) throw invalid(file, 'is not a wasm-torch-bench run report; pass the wasm-torch-bench.json a run wrote into --out', 'report');
  return parseRunReport(file, data, 'report');
}

export async function readBaseline(file: string): Promise<Baseline> {
  const data = await readJson(
    file,
    `save one first with --save-baseline ${file} ("saveBaseline" in a config file), or fix the path given to --baseline ("baseline" in a config file, relative to it)`,
    'baseline',
  );
  if (isBaseline(data)) {
    const parsed = baselineSchema.safeParse(data);
    if (!parsed.success) throw invalid(file, `is not a valid baseline at ${firstIssue(parsed.error)}; save it again with --save-baseline`);
    checkSamplesDecode(file, parsed.data);
    return parsed.data;
  }
  if (isRunReport(data)) return baselineFromReport(parseRunReport(file, data, 'baseline'), Number.POSITIVE_INFINITY);
  throw invalid(file, `is neither a wasm-torch-bench baseline (kind "${BASELINE_KIND}") nor a run report; pass a file written by --save-baseline or a wasm-torch-bench.json`);
}
