/** Real run reports kept as fixtures (sample arrays trimmed), for reporters' tests. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RunReport, TrialResult } from '../../src/report/schema.js';
import { REPO_ROOT } from './fixtures.js';

/** 3 models × node-wasm/chrome-wasm with a baseline; silero fails inference.p99 < 150 µs. */
export function sampleRunReport(): RunReport {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, 'fixtures/reports/metrics-export-sample.json'), 'utf8')) as RunReport;
}

/** A model name with everything that breaks naive output: markup, quotes, separators, ANSI, control characters. */
export const HOSTILE_NAME = 'evil <b>&amp;</b> "q" \'s\' | pipe * _x_ `code` [l](u) \u001b[31mred\u001b[0m \u0007bell\nline2 %0A:, =cmd';

export function withName(result: TrialResult, name: string): TrialResult {
  return { ...result, model: { ...result.model, name, path: `models/${name}` } };
}
