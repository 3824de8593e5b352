/**
 * A small reader of the Prometheus text exposition format (0.0.4), enough to read back what the
 * exporters write and the Pushgateway serves, label-value escapes (\\ \" \n) included.
 */

export interface ExpositionSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  samples: ExpositionSample[];
  /** Metric family → its # TYPE. */
  types: Map<string, string>;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

export function parseExposition(text: string): Exposition {
  const exposition: Exposition = { samples: [], types: new Map() };
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) exposition.types.set(type[1] as string, type[2] as string);
    if (line.startsWith('#')) continue;
    exposition.samples.push(parseSample(line));
  }
  return exposition;
}

function parseSample(line: string): ExpositionSample {
  const name = NAME.exec(line)?.[0];
  if (!name) throw new Error(`no metric name in: ${line}`);
  let rest = line.slice(name.length);
  const labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    rest = rest.slice(1);
    while (!rest.startsWith('}')) {
      const labelName = LABEL_NAME.exec(rest)?.[0];
      if (!labelName || rest[labelName.length] !== '=' || rest[labelName.length + 1] !== '"') throw new Error(`bad label at "${rest}" in: ${line}`);
      const [value, consumed] = readQuoted(rest, labelName.length + 2, line);
      labels[labelName] = value;
      rest = rest.slice(consumed);
      if (rest.startsWith(',')) rest = rest.slice(1);
    }
    rest = rest.slice(1);
  }
  const [valueText] = rest.trim().split(/\s+/);
  const value = valueText === '+Inf' ? Infinity : valueText === '-Inf' ? -Infinity : Number(valueText);
  if (valueText === undefined || (Number.isNaN(value) && valueText !== 'NaN')) throw new Error(`bad value in: ${line}`);
  return { name, labels, value };
}

/** The unescaped value of the quoted string whose first character is at `start`, and where it ends. */
function readQuoted(text: string, start: number, line: string): [string, number] {
  let value = '';
  for (let index = start; index < text.length; index += 1) {
    const char = text[index];
    if (char === '"') return [value, index + 1];
    if (char === '\\') {
      const next = text[index + 1];
      if (next === 'n') value += '\n';
      else if (next === '\\' || next === '"') value += next;
      else throw new Error(`bad escape \\${next} in: ${line}`);
      index += 1;
    } else {
      value += char;
    }
  }
  throw new Error(`unterminated label value in: ${line}`);
}

/** The samples of `name` whose labels include all of `labels`. */
export function samplesOf(exposition: Exposition, name: string, labels: Record<string, string> = {}): ExpositionSample[] {
  return exposition.samples.filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
}

/** The one sample of `name` with these labels; throws when there is none or more than one. */
export function seriesValue(exposition: Exposition, name: string, labels: Record<string, string>): number {
  const found = samplesOf(exposition, name, labels);
  if (found.length !== 1) throw new Error(`${found.length} samples of ${name} with ${JSON.stringify(labels)}`);
  return (found[0] as ExpositionSample).value;
}
