import type { Locale } from '../../core/domain.js';
import type { Translate } from '../i18n/translator.js';
import { escapeHtml } from '../../core/mail/escape-html.js';

export type ConfirmPageOutcome = 'confirmed' | 'alreadyConfirmed' | 'invalid' | 'expired' | 'unavailable';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
export { CSP as CONFIRM_PAGE_CSP };

/** The small page a confirmation link opens, in the language of the letter. */
export function renderConfirmPage(translate: Translate, locale: Locale, outcome: ConfirmPageOutcome, loginId = ''): string {
  const title = escapeHtml(translate(locale, 'confirmPage.title'));
  const message = escapeHtml(translate(locale, `confirmPage.${outcome}`, { loginId }));
  const ok = outcome === 'confirmed' || outcome === 'alreadyConfirmed';
  return `<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; background: #f3f5f8; color: #1d2733; margin: 0; }
main { max-width: 32rem; margin: 10vh auto; background: #fff; border-radius: 8px; padding: 24px 28px; box-shadow: 0 2px 8px rgba(0,0,0,.08); }
h1 { font-size: 20px; margin: 0 0 12px; color: ${ok ? '#1f7a3a' : '#a3261b'}; }
</style></head>
<body><main><h1>${title}</h1><p>${message}</p></main></body>
</html>`;
}
