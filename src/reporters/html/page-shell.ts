/** The page around every HTML report: self-contained, no network at view time, one stylesheet. */
import { escapeXmlText as esc, xmlAttributes } from '../xml.js';
import { STYLESHEET } from './styles.js';

export interface PageShell {
  title: string;
  generator: string;
  extraStyles?: string;
  /** The page's sections, already markup; empty ones are left out. */
  body: readonly string[];
}

export function renderPage(page: PageShell): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // No network at view time, whatever a model name might hold.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<meta${xmlAttributes({ name: 'generator', content: page.generator })}>`,
    `<title>${esc(page.title)}</title>`,
    `<style>${STYLESHEET}${page.extraStyles ?? ''}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...page.body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ]
    .filter(Boolean)
    .join('\n');
}
