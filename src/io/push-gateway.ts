/**
 * Pushes a run's metrics (the Prometheus reporter's registry) to a Prometheus Pushgateway with
 * PUT: the push replaces everything its group (job + grouping labels) held, so rows a later run no
 * longer measures do not linger beside the new ones.
 */
import type { IncomingMessage } from 'node:http';
import { Pushgateway } from 'prom-client';
import { RuntimeFailure, describeError } from '../errors.js';
import { describeAnswer, maskedUrl, requireHttpUrl } from './http-endpoint.js';
import type { RunReport } from '../report/schema.js';
import { prometheusRegistry } from '../reporters/prometheus.js';
import type { PushGatewaySettings } from '../types.js';

/** Without an answer for this long (socket idle), the push is abandoned. */
export const PUSH_TIMEOUT_MS = 10_000;
const CHECK_GATEWAY = 'check --push-gateway (is a Pushgateway running there and reachable from this machine?)';

export async function pushToGateway(report: RunReport, { url, job, groupings }: PushGatewaySettings): Promise<void> {
  // The settings checked the job (not empty, no "/"); the URL is checked here too, for callers without settings.
  requireHttpUrl(url, 'Pushgateway URL', '--push-gateway http://localhost:9091');
  const registry = prometheusRegistry(report);
  const gateway = new Pushgateway(url, { timeout: PUSH_TIMEOUT_MS, headers: { 'Content-Type': registry.contentType } }, registry);
  let response: { resp?: unknown; body?: unknown };
  try {
    response = await gateway.push({ jobName: job, groupings: pathSafe(groupings) });
  } catch (error) {
    throw failure(url, error);
  }
  // prom-client resolves below 400; a redirect is not followed, so nothing was stored.
  const status = (response.resp as IncomingMessage | undefined)?.statusCode;
  if (status === undefined || status < 200 || status > 299) {
    throw new RuntimeFailure('EXPORT_FAILED', `${pushTo(url)}: ${answered(status, String(response.body ?? ''))}; ${CHECK_GATEWAY}`);
  }
}

/**
 * Grouping labels travel as URL path segments, which cannot hold a "/" (the gateway decodes %2F
 * before splitting) or be empty; such values go base64url-encoded as the gateway documents
 * (`/branch@base64/ZmVhdC94`, `/label@base64/=` for an empty value).
 */
function pathSafe(groupings: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(groupings).map(([label, value]) => (value === '' || value.includes('/') ? [`${label}@base64`, value === '' ? '=' : Buffer.from(value).toString('base64url')] : [label, value])),
  );
}

function pushTo(url: string): string {
  return `pushing metrics to the Pushgateway at ${maskedUrl(url)} failed`;
}

function failure(url: string, error: unknown): RuntimeFailure {
  const rejected = /^push failed with status (\d+), ([\s\S]*)$/.exec(describeError(error));
  if (rejected) {
    const status = Number(rejected[1]);
    const advice =
      status === 400
        ? 'the gateway refused the metrics (its answer says why, e.g. a --push-label that clashes with a label of the metrics, or metrics of another shape in this group); check --push-job and --push-label'
        : status === 404 || status === 405
          ? "check that --push-gateway is the Pushgateway's base URL, e.g. http://localhost:9091, not a Prometheus server or a /metrics path"
          : CHECK_GATEWAY;
    return new RuntimeFailure('EXPORT_FAILED', `${pushTo(url)}: ${answered(status, rejected[2] ?? '')}; ${advice}`, { cause: error });
  }
  return new RuntimeFailure('EXPORT_FAILED', `${pushTo(url)}: ${networkProblem(url, error)}; ${CHECK_GATEWAY}`, { cause: error });
}

function answered(status: number | undefined, body: string): string {
  return status === undefined ? 'the answer had no HTTP status' : describeAnswer(status, body);
}

function networkProblem(url: string, error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const { host, hostname } = new URL(url);
  if (code === 'ECONNREFUSED') return `connection refused (nothing listens at ${host})`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `host ${hostname} not found`;
  if (describeError(error) === 'Pushgateway request timed out') return `no answer within ${PUSH_TIMEOUT_MS / 1000} s`;
  return describeError(error);
}
