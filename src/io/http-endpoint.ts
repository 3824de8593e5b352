/**
 * What the metrics exports (Pushgateway, OTLP) and their settings share about an HTTP endpoint:
 * accepting only http(s) URLs, showing a URL without its password, and describing an answer.
 */
import { STATUS_CODES } from 'node:http';
import { UsageError } from '../errors.js';

const BODY_EXCERPT_CHARS = 300;

/** The URL, or a UsageError: `<what> "<text>" is not an http:// or https:// URL; pass e.g. <sample>`. */
export function requireHttpUrl(text: string, what: string, sample: string): URL {
  let url: URL | null = null;
  try {
    url = new URL(text);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UsageError(`${what} "${text}" is not an http:// or https:// URL; pass e.g. ${sample}`);
  }
  return url;
}

/** The URL as messages show it, with a password in it (basic auth) masked. */
export function maskedUrl(url: string): string {
  const parsed = new URL(url);
  if (!parsed.password) return url;
  parsed.password = '***';
  return parsed.toString();
}

/** "it answered 500 Internal Server Error: "<start of the body>"" (or "… with an empty body"). */
export function describeAnswer(status: number, body: string): string {
  const reason = STATUS_CODES[status];
  const text = body.replace(/\s+/g, ' ').trim();
  const excerpt = text.length > BODY_EXCERPT_CHARS ? `${text.slice(0, BODY_EXCERPT_CHARS)}…` : text;
  return `it answered ${status}${reason ? ` ${reason}` : ''}${excerpt ? `: "${excerpt}"` : ' with an empty body'}`;
}
