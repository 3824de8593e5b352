/**
 * Where a run's metrics go besides the report files: a Prometheus Pushgateway (--push-gateway,
 * --push-job, --push-label) and an OTLP/HTTP endpoint (--otlp-endpoint, --otlp-header).
 */
import { UsageError } from '../errors.js';
import { SERIES_LABELS } from '../monitoring/exported-metrics.js';
import type { OtlpSettings, PushGatewaySettings } from '../types.js';
import { example } from './flag-syntax.js';
import type { MergedSettings } from './merged-settings.js';
import { DEFAULT_PUSH_JOB } from './run-defaults.js';

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
// The series carry these already (a grouping label of the same name would make the gateway refuse
// the push), and `instance` is what tells a scraped service from a pushed run in the alert rules.
const RESERVED_LABELS: readonly string[] = [...SERIES_LABELS, 'job', 'instance', 'le', 'check', 'level', 'verdict'];

export function pushGatewaySettings(merged: MergedSettings, defaultJob: string): PushGatewaySettings | null {
  const jobLabel = merged.label('pushJob');
  const labelLabel = merged.label('pushLabel');
  const url = merged.given('pushGateway');
  if (url === undefined) {
    if (merged.isSet('pushJob') || merged.isSet('pushLabel')) {
      const given = merged.isSet('pushJob') ? 'pushJob' : 'pushLabel';
      throw new UsageError(`${merged.label(given)} needs a gateway to push to; add ${example(merged.partnerLabel(given, 'pushGateway'), 'http://localhost:9091')}`);
    }
    return null;
  }
  const job = (merged.given('pushJob') ?? defaultJob).trim();
  if (job === '') throw new UsageError(`${jobLabel} is empty; name the job, e.g. ${example(jobLabel, DEFAULT_PUSH_JOB)}`);
  // The job travels as a path segment of the push URL as it is (prom-client has no base64 form for it).
  if (job.includes('/'))
    throw new UsageError(`${jobLabel} "${job}" contains "/", which the gateway would read as a path separator; name the job without it, e.g. ${example(jobLabel, DEFAULT_PUSH_JOB)}`);
  const groupings: Record<string, string> = {};
  for (const [label, value] of merged.value('pushLabel')) {
    if (!LABEL_NAME.test(label))
      throw new UsageError(`${labelLabel} "${label}" is not a Prometheus label name (letters, digits and _, not starting with a digit); e.g. ${example(labelLabel, 'branch=main')}`);
    if (RESERVED_LABELS.includes(label))
      throw new UsageError(`${labelLabel} "${label}": the metrics carry that label already; choose another name, such as ci_${label}${label === 'job' ? `, or set the job with ${jobLabel}` : ''}`);
    groupings[label] = value;
  }
  return { url, job, groupings };
}

export function otlpSettings(merged: MergedSettings): OtlpSettings | null {
  const endpoint = merged.given('otlpEndpoint');
  if (endpoint === undefined) {
    if (merged.isSet('otlpHeader')) throw new UsageError(`${merged.label('otlpHeader')} needs an endpoint; add ${example(merged.partnerLabel('otlpHeader', 'otlpEndpoint'), 'http://localhost:4318')}`);
    return null;
  }
  return { endpoint, headers: Object.fromEntries(merged.value('otlpHeader')) };
}
