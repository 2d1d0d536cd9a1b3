import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONVERSATION_CHALLENGES_PER_HOUR, MAILBOX_CHALLENGES_PER_HOUR } from '../../core/codes/challenge-limits.js';
import { startChallenge } from '../../core/codes/start-challenge.js';
import { verifyCode } from '../../core/codes/verify-code.js';
import type { Db } from '../../core/db/client.js';
import { testBackends } from '../helpers/test-db.js';
import { MINUTE, makeHarness, newAccount, newConversation, wrongCode } from './code-fixtures.js';

const backends = testBackends();
afterAll(async () => {
  for (const backend of backends) await backend.teardown();
});

describe.each(backends)('startChallenge on $name', (backend) => {
  let db: Db;
  beforeAll(async () => {
    db = await backend.setup();
  });

  it('sends a 6-digit code to the account found by its address, stored only as a keyed hash', async () => {
    const { deps, mailer, clock } = makeHarness(db);
    const account = await newAccount(db);
    const conversationId = await newConversation(db);
    const typed = `  ${account.email.toUpperCase()} `;

    expect(await startChallenge(deps, { conversationId, purpose: 'PASSWORD_RESET', email: typed, locale: 'uk' })).toEqual({ kind: 'sent' });

    expect(mailer.letters).toEqual([
      { kind: 'passwordResetCode', to: account.email, locale: 'uk', params: { code: expect.stringMatching(/^[0-9]{6}$/), minutes: 10 }, conversationId },
    ]);
    const row = await db.prisma.verificationCode.findFirstOrThrow({ where: { conversationId } });
    expect(row).toMatchObject({ purpose: 'PASSWORD_RESET', accountId: account.id, failedAttempts: 0, sends: 1, newEmail: null, verifiedAt: null });
    expect(row.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.codeHash).not.toContain(mailer.lastCode(account.email));
    expect(row.emailKey).not.toContain(account.email.toLowerCase());
    expect(row.expiresAt.getTime() - clock.now().getTime()).toBe(10 * MINUTE);
  });

  it.each([
    ['PASSWORD_RESET', 'passwordResetCode'],
    ['EMAIL_CURRENT', 'emailChangeCurrentCode'],
    ['ACCOUNT_PROOF', 'accountProofCode'],
  ] as const)('sends a %s code as a %s letter', async (purpose, kind) => {
    const { deps, mailer } = makeHarness(db);
    const account = await newAccount(db);
    const conversationId = await newConversation(db);
    expect(await startChallenge(deps, { conversationId, purpose, email: account.email, locale: 'pl' })).toEqual({ kind: 'sent' });
    expect(mailer.letters.map((l) => [l.kind, l.to])).toEqual([[kind, account.email]]);
  });

  it('with an account id, sends to the address on file, never to the address the caller gives', async () => {
    const { deps, mailer } = makeHarness(db);
    const account = await newAccount(db);
    const conversationId = await newConversation(db);
    const result = await startChallenge(deps, { conversationId, purpose: 'PASSWORD_RESET', email: 'attacker@evil.example', accountId: account.id, locale: 'en' });
    expect(result).toEqual({ kind: 'sent' });
    expect(mailer.letters.map((l) => l.to)).toEqual([account.email]);
  });

  it('sends EMAIL_NEW to the new address, remembering it on the challenge', async () => {
    const { deps, mailer } = makeHarness(db);
    const account = await newAccount(db);
    const conversationId = await newConversation(db);
    const result = await startChallenge(deps, { conversationId, purpose: 'EMAIL_NEW', email: account.email, newEmail: ' New.Box@Example.org ', accountId: account.id, locale: 'ru' });
    expect(result).toEqual({ kind: 'sent' });
    expect(mailer.letters.map((l) => [l.kind, l.to])).toEqual([['emailChangeNewCode', 'New.Box@Example.org']]);
    const row = await db.prisma.verificationCode.findFirstOrThrow({ where: { conversationId } });
    expect(row).toMatchObject({ accountId: account.id, newEmail: 'New.Box@Example.org' });
  });

  it('answers an unknown or deleted address exactly like a known one, and sends nothing', async () => {
    const { deps, mailer } = makeHarness(db);
    const deleted = await newAccount(db, { status: 'DELETED' });
    for (const email of ['nobody-here@example.com', deleted.email]) {
      const conversationId = await newConversation(db);
      expect(await startChallenge(deps, { conversationId, purpose: 'PASSWORD_RESET', email, locale: 'en' })).toEqual({ kind: 'sent' });
      const row = await db.prisma.verificationCode.findFirstOrThrow({ where: { conversationId } });
      expect(row).toMatchObject({ accountId: null, sends: 1, failedAttempts: 0 });
      expect(row.codeHash).toMatch(/^[0-9a-f]{64}$/);
      // Whatever the shopper types, it is "wrong", with the same count as for a real code.
      expect(await verifyCode(deps, { conversationId, purpose: 'PASSWORD_RESET', code: '123456' })).toEqual({ kind: 'wrong', attemptsLeft: 4 });
    }
    expect(mailer.letters).toEqual([]);
  });

  it('answers mailFailed when the mailer cannot take the letter, keeping the challenge for a resend', async () => {
    const { deps, mailer } = makeHarness(db);
    const account = await newAccount(db);
    const conversationId = await newConversation(db);
    mailer.status = 'FAILED';
    expect(await startChallenge(deps, { conversationId, purpose: 'PASSWORD_RESET', email: account.email, locale: 'en' })).toEqual({ kind: 'mailFailed' });
    expect(await db.prisma.verificationCode.count({ where: { conversationId, voidedAt: null } })).toBe(1);
  });

  it('replaces the open challenge: the old code stops working, its failures carry over', async () => {
    const { deps, mailer } = makeHarness(db);
    const account = await newAccount(db);
    const conversationId = await newConversation(db);
    const start = () => startChallenge(deps, { conversationId, purpose: 'PASSWORD_RESET', email: account.email, locale: 'en' });
    await start();
    const first = mailer.lastCode(account.email);
    for (let i = 0; i < 3; i++) await verifyCode(deps, { conversationId, purpose: 'PASSWORD_RESET', code: wrongCode(first) });

    await start();
    const second = mailer.lastCode(account.email);
    const rows = await db.prisma.verificationCode.findMany({ where: { conversationId } });
    expect(rows.map((r) => `${r.voidedAt ? 'voided' : 'open'}:${r.failedAttempts}`).sort()).toEqual(['open:3', 'voided:3']);
    if (first !== second) {
      expect(await verifyCode(deps, { conversationId, purpose: 'PASSWORD_RESET', code: first })).toEqual({ kind: 'wrong', attemptsLeft: 1 });
    }
    expect(await verifyCode(deps, { conversationId, purpose: 'PASSWORD_RESET', code: second })).toEqual({ kind: 'ok', accountId: account.id });
  });

  it(`sends a mailbox at most ${MAILBOX_CHALLENGES_PER_HOUR} codes an hour from all conversations, then answers sent without sending`, async () => {
    const { deps, mailer, clock } = makeHarness(db);
    const account = await newAccount(db);
    for (let i = 0; i < MAILBOX_CHALLENGES_PER_HOUR + 2; i++) {
      const conversationId = await newConversation(db);
      expect(await startChallenge(deps, { conversationId, purpose: 'PASSWORD_RESET', email: account.email, locale: 'en' })).toEqual({ kind: 'sent' });
      clock.advance(MINUTE);
    }
    expect(mailer.letters).toHaveLength(MAILBOX_CHALLENGES_PER_HOUR);

    clock.advance(60 * MINUTE);
    await startChallenge(deps, { conversationId: await newConversation(db), purpose: 'PASSWORD_RESET', email: account.email, locale: 'en' });
    expect(mailer.letters).toHaveLength(MAILBOX_CHALLENGES_PER_HOUR + 1);
  });

  it(`locks a conversation after ${CONVERSATION_CHALLENGES_PER_HOUR} challenges an hour, known addresses or not`, async () => {
    const { deps, clock } = makeHarness(db);
    const conversationId = await newConversation(db);
    for (let i = 0; i < CONVERSATION_CHALLENGES_PER_HOUR; i++) {
      const email = `probe-${i}-${conversationId}@example.com`;
      expect(await startChallenge(deps, { conversationId, purpose: 'PASSWORD_RESET', email, locale: 'en' })).toEqual({ kind: 'sent' });
      clock.advance(2 * MINUTE);
    }
    const next = { conversationId, purpose: 'ACCOUNT_PROOF' as const, email: `probe-x-${conversationId}@example.com`, locale: 'en' as const };
    expect(await startChallenge(deps, next)).toEqual({ kind: 'locked', retryAfterMinutes: 50 });
    clock.advance(50 * MINUTE);
    expect(await startChallenge(deps, next)).toEqual({ kind: 'sent' });
  });
});
