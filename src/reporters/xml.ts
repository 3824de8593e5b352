/** XML 1.0 text and attribute escaping. Pure. */
import { ANSI_SEQUENCE, CONTROL_CHARS } from './control-chars.js';

// Everything outside XML 1.0's Char production, including lone surrogates.
const ILLEGAL_XML_CHARS = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/** Also drops the C1 controls XML 1.0 allows but discourages: a terminal showing the file would act on them. */
export function stripIllegalXmlChars(text: string): string {
  return text.replace(ANSI_SEQUENCE, '').replace(ILLEGAL_XML_CHARS, '').replace(CONTROL_CHARS, '');
}

export function escapeXmlText(text: string): string {
  return stripIllegalXmlChars(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

export function xmlAttributes(attributes: Record<string, string | number | undefined>): string {
  return Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXmlAttribute(String(value))}"`)
    .join('');
}
