/**
 * After the report files: the run's results go where the config sends them besides files: the
 * GitHub step summary and annotations, a Prometheus Pushgateway, an OTLP collector. Each target
 * fails on its own (the others still get the results) and its failure is returned, not thrown.
 */
import { WtbError } from './errors.js';
import { annotationsFor, appendStepSummary } from './io/github-actions.js';
import type { RunReport } from './report/schema.js';
import { renderContextFor } from './reporters/registry.js';
import type { RunConfig } from './config/run-config-schema.js';

export interface Publication {
  /** Workflow commands for GitHub Actions (empty elsewhere). */
  annotations: string[];
  /** Where results went: the step summary file, the gateway, the collector. */
  destinations: string[];
  failures: WtbError[];
}

export async function publishRun(report: RunReport, config: Pick<RunConfig, 'reporters' | 'pushGateway' | 'otlp'>, env: Readonly<Record<string, string | undefined>>): Promise<Publication> {
  const publication: Publication = { annotations: annotationsFor(report, env), destinations: [], failures: [] };
  const attempt = async (destination: string, send: () => Promise<unknown>) => {
    try {
      await send();
      publication.destinations.push(destination);
    } catch (error) {
      if (!(error instanceof WtbError)) throw error;
      publication.failures.push(error);
    }
  };
  if (env.GITHUB_STEP_SUMMARY) await attempt(`step summary ${env.GITHUB_STEP_SUMMARY}`, () => appendStepSummary(report, renderContextFor(config.reporters), env));
  // An incomplete (interrupted) run must not replace a pushed group or series as if it were whole.
  const gateway = report.partial ? null : config.pushGateway;
  // prom-client and the OpenTelemetry SDK load only when a run exports: start-up stays fast.
  if (gateway) await attempt(`Pushgateway ${gateway.url} (job ${gateway.job})`, async () => (await import('./io/push-gateway.js')).pushToGateway(report, gateway));
  const otlp = report.partial ? null : config.otlp;
  if (otlp) await attempt(`OTLP ${otlp.endpoint}`, async () => (await import('./io/otlp-export.js')).exportOtlp(report, otlp));
  return publication;
}
