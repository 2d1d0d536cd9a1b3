import { escapeHtml } from './escape-html.js';
import type { OutboxLetter } from './read-outbox.js';

/**
 * The Content-Security-Policy to send with the page: no scripts at all; inline styles only, which
 * the page and the letters (shown in sandboxed srcdoc frames) use.
 */
export const OUTBOX_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 0; background: #f3f5f8; color: #1d2733; }
header { background: #1f3a5f; color: #fff; padding: 12px 24px; }
header h1 { margin: 0; font-size: 18px; }
form { padding: 12px 24px; display: flex; gap: 8px; align-items: center; }
main { padding: 0 24px 24px; }
article { background: #fff; border: 1px solid #dde3ea; border-radius: 6px; margin: 0 0 16px; padding: 12px 16px; }
article h2 { margin: 0 0 6px; font-size: 16px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0 0 8px; color: #5b6775; }
dd { margin: 0; }
pre { white-space: pre-wrap; background: #f7f9fb; border: 1px solid #e3e8ee; padding: 8px; }
iframe { width: 100%; height: 680px; border: 1px solid #e3e8ee; }
.status { font-weight: bold; }
`;

function letterHtml(letter: OutboxLetter): string {
  const e = escapeHtml;
  const facts: [string, string][] = [
    ['To', letter.to],
    ['Status', `${letter.status} (attempts: ${letter.attempts})`],
    ['Kind', `${letter.kind}, ${letter.locale}`],
    ['Created', letter.createdAt.toISOString()],
    ['Sent', letter.sentAt ? letter.sentAt.toISOString() : '—'],
  ];
  const body = letter.readable
    ? `<details open><summary>Text</summary><pre>${e(letter.text)}</pre></details>` +
      // srcdoc is escaped like any attribute; sandbox="" gives the letter no scripts, forms or navigation.
      `<details><summary>HTML</summary><iframe sandbox="" title="${e(letter.subject)}" srcdoc="${e(letter.html)}"></iframe></details>`
    : '<p>The body cannot be opened: it was sealed under another APP_SECRET.</p>';
  return (
    `<article id="${e(letter.id)}"><h2>${e(letter.subject)}</h2><dl>` +
    facts.map(([name, value]) => `<dt>${e(name)}</dt><dd${name === 'Status' ? ' class="status"' : ''}>${e(value)}</dd>`).join('') +
    `</dl>${body}</article>`
  );
}

/**
 * A development page listing the outbox (letters from readOutbox), like a mail catcher.
 * Everything shown is escaped; serve it with OUTBOX_PAGE_CSP and never in production.
 */
export function renderOutboxPage(letters: readonly OutboxLetter[], filter: { to?: string; limit?: number } = {}): string {
  const e = escapeHtml;
  const list = letters.length > 0 ? letters.map(letterHtml).join('\n') : '<p>The outbox is empty.</p>';
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Outbox · Recovery Desk</title><style>${STYLE}</style></head>`,
    '<body>',
    '<header><h1>Outbox · Recovery Desk (development)</h1></header>',
    '<form method="get">',
    `<label>To <input type="email" name="to" value="${e(filter.to ?? '')}"></label>`,
    `<label>Limit <input type="number" name="limit" min="1" max="200" value="${e(String(filter.limit ?? 20))}"></label>`,
    '<button type="submit">Show</button>',
    '</form>',
    `<main>${list}</main>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
