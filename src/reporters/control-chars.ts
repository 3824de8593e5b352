/** Terminal escapes and control characters, which no report should pass on. Pure. */

// ANSI/VT escape sequences (CSI ... final byte, and OSC ... BEL/ST): dropped whole, not just their ESC.
export const ANSI_SEQUENCE = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;
// C0 and C1 controls but tab, line feed and carriage return, which each format treats its own way.
export const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

// Bidirectional embeddings, overrides and isolates: they make text display in another order than it reads.
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

export function stripControls(text: string): string {
  return text.replace(ANSI_SEQUENCE, '').replace(CONTROL_CHARS, '').replace(BIDI_CONTROLS, '');
}

/**
 * Text from outside (model names, paths, runtime messages) made safe to print on a terminal: escapes
 * and controls dropped, tabs and carriage returns (which would overwrite the line) as spaces; line
 * feeds kept.
 */
export function terminalText(text: string): string {
  return stripControls(text).replace(/[\t\r]/g, ' ');
}

/** terminalText over every string in a value (a report), for renderers that add their own styling escapes. */
export function terminalSafe<T>(value: T): T {
  if (typeof value === 'string') return terminalText(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => terminalSafe(item)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, terminalSafe(item)])) as T;
  }
  return value;
}
