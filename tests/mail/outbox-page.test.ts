import { describe, expect, it } from 'vitest';
import { OUTBOX_PAGE_CSP, renderOutboxPage } from '../../core/mail/outbox-page.js';
import type { OutboxLetter } from '../../core/mail/read-outbox.js';

const EVIL = '<script>alert(1)</script>"\'&';

const letter = (overrides: Partial<OutboxLetter> = {}): OutboxLetter => ({
  id: 'id-1',
  to: 'anna@example.com',
  kind: 'passwordResetCode',
  locale: 'en',
  subject: 'Your password reset code',
  text: 'Hello,\n\n    482913\n',
  html: '<!DOCTYPE html><html><body><p style="color:red">482913</p></body></html>',
  status: 'STORED',
  attempts: 0,
  createdAt: new Date('2026-11-20T10:00:00Z'),
  sentAt: null,
  readable: true,
  ...overrides,
});

describe('the outbox page', () => {
  it('lists letters with their subject, address, status and text', () => {
    const page = renderOutboxPage([letter(), letter({ id: 'id-2', status: 'SENT', sentAt: new Date('2026-11-20T10:01:00Z') })]);
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain('<h2>Your password reset code</h2>');
    expect(page).toContain('anna@example.com');
    expect(page).toContain('STORED (attempts: 0)');
    expect(page).toContain('2026-11-20T10:01:00.000Z');
    expect(page).toContain('<pre>Hello,\n\n    482913\n</pre>');
    // The letter's own HTML is shown in a sandboxed frame, as an escaped attribute.
    expect(page).toContain('sandbox="" ');
    expect(page).toContain('srcdoc="&lt;!DOCTYPE html&gt;&lt;html&gt;&lt;body&gt;&lt;p style=&quot;color:red&quot;&gt;482913');
  });

  it('escapes everything it shows', () => {
    const page = renderOutboxPage(
      [letter({ id: EVIL, to: EVIL, kind: EVIL, locale: EVIL, subject: EVIL, text: EVIL, html: EVIL, status: EVIL })],
      { to: EVIL },
    );
    expect(page).not.toContain('<script');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;');
  });

  it('says when the outbox is empty or a body cannot be opened', () => {
    expect(renderOutboxPage([])).toContain('The outbox is empty.');
    const page = renderOutboxPage([letter({ readable: false, text: '', html: '' })]);
    expect(page).toContain('cannot be opened');
    expect(page).not.toContain('<iframe');
  });

  it('comes with a policy that allows no script', () => {
    expect(OUTBOX_PAGE_CSP).toContain("default-src 'none'");
    expect(OUTBOX_PAGE_CSP).not.toMatch(/script-src/);
  });
});
