import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmNewPassword } from '../../core/accounts/confirm-new-password.js';
import { setPendingPassword } from '../../core/accounts/set-pending-password.js';
import { PROOF_VALID_MINUTES } from '../../core/codes/find-challenge.js';
import { startChallenge } from '../../core/codes/start-challenge.js';
import { verifyCode } from '../../core/codes/verify-code.js';
import { hashPassword, verifyPassword } from '../../core/security/password.js';
import type { TestDatabase } from '../helpers/test-db.js';
import { testBackends } from '../helpers/test-db.js';
import type { Harness } from '../codes/code-fixtures.js';
import { MINUTE, containsCode, makeHarness, newAccount, newConversation } from '../codes/code-fixtures.js';

const backends = testBackends();
afterAll(async () => {
  for (const backend of backends) await backend.teardown();
});

const NEW_PASSWORD = 'Lantern-Orbit-Velvet-4719';
const FIRST_TRY = 'Marmalade-Canyon-Kite-88';

describe.each(backends)('password reset on $name', (backend) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await backend.create();
  });

  /** An account with an old password, and a verified reset code in a new conversation. */
  async function verifiedReset(h: Harness) {
    const account = await newAccount(test.db);
    await test.db.prisma.account.update({ where: { id: account.id }, data: { passwordHash: await hashPassword('Old-Password-Was-Here-1') } });
    const conversationId = await newConversation(test.db);
    await startChallenge(h.deps, { conversationId, purpose: 'PASSWORD_RESET', email: account.email, locale: 'uk' });
    const code = h.mailer.lastCode(account.email);
    expect(await verifyCode(h.deps, { conversationId, purpose: 'PASSWORD_RESET', code })).toEqual({ kind: 'ok', accountId: account.id });
    return { account, conversationId, code };
  }

  it('changes the password after a verified code and the new password typed twice', async () => {
    const h = makeHarness(test.db);
    const { account, conversationId, code } = await verifiedReset(h);

    expect(await setPendingPassword(h.deps, { conversationId, password: FIRST_TRY })).toEqual({ kind: 'ok' });
    expect(await confirmNewPassword(h.deps, { conversationId, password: NEW_PASSWORD, locale: 'uk' })).toEqual({ kind: 'mismatch' });
    expect(await setPendingPassword(h.deps, { conversationId, password: NEW_PASSWORD })).toEqual({ kind: 'ok' });
    h.clock.advance(MINUTE);
    expect(await confirmNewPassword(h.deps, { conversationId, password: NEW_PASSWORD, locale: 'uk' })).toEqual({ kind: 'changed', loginId: account.loginId });

    const now = h.clock.now();
    const row = await test.db.prisma.account.findUniqueOrThrow({ where: { id: account.id } });
    expect(await verifyPassword(NEW_PASSWORD, row.passwordHash ?? '')).toBe(true);
    expect(await verifyPassword('Old-Password-Was-Here-1', row.passwordHash ?? '')).toBe(false);
    // Other sessions end with the change; the shopper is not signed in anywhere.
    expect(row.passwordChangedAt?.toISOString()).toBe(now.toISOString());
    expect(row.sessionsRevokedAt?.toISOString()).toBe(now.toISOString());
    expect(row.status).toBe('ACTIVE');

    const challenge = await test.db.prisma.verificationCode.findFirstOrThrow({ where: { conversationId } });
    expect(challenge.consumedAt?.toISOString()).toBe(now.toISOString());
    expect(challenge.pendingPasswordHash).toBeNull();

    const audit = await test.db.prisma.auditEvent.findFirstOrThrow({ where: { accountId: account.id, action: 'account.password_reset' } });
    expect(audit.actorType).toBe('BOT');
    expect(JSON.parse(audit.after ?? '{}')).toEqual({ passwordChangedAt: now.toISOString(), sessionsRevokedAt: now.toISOString() });
    // The directory does not tell when the password changed before (it is the marketplace's own record).
    expect(audit.before).toBeNull();
    expect(`${audit.before}${audit.after}`).not.toMatch(/scrypt|hash/i);

    const notice = h.mailer.letters.at(-1);
    expect(notice).toEqual({ kind: 'passwordChanged', to: account.email, locale: 'uk', params: { loginId: account.loginId, when: now.toISOString() }, conversationId });
    expect(JSON.stringify(notice)).not.toContain(NEW_PASSWORD);
    expect(containsCode(JSON.stringify(notice), code)).toBe(false);

    // The proof is spent: nothing more can be done with it.
    expect(await setPendingPassword(h.deps, { conversationId, password: 'Another-Fine-Passphrase-1' })).toEqual({ kind: 'notVerified' });
    expect(await confirmNewPassword(h.deps, { conversationId, password: NEW_PASSWORD, locale: 'uk' })).toEqual({ kind: 'notVerified' });
    expect(await verifyCode(h.deps, { conversationId, purpose: 'PASSWORD_RESET', code })).toEqual({ kind: 'noChallenge' });
  });

  it('refuses passwords against the policy, with the account login and email as context', async () => {
    const h = makeHarness(test.db);
    const { account, conversationId } = await verifiedReset(h);
    const localPart = account.email.split('@')[0] ?? '';
    for (const [password, reason] of [
      ['short-one', 'tooShort'],
      ['x'.repeat(129), 'tooLong'],
      ['password1234', 'tooCommon'],
      [`Lantern-${account.loginId}`, 'containsIdentity'],
      [`${localPart.toLowerCase()}-Lantern`, 'containsIdentity'],
    ] as const) {
      expect(await setPendingPassword(h.deps, { conversationId, password })).toEqual({ kind: 'rejected', reason });
    }
    const challenge = await test.db.prisma.verificationCode.findFirstOrThrow({ where: { conversationId } });
    expect(challenge.pendingPasswordHash).toBeNull();
  });

  it('needs a verified code in this conversation, within the proof window', async () => {
    const h = makeHarness(test.db);
    const account = await newAccount(test.db);
    const conversationId = await newConversation(test.db);
    expect(await setPendingPassword(h.deps, { conversationId, password: NEW_PASSWORD })).toEqual({ kind: 'notVerified' });
    await startChallenge(h.deps, { conversationId, purpose: 'PASSWORD_RESET', email: account.email, locale: 'en' });
    expect(await setPendingPassword(h.deps, { conversationId, password: NEW_PASSWORD })).toEqual({ kind: 'notVerified' });
    expect(await confirmNewPassword(h.deps, { conversationId, password: NEW_PASSWORD, locale: 'en' })).toEqual({ kind: 'notVerified' });

    const verified = await verifiedReset(h);
    const elsewhere = await newConversation(test.db);
    expect(await setPendingPassword(h.deps, { conversationId: elsewhere, password: NEW_PASSWORD })).toEqual({ kind: 'notVerified' });
    expect(await setPendingPassword(h.deps, { conversationId: verified.conversationId, password: NEW_PASSWORD })).toEqual({ kind: 'ok' });
    h.clock.advance(PROOF_VALID_MINUTES * MINUTE);
    expect(await confirmNewPassword(h.deps, { conversationId: verified.conversationId, password: NEW_PASSWORD, locale: 'en' })).toEqual({ kind: 'notVerified' });
    expect(h.mailer.letters.filter((l) => l.kind === 'passwordChanged')).toEqual([]);
  });

  it('never verifies a code for an unknown address, so no password can be set', async () => {
    const h = makeHarness(test.db);
    const conversationId = await newConversation(test.db);
    await startChallenge(h.deps, { conversationId, purpose: 'PASSWORD_RESET', email: 'ghost@example.com', locale: 'en' });
    for (let code = 0; code < 4; code++) {
      const answer = await verifyCode(h.deps, { conversationId, purpose: 'PASSWORD_RESET', code: String(code).repeat(6) });
      expect(answer.kind).toBe('wrong');
    }
    expect(await setPendingPassword(h.deps, { conversationId, password: NEW_PASSWORD })).toEqual({ kind: 'notVerified' });
  });

  it('changes the password once when confirmed twice at the same moment', async () => {
    const h = makeHarness(test.db);
    const { account, conversationId } = await verifiedReset(h);
    await setPendingPassword(h.deps, { conversationId, password: NEW_PASSWORD });
    const input = { conversationId, password: NEW_PASSWORD, locale: 'en' as const };
    const answers = await Promise.all([confirmNewPassword(h.deps, input), confirmNewPassword(h.deps, input)]);
    expect(answers.map((a) => a.kind).sort()).toEqual(['changed', 'notVerified']);
    expect(await test.db.prisma.auditEvent.count({ where: { accountId: account.id, action: 'account.password_reset' } })).toBe(1);
    expect(h.mailer.letters.filter((l) => l.kind === 'passwordChanged')).toHaveLength(1);
  });

  it('keeps no code, password or pending password in clear anywhere in the database', async () => {
    const h = makeHarness(test.db);
    const { conversationId, code } = await verifiedReset(h);
    const pending = 'Pending-Only-Typed-Once-73';
    await setPendingPassword(h.deps, { conversationId, password: pending });
    const midway = await test.dump();
    expect(midway).not.toContain(pending);

    await setPendingPassword(h.deps, { conversationId, password: NEW_PASSWORD });
    await confirmNewPassword(h.deps, { conversationId, password: NEW_PASSWORD, locale: 'en' });
    // And a code that is still open, in another conversation.
    const other = await verifiedReset(h);
    const unverifiedConversation = await newConversation(test.db);
    await startChallenge(h.deps, { conversationId: unverifiedConversation, purpose: 'ACCOUNT_PROOF', email: other.account.email, locale: 'en' });
    const openCode = h.mailer.lastCode(other.account.email);

    const stored = await test.dump();
    expect(stored).toContain(conversationId);
    for (const secret of [NEW_PASSWORD, pending, 'Old-Password-Was-Here-1']) expect(stored).not.toContain(secret);
    for (const secret of [code, other.code, openCode]) {
      expect(containsCode(JSON.stringify({ code: secret }), secret)).toBe(true); // the search would find one
      expect(containsCode(stored, secret)).toBe(false);
    }
  });
});
