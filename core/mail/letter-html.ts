import type { Locale } from '../domain.js';
import { escapeHtml } from './escape-html.js';

/** A finished piece of a letter, already translated, not yet escaped. */
export type LetterBlock =
  | { type: 'paragraph'; text: string }
  | { type: 'code'; code: string }
  | { type: 'link'; href: string; label: string };

export type LetterFrame = {
  locale: Locale;
  subject: string;
  brand: string;
  greeting: string;
  signature: string;
  automatic: string;
};

// Mail clients ignore <style> blocks and external CSS unevenly, so every rule is inline and the
// layout is tables; one sober brand colour for the header, the code and the button.
const BRAND = '#1f3a5f';
const FONT = 'font-family:Arial,Helvetica,sans-serif;';

function blockHtml(block: LetterBlock): string {
  switch (block.type) {
    case 'paragraph':
      return `<p style="margin:0 0 14px;">${escapeHtml(block.text)}</p>`;
    case 'code':
      return (
        `<p style="margin:8px 0 22px;text-align:center;">` +
        `<span style="display:inline-block;padding:12px 22px;font-family:'Courier New',Courier,monospace;font-size:32px;` +
        `font-weight:bold;letter-spacing:6px;color:${BRAND};background-color:#eef2f7;border:1px solid #c9d3df;border-radius:4px;">` +
        `${escapeHtml(block.code)}</span></p>`
      );
    case 'link': {
      const href = escapeHtml(block.href);
      return (
        `<p style="margin:8px 0 14px;text-align:center;">` +
        `<a href="${href}" style="display:inline-block;padding:12px 24px;background-color:${BRAND};color:#ffffff;` +
        `text-decoration:none;font-weight:bold;border-radius:4px;">${escapeHtml(block.label)}</a></p>` +
        `<p style="margin:0 0 14px;font-size:13px;word-break:break-all;"><a href="${href}" style="color:${BRAND};">${href}</a></p>`
      );
    }
  }
}

/**
 * The HTML version of a letter. Every text that reaches the markup goes through escapeHtml,
 * translations included, so no parameter can add markup or a link of its own.
 */
export function renderLetterHtml(frame: LetterFrame, blocks: readonly LetterBlock[]): string {
  const e = escapeHtml;
  return [
    '<!DOCTYPE html>',
    `<html lang="${e(frame.locale)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(frame.subject)}</title>`,
    '</head>',
    '<body style="margin:0;padding:0;background-color:#f3f5f8;">',
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f3f5f8;">',
    '<tr><td align="center" style="padding:24px 12px;">',
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;background-color:#ffffff;border:1px solid #dde3ea;border-radius:6px;">',
    `<tr><td style="${FONT}padding:16px 24px;background-color:${BRAND};border-radius:6px 6px 0 0;font-size:18px;font-weight:bold;color:#ffffff;">${e(frame.brand)}</td></tr>`,
    `<tr><td style="${FONT}padding:24px;font-size:15px;line-height:1.5;color:#1d2733;">`,
    `<h1 style="margin:0 0 16px;font-size:20px;line-height:1.3;color:${BRAND};">${e(frame.subject)}</h1>`,
    `<p style="margin:0 0 14px;">${e(frame.greeting)}</p>`,
    ...blocks.map(blockHtml),
    '</td></tr>',
    `<tr><td style="${FONT}padding:16px 24px;border-top:1px solid #dde3ea;font-size:12px;line-height:1.5;color:#5b6775;">`,
    `${e(frame.signature)}<br>${e(frame.automatic)}`,
    '</td></tr>',
    '</table>',
    '</td></tr>',
    '</table>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
