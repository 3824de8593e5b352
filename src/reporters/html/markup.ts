/** Small HTML fragments the page's sections share. Every piece of text passes through the XML escapes. */
import { escapeXmlText as esc } from '../xml.js';
import type { Label } from './verdict-labels.js';

export function badge(label: Label, extraClass = ''): string {
  return `<span class="badge ${label.className}${extraClass ? ` ${extraClass}` : ''}">${label.text}</span>`;
}

/** A plot with its caption: a title, and a note in muted text. */
export function figure(caption: string, note: string, svg: string): string {
  return `<figure><figcaption>${esc(caption)}${note ? ` <span class="muted">${esc(note)}</span>` : ''}</figcaption>\n${svg}\n</figure>`;
}
