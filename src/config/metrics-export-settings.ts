/**
 * Where a run's metrics go besides the report files: a Prometheus Pushgateway (--push-gateway,
 * --push-job, --push-label) and an OTLP/HTTP endpoint (--otlp-endpoint, --otlp-header).
 */
import { UsageError } from '../errors.js';
import { requireHttpUrl } from '../io/http-endpoint.js';
import { SERIES_LABELS } from '../monitoring/exported-metrics.js';
import type { OtlpSettings, PushGatewaySettings } from '../types.js';
import { example, parseAssignments } from './flag-syntax.js';
import { DEFAULT_PUSH_JOB } from './run-defaults.js';

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
// The series carry these already (a grouping label of the same name would make the gateway refuse
// the push), and `instance` is what tells a scraped service from a pushed run in the alert rules.
const RESERVED_LABELS: readonly string[] = [...SERIES_LABELS, 'job', 'instance', 'le', 'check', 'level', 'verdict'];

function parseHttpUrl(flag: string, text: string, sample: string): string {
  requireHttpUrl(text, flag, example(flag, sample));
  return text;
}

export interface RawExportOptions {
  pushGateway?: string;
  pushJob?: string;
  pushLabel?: string[];
  otlpEndpoint?: string;
  otlpHeader?: string[];
}

type Name = (key: keyof RawExportOptions, flag: string) => string;

/** The setting a missing partner is asked for, in the same layer: "--push-gateway", WTB_PUSH_GATEWAY, or the file key. */
function partner(label: string, fileKey: string, flag: string): string {
  const inFile = / in (.+)$/.exec(label);
  if (inFile) return `${fileKey} in ${inFile[1]}`;
  if (label.startsWith('WTB_')) return `WTB_${flag.slice(2).replaceAll('-', '_').toUpperCase()}`;
  return flag;
}

export function resolvePushGateway(raw: RawExportOptions, name: Name): PushGatewaySettings | null {
  const jobFlag = name('pushJob', '--push-job');
  const labelFlag = name('pushLabel', '--push-label');
  if (raw.pushGateway === undefined) {
    if (raw.pushJob !== undefined || (raw.pushLabel ?? []).length > 0) {
      const given = raw.pushJob !== undefined ? jobFlag : labelFlag;
      throw new UsageError(`${given} needs a gateway to push to; add ${example(partner(given, 'pushGateway', '--push-gateway'), 'http://localhost:9091')}`);
    }
    return null;
  }
  const url = parseHttpUrl(name('pushGateway', '--push-gateway'), raw.pushGateway, 'http://localhost:9091');
  const job = (raw.pushJob ?? DEFAULT_PUSH_JOB).trim();
  if (job === '') throw new UsageError(`${jobFlag} is empty; name the job, e.g. ${example(jobFlag, DEFAULT_PUSH_JOB)}`);
  // The job travels as a path segment of the push URL as it is (prom-client has no base64 form for it).
  if (job.includes('/'))
    throw new UsageError(`${jobFlag} "${job}" contains "/", which the gateway would read as a path separator; name the job without it, e.g. ${example(jobFlag, DEFAULT_PUSH_JOB)}`);
  const groupings: Record<string, string> = {};
  for (const [label, value] of parseAssignments(labelFlag, raw.pushLabel ?? [], 'branch=main', 'label')) {
    if (!LABEL_NAME.test(label))
      throw new UsageError(`${labelFlag} "${label}" is not a Prometheus label name (letters, digits and _, not starting with a digit); e.g. ${example(labelFlag, 'branch=main')}`);
    if (RESERVED_LABELS.includes(label))
      throw new UsageError(`${labelFlag} "${label}": the metrics carry that label already; choose another name, such as ci_${label}${label === 'job' ? `, or set the job with ${jobFlag}` : ''}`);
    groupings[label] = value;
  }
  return { url, job, groupings };
}

export function resolveOtlp(raw: RawExportOptions, name: Name): OtlpSettings | null {
  const headerFlag = name('otlpHeader', '--otlp-header');
  if (raw.otlpEndpoint === undefined) {
    if ((raw.otlpHeader ?? []).length > 0) throw new UsageError(`${headerFlag} needs an endpoint; add ${example(partner(headerFlag, 'otlpEndpoint', '--otlp-endpoint'), 'http://localhost:4318')}`);
    return null;
  }
  const endpoint = parseHttpUrl(name('otlpEndpoint', '--otlp-endpoint'), raw.otlpEndpoint, 'http://localhost:4318');
  return { endpoint, headers: Object.fromEntries(parseAssignments(headerFlag, raw.otlpHeader ?? [], 'authorization=Bearer <token>', 'header')) };
}
