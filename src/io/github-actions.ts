/**
 * GitHub Actions: the Markdown summary appended to $GITHUB_STEP_SUMMARY (within its 1 MiB limit,
 * counting what earlier commands of the step wrote), and annotations for failed checks.
 */
import { appendFile, stat } from 'node:fs/promises';
import { RuntimeFailure } from '../errors.js';
import type { RunReport } from '../report/schema.js';
import { renderAnnotations } from '../reporters/github-annotations.js';
import { renderMarkdown } from '../reporters/markdown.js';
import type { RenderContext } from '../reporters/render-context.js';

export const STEP_SUMMARY_LIMIT_BYTES = 1024 * 1024;

type Env = Readonly<Record<string, string | undefined>>;

function runUrl(env: Env): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env;
  return server && repository && runId ? `${server}/${repository}/actions/runs/${runId}` : undefined;
}

async function sizeOf(filePath: string): Promise<number> {
  try {
    return (await stat(filePath)).size;
  } catch {
    return 0;
  }
}

/** Appends the summary when GITHUB_STEP_SUMMARY is set; returns the file written, or null. */
export async function appendStepSummary(report: RunReport, context: RenderContext, env: Env): Promise<string | null> {
  const filePath = env.GITHUB_STEP_SUMMARY;
  if (!filePath) return null;
  const budgetBytes = STEP_SUMMARY_LIMIT_BYTES - (await sizeOf(filePath));
  const markdown = renderMarkdown(report, context, { maxBytes: Math.max(0, budgetBytes - 1), reportsUrl: runUrl(env) });
  try {
    await appendFile(filePath, `${markdown}\n`);
  } catch (error) {
    throw new RuntimeFailure('EXPORT_FAILED', `cannot append the summary to GITHUB_STEP_SUMMARY (${filePath}): ${(error as Error).message}; unset GITHUB_STEP_SUMMARY outside GitHub Actions`);
  }
  return filePath;
}

/** Workflow-command lines for failed checks, when running under GitHub Actions. */
export function annotationsFor(report: RunReport, env: Env): string[] {
  return env.GITHUB_ACTIONS === 'true' ? renderAnnotations(report) : [];
}
