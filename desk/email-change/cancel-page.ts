import type { Locale } from '../../core/domain.js';
import { escapeHtml } from '../../core/mail/escape-html.js';
import { mailTranslator } from '../../core/mail/mail-translator.js';
import type { LinkOutcome } from './cancel-by-link.js';

/** The page needs nothing but its own markup: no scripts, styles, images, forms or frames. */
export const CANCEL_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The page behind the cancel link of a hold notice, in the letter's language (its texts live
 * with the letters, in locales/<lng>/mail.json). Every text is escaped.
 */
export function renderCancelPage(locale: Locale, outcome: LinkOutcome): string {
  const t = mailTranslator();
  const e = escapeHtml;
  return [
    '<!DOCTYPE html>',
    `<html lang="${e(locale)}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(t(locale, 'cancelPage.title'))} · ${e(t(locale, 'layout.brand'))}</title></head>`,
    '<body>',
    `<h1>${e(t(locale, 'cancelPage.title'))}</h1>`,
    `<p>${e(t(locale, `cancelPage.${outcome}`))}</p>`,
    `<p>${e(t(locale, 'cancelPage.contact'))}</p>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
