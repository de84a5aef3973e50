import { escapeHtml } from './html-escape.js';

/**
 * The shell every self-contained HTML page of Vigil shares (counterexample and run
 * reports, the suite index, compare): one file, its style inline, no external loads.
 * `title` is plain text; `body` is HTML already escaped by the caller.
 */
export function htmlPage(title: string, style: string, body: readonly string[]): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
