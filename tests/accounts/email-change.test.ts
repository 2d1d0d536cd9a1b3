import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEmailChange } from '../../core/accounts/apply-email-change.js';
import { checkNewEmail } from '../../core/accounts/check-new-email.js';
import { startChallenge } from '../../core/codes/start-challenge.js';
import { verifyCode } from '../../core/codes/verify-code.js';
import { maskEmail } from '../../core/text/mask-email.js';
import type { TestDatabase } from '../helpers/test-db.js';
import { testBackends } from '../helpers/test-db.js';
import type { AccountFixture, Harness } from '../codes/code-fixtures.js';
import { containsCode, makeHarness, newAccount, newConversation } from '../codes/code-fixtures.js';

const backends = testBackends();
afterAll(async () => {
  for (const backend of backends) await backend.teardown();
});

describe.each(backends)('email change on $name', (backend) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await backend.create();
  });

  /** Proves the current mailbox of a new account (EMAIL_CURRENT) in a new conversation. */
  async function provenCurrent(h: Harness, overrides: { status?: string; emailConfirmed?: boolean } = {}) {
    const account = await newAccount(test.db, overrides);
    const conversationId = await newConversation(test.db);
    await startChallenge(h.deps, { conversationId, purpose: 'EMAIL_CURRENT', email: account.email, locale: 'ru' });
    const code = h.mailer.lastCode(account.email);
    expect(await verifyCode(h.deps, { conversationId, purpose: 'EMAIL_CURRENT', code })).toEqual({ kind: 'ok', accountId: account.id });
    return { account, conversationId, code };
  }

  async function provenNew(h: Harness, account: AccountFixture, conversationId: string, newEmail: string) {
    await startChallenge(h.deps, { conversationId, purpose: 'EMAIL_NEW', email: account.email, newEmail, accountId: account.id, locale: 'ru' });
    const code = h.mailer.lastCode(newEmail);
    expect(await verifyCode(h.deps, { conversationId, purpose: 'EMAIL_NEW', code })).toEqual({ kind: 'ok', accountId: account.id });
    return code;
  }

  it('changes the email once both mailboxes proved themselves, and tells the old address', async () => {
    const h = makeHarness(test.db);
    const { account, conversationId, code } = await provenCurrent(h, { emailConfirmed: false });
    const newEmail = `Fresh.Box.${account.id.slice(0, 8)}.mail@Example.net`;
    expect(await checkNewEmail(h.deps, { conversationId, email: ` ${newEmail.toUpperCase()} ` })).toEqual({ kind: 'ok' });
    const newCode = await provenNew(h, account, conversationId, newEmail);

    expect(await applyEmailChange(h.deps, { conversationId, locale: 'ru' })).toEqual({ kind: 'changed', maskedEmail: 'F***l@Example.net' });

    const row = await test.db.prisma.account.findUniqueOrThrow({ where: { id: account.id } });
    expect(row).toMatchObject({ email: newEmail, emailNormalized: newEmail.toLowerCase(), emailConfirmed: true, status: 'ACTIVE' });
    const challenges = await test.db.prisma.verificationCode.findMany({ where: { conversationId } });
    expect(challenges.map((c) => c.consumedAt?.toISOString())).toEqual([h.clock.now().toISOString(), h.clock.now().toISOString()]);

    const audit = await test.db.prisma.auditEvent.findFirstOrThrow({ where: { accountId: account.id, action: 'account.email_changed' } });
    expect(audit.actorType).toBe('BOT');
    expect(JSON.parse(audit.before ?? '{}')).toEqual({ email: maskEmail(account.email), status: 'ACTIVE' });
    expect(maskEmail(account.email)).toMatch(/^S\*\*\*[0-9a-f]@Example\.com$/);
    expect(JSON.parse(audit.after ?? '{}')).toEqual({ email: 'F***l@Example.net', status: 'ACTIVE', emailConfirmed: true });
    expect(`${audit.before}${audit.after}`).not.toContain(account.email);
    expect(`${audit.before}${audit.after}`).not.toContain(newEmail);

    expect(h.mailer.letters.map((l) => [l.kind, l.to])).toEqual([
      ['emailChangeCurrentCode', account.email],
      ['emailChangeNewCode', newEmail],
      ['emailChanged', account.email],
    ]);
    const notice = h.mailer.letters.at(-1);
    expect(notice?.params).toEqual({ loginId: account.loginId, newEmail: 'F***l@Example.net' });
    expect(containsCode(JSON.stringify(notice), code) || containsCode(JSON.stringify(notice), newCode)).toBe(false);

    // Both proofs are spent.
    expect(await applyEmailChange(h.deps, { conversationId, locale: 'ru' })).toEqual({ kind: 'notVerified' });
    expect(await checkNewEmail(h.deps, { conversationId, email: 'x@example.com' })).toEqual({ kind: 'notVerified' });
  });

  it('says same for the current address and taken for another live account\'s, in any case', async () => {
    const h = makeHarness(test.db);
    const { account, conversationId } = await provenCurrent(h);
    const other = await newAccount(test.db);
    const deleted = await newAccount(test.db, { status: 'DELETED' });
    expect(await checkNewEmail(h.deps, { conversationId, email: account.email.toUpperCase() })).toEqual({ kind: 'same' });
    expect(await checkNewEmail(h.deps, { conversationId, email: ` ${other.email.toLowerCase()}` })).toEqual({ kind: 'taken' });
    // A deleted account's mailbox may be reused (SPEC §4.4).
    expect(await checkNewEmail(h.deps, { conversationId, email: deleted.email })).toEqual({ kind: 'ok' });
  });

  it('refuses the change when the address was taken after the check', async () => {
    const h = makeHarness(test.db);
    const { account, conversationId } = await provenCurrent(h);
    const newEmail = `race.${account.id.slice(0, 8)}@example.net`;
    await provenNew(h, account, conversationId, newEmail);
    await newAccount(test.db, { email: newEmail.toUpperCase() });

    expect(await applyEmailChange(h.deps, { conversationId, locale: 'ru' })).toEqual({ kind: 'taken' });
    const row = await test.db.prisma.account.findUniqueOrThrow({ where: { id: account.id } });
    expect(row.email).toBe(account.email);
    expect(await test.db.prisma.verificationCode.count({ where: { conversationId, consumedAt: { not: null } } })).toBe(0);
    expect(h.mailer.letters.filter((l) => l.kind === 'emailChanged')).toEqual([]);
  });

  it('needs both proofs, in this conversation, for the same account', async () => {
    const h = makeHarness(test.db);
    const conversationId = await newConversation(test.db);
    expect(await checkNewEmail(h.deps, { conversationId, email: 'a@example.com' })).toEqual({ kind: 'notVerified' });
    expect(await applyEmailChange(h.deps, { conversationId, locale: 'en' })).toEqual({ kind: 'notVerified' });

    // Current proven, new one sent but not verified.
    const first = await provenCurrent(h);
    await startChallenge(h.deps, { conversationId: first.conversationId, purpose: 'EMAIL_NEW', email: first.account.email, newEmail: `n1.${first.account.id.slice(0, 8)}@example.net`, accountId: first.account.id, locale: 'en' });
    expect(await applyEmailChange(h.deps, { conversationId: first.conversationId, locale: 'en' })).toEqual({ kind: 'notVerified' });

    // The new address proven for another account than the current one.
    const second = await provenCurrent(h);
    const stranger = await newAccount(test.db);
    await provenNew(h, stranger, second.conversationId, `n2.${stranger.id.slice(0, 8)}@example.net`);
    expect(await applyEmailChange(h.deps, { conversationId: second.conversationId, locale: 'en' })).toEqual({ kind: 'notVerified' });

    // Proofs in two different conversations do not add up.
    const third = await provenCurrent(h);
    const otherConversation = await newConversation(test.db);
    await provenNew(h, third.account, otherConversation, `n3.${third.account.id.slice(0, 8)}@example.net`);
    expect(await applyEmailChange(h.deps, { conversationId: otherConversation, locale: 'en' })).toEqual({ kind: 'notVerified' });
    expect(await applyEmailChange(h.deps, { conversationId: third.conversationId, locale: 'en' })).toEqual({ kind: 'notVerified' });
    expect(h.mailer.letters.filter((l) => l.kind === 'emailChanged')).toEqual([]);
  });

  it('sends the EMAIL_NEW code nowhere without an account', async () => {
    const h = makeHarness(test.db);
    const conversationId = await newConversation(test.db);
    const result = await startChallenge(h.deps, { conversationId, purpose: 'EMAIL_NEW', email: 'x@example.com', newEmail: 'y@example.com', locale: 'en' });
    expect(result).toEqual({ kind: 'sent' });
    expect(h.mailer.letters).toEqual([]);
  });
});
