import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEmailChange } from '../../core/accounts/apply-email-change.js';
import { hashConfirmationToken } from '../../core/accounts/confirmation-token.js';
import { confirmEmail } from '../../core/accounts/confirm-email.js';
import { CONFIRMATIONS_PER_HOUR, sendEmailConfirmation } from '../../core/accounts/send-email-confirmation.js';
import type { SendEmailConfirmationDeps } from '../../core/accounts/send-email-confirmation.js';
import { startChallenge } from '../../core/codes/start-challenge.js';
import { verifyCode } from '../../core/codes/verify-code.js';
import type { TestDatabase } from '../helpers/test-db.js';
import { testBackends } from '../helpers/test-db.js';
import type { Harness } from '../codes/code-fixtures.js';
import { MINUTE, makeHarness, newAccount, newConversation } from '../codes/code-fixtures.js';

const backends = testBackends();
afterAll(async () => {
  for (const backend of backends) await backend.teardown();
});

const BASE = 'https://help.example.com';
const DAY = 24 * 60 * MINUTE;

function withBase(h: Harness): SendEmailConfirmationDeps {
  return { ...h.deps, publicBaseUrl: BASE };
}

/** The token of the last confirmation link sent. */
function lastToken(h: Harness): string {
  const link = String(h.mailer.letters.filter((l) => l.kind === 'emailConfirmation').at(-1)?.params.link);
  return new URL(link).searchParams.get('token') ?? '';
}

describe.each(backends)('email confirmation on $name', (backend) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await backend.create();
  });

  it('sends a single-use link that confirms the email and activates an UNCONFIRMED account', async () => {
    const h = makeHarness(test.db);
    const account = await newAccount(test.db, { status: 'UNCONFIRMED', emailConfirmed: false });
    expect(await sendEmailConfirmation(withBase(h), { accountId: account.id, locale: 'pl' })).toEqual({ kind: 'sent' });

    const letter = h.mailer.letters[0];
    expect(letter).toMatchObject({ kind: 'emailConfirmation', to: account.email, locale: 'pl' });
    const link = new URL(String(letter?.params.link));
    expect(`${link.origin}${link.pathname}`).toBe(`${BASE}/confirm-email`);
    expect(link.searchParams.get('lang')).toBe('pl');
    const token = lastToken(h);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const stored = await test.db.prisma.emailConfirmation.findFirstOrThrow({ where: { accountId: account.id } });
    expect(stored.tokenHash).toBe(hashConfirmationToken(token));
    expect(stored.expiresAt.getTime() - h.clock.now().getTime()).toBe(7 * DAY);
    expect(await test.dump()).not.toContain(token);

    h.clock.advance(DAY);
    expect(await confirmEmail(h.deps, token)).toEqual({ kind: 'confirmed', loginId: account.loginId });
    const row = await test.db.prisma.account.findUniqueOrThrow({ where: { id: account.id } });
    expect(row).toMatchObject({ emailConfirmed: true, status: 'ACTIVE' });
    const audit = await test.db.prisma.auditEvent.findFirstOrThrow({ where: { accountId: account.id, action: 'account.email_confirmed' } });
    expect(JSON.parse(audit.before ?? '{}')).toEqual({ emailConfirmed: false, status: 'UNCONFIRMED' });
    expect(JSON.parse(audit.after ?? '{}')).toEqual({ emailConfirmed: true, status: 'ACTIVE' });

    expect(await confirmEmail(h.deps, token)).toEqual({ kind: 'alreadyConfirmed' });
    expect(await sendEmailConfirmation(withBase(h), { accountId: account.id, locale: 'pl' })).toEqual({ kind: 'alreadyConfirmed' });
    expect(await test.db.prisma.auditEvent.count({ where: { accountId: account.id, action: 'account.email_confirmed' } })).toBe(1);
  });

  it('keeps other statuses as they are', async () => {
    const h = makeHarness(test.db);
    const account = await newAccount(test.db, { status: 'TEMP_BLOCKED', emailConfirmed: false });
    await sendEmailConfirmation(withBase(h), { accountId: account.id, locale: 'en' });
    expect(await confirmEmail(h.deps, lastToken(h))).toEqual({ kind: 'confirmed', loginId: account.loginId });
    const row = await test.db.prisma.account.findUniqueOrThrow({ where: { id: account.id } });
    expect(row).toMatchObject({ emailConfirmed: true, status: 'TEMP_BLOCKED' });
  });

  it('answers expired after 7 days and invalid for anything it did not send', async () => {
    const h = makeHarness(test.db);
    const account = await newAccount(test.db, { status: 'UNCONFIRMED', emailConfirmed: false });
    await sendEmailConfirmation(withBase(h), { accountId: account.id, locale: 'en' });
    const token = lastToken(h);
    h.clock.advance(7 * DAY);
    expect(await confirmEmail(h.deps, token)).toEqual({ kind: 'expired' });
    for (const bad of ['', 'abc', token.slice(0, -1), `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, `${token}x`, "' OR 1=1 --"]) {
      expect(await confirmEmail(h.deps, bad)).toEqual({ kind: 'invalid' });
    }
    const row = await test.db.prisma.account.findUniqueOrThrow({ where: { id: account.id } });
    expect(row).toMatchObject({ emailConfirmed: false, status: 'UNCONFIRMED' });
  });

  it('confirms once when the link is opened twice at the same moment', async () => {
    const h = makeHarness(test.db);
    const account = await newAccount(test.db, { status: 'UNCONFIRMED', emailConfirmed: false });
    await sendEmailConfirmation(withBase(h), { accountId: account.id, locale: 'en' });
    const token = lastToken(h);
    const answers = await Promise.all([confirmEmail(h.deps, token), confirmEmail(h.deps, token)]);
    expect(answers.map((a) => a.kind).sort()).toEqual(['alreadyConfirmed', 'confirmed']);
    expect(await test.db.prisma.auditEvent.count({ where: { accountId: account.id, action: 'account.email_confirmed' } })).toBe(1);
  });

  it(`sends at most ${CONFIRMATIONS_PER_HOUR} links an hour, and reports a mailer failure`, async () => {
    const h = makeHarness(test.db);
    const account = await newAccount(test.db, { status: 'UNCONFIRMED', emailConfirmed: false });
    for (let i = 0; i < CONFIRMATIONS_PER_HOUR + 2; i++) {
      expect(await sendEmailConfirmation(withBase(h), { accountId: account.id, locale: 'en' })).toEqual({ kind: 'sent' });
    }
    expect(h.mailer.letters).toHaveLength(CONFIRMATIONS_PER_HOUR);
    h.clock.advance(61 * MINUTE);
    h.mailer.status = 'FAILED';
    expect(await sendEmailConfirmation(withBase(h), { accountId: account.id, locale: 'en' })).toEqual({ kind: 'mailFailed' });
  });

  it('stops links sent to an old address from confirming anything after an email change', async () => {
    const h = makeHarness(test.db);
    const account = await newAccount(test.db, { status: 'UNCONFIRMED', emailConfirmed: false });
    await sendEmailConfirmation(withBase(h), { accountId: account.id, locale: 'en' });
    const oldLink = lastToken(h);

    const conversationId = await newConversation(test.db);
    await startChallenge(h.deps, { conversationId, purpose: 'EMAIL_CURRENT', email: account.email, locale: 'en' });
    await verifyCode(h.deps, { conversationId, purpose: 'EMAIL_CURRENT', code: h.mailer.lastCode(account.email) });
    const newEmail = `moved.${account.id.slice(0, 8)}@example.org`;
    await startChallenge(h.deps, { conversationId, purpose: 'EMAIL_NEW', email: account.email, newEmail, accountId: account.id, locale: 'en' });
    await verifyCode(h.deps, { conversationId, purpose: 'EMAIL_NEW', code: h.mailer.lastCode(newEmail) });
    expect(await applyEmailChange(h.deps, { conversationId, locale: 'en' })).toMatchObject({ kind: 'changed' });

    // The new mailbox proved itself: confirmed, and the account waiting for that is active.
    const row = await test.db.prisma.account.findUniqueOrThrow({ where: { id: account.id } });
    expect(row).toMatchObject({ email: newEmail, emailConfirmed: true, status: 'ACTIVE' });
    expect(await confirmEmail(h.deps, oldLink)).toEqual({ kind: 'expired' });
  });
});
