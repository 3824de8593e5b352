/** Terminal escapes and control characters, which no report should pass on. Pure. */

// ANSI/VT escape sequences (CSI ... final byte, and OSC ... BEL/ST): dropped whole, not just their ESC.
export const ANSI_SEQUENCE = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;
// C0 and C1 controls but tab, line feed and carriage return, which each format treats its own way.
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

export function stripControls(text: string): string {
  return text.replace(ANSI_SEQUENCE, '').replace(CONTROL_CHARS, '');
}
