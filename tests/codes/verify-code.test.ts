import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumeChallenge } from '../../core/codes/consume-challenge.js';
import { startChallenge } from '../../core/codes/start-challenge.js';
import type { CodePurpose } from '../../core/codes/types.js';
import { verifyCode } from '../../core/codes/verify-code.js';
import { createDb } from '../../core/db/client.js';
import type { TestDatabase } from '../helpers/test-db.js';
import { testBackends } from '../helpers/test-db.js';
import type { AccountFixture, Harness } from './code-fixtures.js';
import { MINUTE, makeClock, makeHarness, newAccount, newConversation, wrongCode } from './code-fixtures.js';

const backends = testBackends();
afterAll(async () => {
  for (const backend of backends) await backend.teardown();
});

describe.each(backends)('verifyCode on $name', (backend) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await backend.create();
  });

  /** A fresh account with a code sent in a fresh conversation. */
  async function sentCode(h: Harness, purpose: CodePurpose = 'PASSWORD_RESET'): Promise<{ account: AccountFixture; conversationId: string; code: string }> {
    const account = await newAccount(test.db);
    const conversationId = await newConversation(test.db);
    expect(await startChallenge(h.deps, { conversationId, purpose, email: account.email, locale: 'en' })).toEqual({ kind: 'sent' });
    return { account, conversationId, code: h.mailer.lastCode(account.email) };
  }

  it('accepts the right code once, typed with spaces or dashes, and marks it verified', async () => {
    const h = makeHarness(test.db);
    const { account, conversationId, code } = await sentCode(h);
    const typed = `${code.slice(0, 3)} ${code.slice(3)}`;
    expect(await verifyCode(h.deps, { conversationId, purpose: 'PASSWORD_RESET', code: typed })).toEqual({ kind: 'ok', accountId: account.id });
    const row = await test.db.prisma.verificationCode.findFirstOrThrow({ where: { conversationId } });
    expect(row.verifiedAt?.toISOString()).toBe(h.clock.now().toISOString());

    // Single use: the same code again, or after the action consumed it, is no longer a challenge.
    const dashed = `${code.slice(0, 2)}-${code.slice(2, 4)}-${code.slice(4)}`;
    expect(await verifyCode(h.deps, { conversationId, purpose: 'PASSWORD_RESET', code: dashed })).toEqual({ kind: 'noChallenge' });
    expect(await consumeChallenge(h.deps, { conversationId, purpose: 'PASSWORD_RESET' })).toEqual({ kind: 'consumed' });
    expect(await consumeChallenge(h.deps, { conversationId, purpose: 'PASSWORD_RESET' })).toEqual({ kind: 'notVerified' });
    expect(await verifyCode(h.deps, { conversationId, purpose: 'PASSWORD_RESET', code })).toEqual({ kind: 'noChallenge' });
  });

  it('answers noChallenge when nothing was sent', async () => {
    const h = makeHarness(test.db);
    const conversationId = await newConversation(test.db);
    expect(await verifyCode(h.deps, { conversationId, purpose: 'PASSWORD_RESET', code: '123456' })).toEqual({ kind: 'noChallenge' });
    expect(await consumeChallenge(h.deps, { conversationId, purpose: 'PASSWORD_RESET' })).toEqual({ kind: 'notVerified' });
  });

  it('voids the challenge after 5 wrong codes and keeps the cool-down, even across a server restart', async () => {
    const h = makeHarness(test.db);
    const { account, conversationId, code } = await sentCode(h);
    const wrong = { conversationId, purpose: 'PASSWORD_RESET' as const, code: wrongCode(code) };
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await verifyCode(h.deps, wrong));
    expect(answers).toEqual([
      { kind: 'wrong', attemptsLeft: 4 },
      { kind: 'wrong', attemptsLeft: 3 },
      { kind: 'wrong', attemptsLeft: 2 },
      { kind: 'wrong', attemptsLeft: 1 },
      { kind: 'locked', retryAfterMinutes: 30 },
    ]);
    // Even the right code does nothing now, and a new code is refused.
    expect(await verifyCode(h.deps, { ...wrong, code })).toEqual({ kind: 'locked', retryAfterMinutes: 30 });
    const again = { conversationId, purpose: 'PASSWORD_RESET' as const, email: account.email, locale: 'en' as const };
    expect(await startChallenge(h.deps, again)).toEqual({ kind: 'locked', retryAfterMinutes: 30 });

    // "Restart": a new connection and new deps, same database and clock.
    h.clock.advance(10 * MINUTE);
    const reopened = await createDb(test.url);
    try {
      const restarted = makeHarness(reopened, h.clock);
      expect(await startChallenge(restarted.deps, again)).toEqual({ kind: 'locked', retryAfterMinutes: 20 });
      expect(await verifyCode(restarted.deps, { ...wrong, code })).toEqual({ kind: 'locked', retryAfterMinutes: 20 });
      // The mailbox is cooling down from any conversation.
      const elsewhere = { ...again, conversationId: await newConversation(reopened) };
      expect(await startChallenge(restarted.deps, elsewhere)).toEqual({ kind: 'locked', retryAfterMinutes: 20 });
      expect(restarted.mailer.letters).toEqual([]);

      h.clock.advance(20 * MINUTE);
      expect(await verifyCode(restarted.deps, { ...wrong, code })).toEqual({ kind: 'noChallenge' });
      expect(await startChallenge(restarted.deps, again)).toEqual({ kind: 'sent' });
      // A fresh start after the cool-down has the full count again.
      expect(await verifyCode(restarted.deps, wrong)).toEqual({ kind: 'wrong', attemptsLeft: 4 });
    } finally {
      await reopened.close();
    }

    // Failures never lock the account itself.
    const row = await test.db.prisma.account.findUniqueOrThrow({ where: { id: account.id } });
    expect(row.status).toBe('ACTIVE');
  });

  it('does not reset the failure count with a new code', async () => {
    const h = makeHarness(test.db);
    const { account, conversationId, code } = await sentCode(h);
    const purpose = 'PASSWORD_RESET' as const;
    for (let i = 0; i < 4; i++) await verifyCode(h.deps, { conversationId, purpose, code: wrongCode(code) });
    expect(await startChallenge(h.deps, { conversationId, purpose, email: account.email, locale: 'en' })).toEqual({ kind: 'sent' });
    const fresh = h.mailer.lastCode(account.email);
    expect(await verifyCode(h.deps, { conversationId, purpose, code: wrongCode(fresh) })).toEqual({ kind: 'locked', retryAfterMinutes: 30 });
    expect(await verifyCode(h.deps, { conversationId, purpose, code: fresh })).toEqual({ kind: 'locked', retryAfterMinutes: 30 });
  });

  it('answers expired after 10 minutes, without counting a failure', async () => {
    const h = makeHarness(test.db);
    const { conversationId, code } = await sentCode(h);
    h.clock.advance(10 * MINUTE);
    expect(await verifyCode(h.deps, { conversationId, purpose: 'PASSWORD_RESET', code })).toEqual({ kind: 'expired' });
    expect(await verifyCode(h.deps, { conversationId, purpose: 'PASSWORD_RESET', code: wrongCode(code) })).toEqual({ kind: 'expired' });
    const row = await test.db.prisma.verificationCode.findFirstOrThrow({ where: { conversationId } });
    expect(row).toMatchObject({ failedAttempts: 0, verifiedAt: null });
  });

  it('accepts the code until the last millisecond of its 10 minutes', async () => {
    const h = makeHarness(test.db);
    const { account, conversationId, code } = await sentCode(h);
    h.clock.advance(10 * MINUTE - 1);
    expect(await verifyCode(h.deps, { conversationId, purpose: 'PASSWORD_RESET', code })).toEqual({ kind: 'ok', accountId: account.id });
  });

  it('never matches a code of another purpose or another conversation', async () => {
    const h = makeHarness(test.db);
    const { account, conversationId, code } = await sentCode(h, 'EMAIL_CURRENT');
    const other = await newConversation(test.db);
    await startChallenge(h.deps, { conversationId: other, purpose: 'PASSWORD_RESET', email: account.email, locale: 'en' });
    const otherCode = h.mailer.lastCode(account.email);

    // The EMAIL_CURRENT code, tried for a password reset here and in the other conversation.
    expect(await verifyCode(h.deps, { conversationId, purpose: 'PASSWORD_RESET', code })).toEqual({ kind: 'noChallenge' });
    if (code !== otherCode) {
      expect(await verifyCode(h.deps, { conversationId: other, purpose: 'PASSWORD_RESET', code })).toEqual({ kind: 'wrong', attemptsLeft: 4 });
      expect(await verifyCode(h.deps, { conversationId, purpose: 'EMAIL_CURRENT', code: otherCode })).toEqual({ kind: 'wrong', attemptsLeft: 4 });
    }
    expect(await verifyCode(h.deps, { conversationId, purpose: 'EMAIL_CURRENT', code })).toEqual({ kind: 'ok', accountId: account.id });
    expect(await verifyCode(h.deps, { conversationId: other, purpose: 'PASSWORD_RESET', code: otherCode })).toEqual({ kind: 'ok', accountId: account.id });
  });

  it('counts concurrent wrong entries each', async () => {
    const h = makeHarness(test.db);
    const { conversationId, code } = await sentCode(h);
    const wrong = { conversationId, purpose: 'PASSWORD_RESET' as const, code: wrongCode(code) };
    const answers = await Promise.all([verifyCode(h.deps, wrong), verifyCode(h.deps, wrong)]);
    expect(answers.map((a) => (a.kind === 'wrong' ? a.attemptsLeft : a.kind)).sort()).toEqual([3, 4]);
    const row = await test.db.prisma.verificationCode.findFirstOrThrow({ where: { conversationId } });
    expect(row.failedAttempts).toBe(2);

    // Six at once from 2 failures: exactly 3 are counted, and the challenge ends voided.
    const burst = await Promise.all(Array.from({ length: 6 }, () => verifyCode(h.deps, wrong)));
    expect(burst.filter((a) => a.kind === 'wrong')).toHaveLength(2);
    expect(burst.filter((a) => a.kind === 'locked')).toHaveLength(4);
    const voided = await test.db.prisma.verificationCode.findFirstOrThrow({ where: { conversationId } });
    expect(voided.failedAttempts).toBe(5);
    expect(voided.voidedAt).not.toBeNull();
  });

  it('counts malformed entries as wrong ones', async () => {
    const h = makeHarness(test.db);
    const { conversationId } = await sentCode(h);
    expect(await verifyCode(h.deps, { conversationId, purpose: 'PASSWORD_RESET', code: 'hello' })).toEqual({ kind: 'wrong', attemptsLeft: 4 });
  });

  it('keeps the clock of the deps: a challenge started "later" is not expired by the wall clock', async () => {
    const h = makeHarness(test.db, makeClock('2031-01-01T00:00:00.000Z'));
    const { account, conversationId, code } = await sentCode(h);
    expect(await verifyCode(h.deps, { conversationId, purpose: 'PASSWORD_RESET', code })).toEqual({ kind: 'ok', accountId: account.id });
  });
});
