import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resendCode } from '../../core/codes/resend-code.js';
import { startChallenge } from '../../core/codes/start-challenge.js';
import { verifyCode } from '../../core/codes/verify-code.js';
import type { Db } from '../../core/db/client.js';
import { testBackends } from '../helpers/test-db.js';
import { MINUTE, makeHarness, newAccount, newConversation, wrongCode } from './code-fixtures.js';

const backends = testBackends();
afterAll(async () => {
  for (const backend of backends) await backend.teardown();
});

describe.each(backends)('resendCode on $name', (backend) => {
  let db: Db;
  beforeAll(async () => {
    db = await backend.setup();
  });

  const purpose = 'PASSWORD_RESET' as const;

  it('sends a new code 60 s apart, at most 3 times; the old code dies, failures stay, expiry restarts', async () => {
    const { deps, mailer, clock } = makeHarness(db);
    const account = await newAccount(db);
    const conversationId = await newConversation(db);
    await startChallenge(deps, { conversationId, purpose, email: account.email, locale: 'pl' });
    const first = mailer.lastCode(account.email);
    expect(await verifyCode(deps, { conversationId, purpose, code: wrongCode(first) })).toEqual({ kind: 'wrong', attemptsLeft: 4 });

    clock.advance(15_500);
    expect(await resendCode(deps, { conversationId, purpose, locale: 'pl' })).toEqual({ kind: 'tooSoon', seconds: 45 });
    clock.advance(44_500);
    expect(await resendCode(deps, { conversationId, purpose, locale: 'pl' })).toEqual({ kind: 'sent' });
    const second = mailer.lastCode(account.email);
    expect(mailer.letters.at(-1)).toEqual({ kind: 'passwordResetCode', to: account.email, locale: 'pl', params: { code: second, minutes: 10 }, conversationId });

    const row = await db.prisma.verificationCode.findFirstOrThrow({ where: { conversationId } });
    expect(row).toMatchObject({ sends: 2, failedAttempts: 1, voidedAt: null });
    expect(row.expiresAt.getTime()).toBe(clock.now().getTime() + 10 * MINUTE);

    for (let i = 0; i < 2; i++) {
      expect(await resendCode(deps, { conversationId, purpose, locale: 'pl' })).toMatchObject({ kind: 'tooSoon' });
      clock.advance(60_000);
      expect(await resendCode(deps, { conversationId, purpose, locale: 'pl' })).toEqual({ kind: 'sent' });
    }
    clock.advance(60_000);
    expect(await resendCode(deps, { conversationId, purpose, locale: 'pl' })).toEqual({ kind: 'limitReached' });
    expect(mailer.letters).toHaveLength(4);

    const last = mailer.lastCode(account.email);
    if (first !== last) expect(await verifyCode(deps, { conversationId, purpose, code: first })).toEqual({ kind: 'wrong', attemptsLeft: 3 });
    // 9 minutes after the last resend: past the first code's expiry, inside the new one's.
    clock.advance(8 * MINUTE);
    expect(await verifyCode(deps, { conversationId, purpose, code: last })).toEqual({ kind: 'ok', accountId: account.id });
    expect(await resendCode(deps, { conversationId, purpose, locale: 'pl' })).toEqual({ kind: 'noChallenge' });
  });

  it('renews an expired code', async () => {
    const { deps, mailer, clock } = makeHarness(db);
    const account = await newAccount(db);
    const conversationId = await newConversation(db);
    await startChallenge(deps, { conversationId, purpose, email: account.email, locale: 'en' });
    clock.advance(15 * MINUTE);
    expect(await verifyCode(deps, { conversationId, purpose, code: mailer.lastCode(account.email) })).toEqual({ kind: 'expired' });
    expect(await resendCode(deps, { conversationId, purpose, locale: 'en' })).toEqual({ kind: 'sent' });
    expect(await verifyCode(deps, { conversationId, purpose, code: mailer.lastCode(account.email) })).toEqual({ kind: 'ok', accountId: account.id });
  });

  it('gives the same answers without an account, and sends nothing', async () => {
    const { deps, mailer, clock } = makeHarness(db);
    const conversationId = await newConversation(db);
    await startChallenge(deps, { conversationId, purpose, email: 'no-such-shopper@example.com', locale: 'en' });
    const answers = [await resendCode(deps, { conversationId, purpose, locale: 'en' })];
    for (let i = 0; i < 4; i++) {
      clock.advance(60_000);
      answers.push(await resendCode(deps, { conversationId, purpose, locale: 'en' }));
    }
    expect(answers).toEqual([{ kind: 'tooSoon', seconds: 60 }, { kind: 'sent' }, { kind: 'sent' }, { kind: 'sent' }, { kind: 'limitReached' }]);
    expect(mailer.letters).toEqual([]);
  });

  it('answers noChallenge with nothing to resend, or after the challenge was voided', async () => {
    const { deps, mailer, clock } = makeHarness(db);
    const account = await newAccount(db);
    const conversationId = await newConversation(db);
    expect(await resendCode(deps, { conversationId, purpose, locale: 'en' })).toEqual({ kind: 'noChallenge' });
    await startChallenge(deps, { conversationId, purpose, email: account.email, locale: 'en' });
    const code = mailer.lastCode(account.email);
    for (let i = 0; i < 5; i++) await verifyCode(deps, { conversationId, purpose, code: wrongCode(code) });
    clock.advance(60_000);
    expect(await resendCode(deps, { conversationId, purpose, locale: 'en' })).toEqual({ kind: 'noChallenge' });
    expect(mailer.letters).toHaveLength(1);
  });

  it('answers mailFailed when the mailer fails, and lets the next resend try again', async () => {
    const { deps, mailer, clock } = makeHarness(db);
    const account = await newAccount(db);
    const conversationId = await newConversation(db);
    await startChallenge(deps, { conversationId, purpose, email: account.email, locale: 'en' });
    clock.advance(60_000);
    mailer.status = 'FAILED';
    expect(await resendCode(deps, { conversationId, purpose, locale: 'en' })).toEqual({ kind: 'mailFailed' });
    clock.advance(60_000);
    mailer.status = 'SENT';
    expect(await resendCode(deps, { conversationId, purpose, locale: 'en' })).toEqual({ kind: 'sent' });
  });

  it('sends one letter for two resends at the same moment', async () => {
    const { deps, mailer, clock } = makeHarness(db);
    const account = await newAccount(db);
    const conversationId = await newConversation(db);
    await startChallenge(deps, { conversationId, purpose, email: account.email, locale: 'en' });
    clock.advance(60_000);
    const answers = await Promise.all([resendCode(deps, { conversationId, purpose, locale: 'en' }), resendCode(deps, { conversationId, purpose, locale: 'en' })]);
    expect(answers.map((a) => a.kind).sort()).toEqual(['sent', 'tooSoon']);
    expect(mailer.letters).toHaveLength(2);
    const row = await db.prisma.verificationCode.findFirstOrThrow({ where: { conversationId } });
    expect(row.sends).toBe(2);
  });
});
