import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../../core/domain.js';
import type { Db } from '../../core/db/client.js';
import { readOutbox } from '../../core/mail/read-outbox.js';
import { verifyPassword } from '../../core/security/password.js';
import { createTranslator } from '../../bot/i18n/translator.js';
import { startBot, Shopper, type Harness, type Reply } from '../helpers/bot-harness.js';
import type { TestDatabase } from '../helpers/test-db.js';
import { directorySetups, openDirectory } from '../helpers/directory-setups.js';
import type { DirectoryUnderTest } from '../helpers/directory-under-test.js';
import { startSmtpCatcher, type SmtpCatcher } from '../helpers/smtp-catcher.js';
import { SPEECH } from './speech.js';
import fixture from '../fixtures/directory.json' with { type: 'json' };

const t = createTranslator();
const texts = (replies: Reply[]) => replies.map((r) => r.text);
const NEW_PASSWORD: Record<Locale, string> = {
  ru: 'Ветер над тихой рекой 42',
  uk: 'Вітер над тихою річкою 42',
  pl: 'Wiatr nad cichą rzeką 42!',
  en: 'Wind over a quiet river 42',
};

function codeIn(text: string): string {
  const found = /\b(\d{6})\b/.exec(text);
  if (!found) throw new Error(`no 6-digit code in: ${text}`);
  return found[1]!;
}

/** A clock the tests move by hand. */
class Clock {
  private offset = 0;
  now = () => new Date(Date.now() + this.offset);
  advanceMinutes(minutes: number) {
    this.offset += minutes * 60_000;
  }
}

describe.each(directorySetups())('self-service in the chat on $name', (setup) => {
  let database: TestDatabase;
  let directory: DirectoryUnderTest;
  let db: Db;
  let smtp: SmtpCatcher;
  let viaSmtp: Harness;
  let viaOutbox: Harness;
  const clock = new Clock();

  beforeAll(async () => {
    database = await setup.backend.create();
    db = database.db;
    directory = await openDirectory(setup, db, fixture, { now: clock.now });
    smtp = await startSmtpCatcher();
    viaSmtp = await startBot(db, { now: clock.now, env: { SMTP_URL: smtp.url, PUBLIC_BASE_URL: 'http://127.0.0.1:1' }, directory: directory.directory });
    viaOutbox = await startBot(db, { now: clock.now, directory: directory.directory });
  });

  afterAll(async () => {
    await viaSmtp.close();
    await viaOutbox.close();
    await smtp.close();
    await directory.close();
    await database.cleanup();
  });

  let serial = 0;
  /** A shopper account of its own per test, so the per-mailbox hourly limit never mixes tests. */
  async function freshAccount(tag: string): Promise<{ loginId: string; email: string }> {
    serial += 1;
    const loginId = `ru3${String(Date.now() % 1e6).padStart(6, '0')}${serial}`;
    const email = `${tag}.${serial}@example.com`;
    await directory.store.prisma.account.create({
      data: { loginId, email, emailNormalized: email, emailConfirmed: true, country: 'RU', status: 'ACTIVE' },
    });
    return { loginId, email };
  }

  /** The newest letter to an address, read the way the mode delivers it. */
  async function latestOutboxText(to: string, kind: string): Promise<string> {
    const letters = await readOutbox(db.prisma, viaOutbox.config.secret, { to, limit: 20 });
    const letter = letters.find((l) => l.kind === kind);
    if (!letter) throw new Error(`no ${kind} letter to ${to}`);
    return letter.text;
  }

  describe.each(LOCALES)('in %s', (locale) => {
    const say = SPEECH[locale];

    it('resets a password with a code from real mail (SMTP), refusing a common password', async () => {
      const { loginId, email } = await freshAccount(`reset-${locale}`);
      const s = new Shopper(() => viaSmtp.url, locale);
      await s.join();
      expect(texts(await s.say(t(locale, 'buttons.menu.forgotPassword')))).toEqual([t(locale, 'password.remembersEmail')]);
      expect(texts(await s.say(say.yes))).toEqual([t(locale, 'password.askEmail')]);
      const since = smtp.messages.length;
      const sent = await s.say(email);
      expect(texts(sent)).toEqual([t(locale, 'code.sentIfExists'), t(locale, 'code.ask')]);
      const mail = await smtp.waitFor((m) => m.to.includes(email) && smtp.messages.indexOf(m) >= since);
      const code = codeIn(mail.text);

      expect(texts(await s.say(code.replace(/(\d{3})/, '$1 ')))).toEqual([t(locale, 'password.askNew')]);
      expect(texts(await s.say('password1234'))).toEqual([t(locale, 'password.rejected.tooCommon'), t(locale, 'password.askNew')]);
      expect(texts(await s.say('short'))).toEqual([t(locale, 'password.rejected.tooShort'), t(locale, 'password.askNew')]);
      expect(texts(await s.say(NEW_PASSWORD[locale]))).toEqual([t(locale, 'password.askRepeat')]);
      const done = await s.say(NEW_PASSWORD[locale]);
      expect(texts(done)).toEqual([t(locale, 'password.changed'), t(locale, 'menu.prompt')]);

      const account = await directory.store.prisma.account.findUniqueOrThrow({ where: { loginId } });
      expect(await verifyPassword(NEW_PASSWORD[locale], account.passwordHash!)).toBe(true);
      expect(account.sessionsRevokedAt).not.toBeNull();
      await smtp.waitFor((m) => m.to.includes(email) && m.text.includes(loginId) && !/\b\d{6}\b/.test(m.text));

      const stored = await database.dump();
      expect(stored).not.toContain(NEW_PASSWORD[locale]);
      expect(stored).not.toContain(code);
    });

    it('answers an unknown address exactly like a known one, and no letter goes out', async () => {
      const s = new Shopper(() => viaSmtp.url, locale);
      await s.join();
      await s.say(t(locale, 'buttons.menu.forgotPassword'));
      await s.say(say.yes);
      const before = smtp.messages.length;
      const sent = await s.say(`nobody.${locale}@example.net`);
      expect(texts(sent)).toEqual([t(locale, 'code.sentIfExists'), t(locale, 'code.ask')]);
      expect((await s.say('123456'))[0]!.text).toBe(t(locale, 'code.wrong', { count: 4 }));
      await new Promise((r) => setTimeout(r, 200));
      expect(smtp.messages.slice(before).filter((m) => m.to.includes(`nobody.${locale}@example.net`))).toEqual([]);
    });

    it('changes the email with the old mailbox, codes read from the outbox', async () => {
      const s = new Shopper(() => viaOutbox.url, locale);
      const oldEmail = `jan.nowak@example.com`;
      const newEmail = `jan.${locale}@example.org`;
      await directory.store.prisma.account.update({ where: { loginId: 'pl1000000004' }, data: { email: oldEmail, emailNormalized: oldEmail } });
      await s.join();
      await s.say(t(locale, 'buttons.menu.changeEmail'));
      expect(texts(await s.say(say.yes))).toEqual([t(locale, 'email.askCurrent')]);
      expect(texts(await s.say(oldEmail))).toEqual([t(locale, 'code.sentIfExists'), t(locale, 'code.ask')]);
      const first = codeIn(await latestOutboxText(oldEmail, 'emailChangeCurrentCode'));
      expect(texts(await s.say(first))).toEqual([t(locale, 'email.askNewAddress')]);
      expect(texts(await s.say('anna.k@example.com'))).toEqual([t(locale, 'email.taken'), t(locale, 'email.askNewAddress')]);
      expect(texts(await s.say(newEmail))).toEqual([t(locale, 'code.sentToNew', { email: newEmail }), t(locale, 'code.ask')]);
      const second = codeIn(await latestOutboxText(newEmail, 'emailChangeNewCode'));
      const done = await s.say(second);
      expect(done[0]!.text).toBe(t(locale, 'email.changed', { email: `j***${locale.slice(-1)}@example.org` }));
      const account = await directory.store.prisma.account.findUniqueOrThrow({ where: { loginId: 'pl1000000004' } });
      expect(account.email).toBe(newEmail);
      expect(await latestOutboxText(oldEmail, 'emailChanged')).toContain('pl1000000004');
    });

    it('proves a blocked account by an email code and offers the review', async () => {
      const s = new Shopper(() => viaOutbox.url, locale);
      const address = (await directory.store.prisma.account.findUniqueOrThrow({ where: { loginId: 'pl1000000004' } })).email;
      await s.join();
      expect(texts(await s.say(t(locale, 'buttons.menu.blocked')))).toEqual([t(locale, 'blocked.general'), t(locale, 'blocked.askEmail')]);
      await s.say(address);
      const code = codeIn(await latestOutboxText(address, 'accountProofCode'));
      const proven = await s.say(code);
      expect(texts(proven)).toEqual([
        expect.stringContaining('pl1000000004'),
        t(locale, 'blocked.status.TEMP_BLOCKED'),
        t(locale, 'retrieval.blockedWhatNext'),
      ]);
      // The proof served its purpose (the account is known to the flow): the challenge is used up,
      // not left verified until it expires.
      const challenge = await db.prisma.verificationCode.findFirstOrThrow({
        where: { purpose: 'ACCOUNT_PROOF', conversation: { channelId: s.channelId, externalId: s.conversationId } },
      });
      expect(challenge.verifiedAt).not.toBeNull();
      expect(challenge.consumedAt).not.toBeNull();
    });

    it('sends a confirmation letter to an unconfirmed account whose link really confirms it', async () => {
      await directory.store.prisma.account.update({ where: { loginId: 'ru1000000005' }, data: { emailConfirmed: false, status: 'UNCONFIRMED' } });
      const s = new Shopper(() => viaOutbox.url, locale);
      await s.join();
      await s.say(t(locale, 'buttons.menu.forgotAccount'));
      await s.say(say.yes);
      await s.say(say.yes);
      const found = await s.say('8123456789012350');
      expect(texts(found)).toEqual([
        t(locale, 'retrieval.found', { loginId: 'ru1000000005', email: 'd***s@example.org' }),
        t(locale, 'confirmation.sent', { email: 'd***s@example.org' }),
        t(locale, 'retrieval.whatNext'),
      ]);
      const letter = await latestOutboxText('dmitry.s@example.org', 'emailConfirmation');
      const link = /(https?:\/\/\S+\/confirm-email\?\S+)/.exec(letter)![1]!;
      const path = new URL(link).pathname + new URL(link).search;
      const page = await fetch(`${viaOutbox.url}${path}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(t(locale, 'confirmPage.confirmed', { loginId: 'ru1000000005' }));
      const account = await directory.store.prisma.account.findUniqueOrThrow({ where: { loginId: 'ru1000000005' } });
      expect(account.emailConfirmed).toBe(true);
      expect(account.status).toBe('ACTIVE');
      const again = await fetch(`${viaOutbox.url}${path}`);
      expect(await again.text()).not.toContain(t(locale, 'confirmPage.confirmed', { loginId: 'ru1000000005' }));
    });

    it('explains where the user ID is and how to register, asked in words', async () => {
      const s = new Shopper(() => viaOutbox.url, locale);
      await s.join();
      expect(texts(await s.say(t(locale, 'buttons.menu.whereId')))).toEqual([t(locale, 'whereId.info'), t(locale, 'menu.prompt')]);
      const register = { ru: 'как зарегистрироваться?', uk: 'як зареєструватися?', pl: 'jak się zarejestrować?', en: 'how to register?' }[locale];
      expect(texts(await s.say(register))).toEqual([t(locale, 'register.info'), t(locale, 'menu.prompt')]);
    });

    it('collects proof and the new address when the old mailbox is lost, then opens the case', async () => {
      const s = new Shopper(() => viaOutbox.url, locale);
      await s.join();
      await s.say(t(locale, 'buttons.menu.changeEmail'));
      expect(texts(await s.say(say.no))).toEqual([t(locale, 'email.lockedMailbox'), t(locale, 'retrieval.hasOrders')]);
      await s.say(say.yes);
      await s.say(say.yes);
      const found = await s.say('8123456789012345');
      expect(texts(found)).toEqual([
        t(locale, 'retrieval.found', { loginId: 'ru1000000001', email: 'a***k@example.com' }),
        t(locale, 'email.askNew'),
      ]);
      await s.say(`anna.${locale}.new@example.org`);
      const opened = await db.prisma.case.findFirstOrThrow({
        where: { conversation: { externalId: s.conversationId } },
        include: { evidence: true },
      });
      expect(opened).toMatchObject({ type: 'EMAIL_CHANGE_LOCKED_MAILBOX', locale, requestedEmail: `anna.${locale}.new@example.org` });
      expect(opened.evidence.map((e) => [e.kind, e.matched])).toEqual([['ORDER_NUMBER', true]]);
    });

    it('answers phone reset eligibility from numbers in common notations', async () => {
      const s = new Shopper(() => viaOutbox.url, locale);
      await s.join();
      await s.say(t(locale, 'buttons.menu.forgotAccount'));
      await s.say(say.no);
      expect(texts(await s.say(say.no))).toEqual([t(locale, 'retrieval.askPhone')]);
      expect(texts(await s.say('+7 (916) 123-45-67'))).toEqual([t(locale, 'phone.eligibleRuLocal'), t(locale, 'menu.prompt')]);
      await s.say(t(locale, 'buttons.menu.forgotAccount'));
      await s.say(say.no);
      await s.say(say.no);
      expect(texts(await s.say('0033 6 12 34 56 78'))).toEqual([t(locale, 'phone.eligibleGlobal'), t(locale, 'menu.prompt')]);
      await s.say(t(locale, 'buttons.menu.forgotAccount'));
      await s.say(say.no);
      await s.say(say.no);
      expect(texts(await s.say('+48 1234 5'))).toEqual([t(locale, 'phone.invalid')]);
      expect(texts(await s.say('+48 512 345 678'))).toEqual([t(locale, 'phone.notEligible'), t(locale, 'retrieval.noOrdersOfferOperator')]);
    });
  });

  it('answers the same for a known and an unknown address even when the mail server is down', async () => {
    const { createServer } = await import('node:net');
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const down = await startBot(db, { now: clock.now, env: { SMTP_URL: `smtp://127.0.0.1:${closed}` }, directory: directory.directory });
    try {
      const answers: string[][] = [];
      const { email } = await freshAccount('smtp-down');
      for (const address of [email, 'nobody.smtp-down@example.net']) {
        const s = new Shopper(() => down.url, 'en');
        await s.join();
        await s.say(t('en', 'buttons.menu.forgotPassword'));
        await s.say('yes');
        answers.push(texts(await s.say(address)));
      }
      expect(answers[0]).toEqual([t('en', 'code.sentIfExists'), t('en', 'code.ask')]);
      expect(answers[1]).toEqual(answers[0]);
    } finally {
      await down.close();
    }
  });

  describe('abuse of codes', () => {
    async function toCode(harness: Harness, email: string) {
      const s = new Shopper(() => harness.url, 'ru');
      await s.join();
      await s.say(t('ru', 'buttons.menu.forgotPassword'));
      await s.say('да');
      await s.say(email);
      return s;
    }

    it('voids the code after 5 wrong entries, refuses a new one during the cool-down, also after a restart', async () => {
      const { email } = await freshAccount('abuse-wrong');
      const s = await toCode(viaOutbox, email);
      for (const left of [4, 3, 2, 1]) expect((await s.say('000000'))[0]!.text).toBe(t('ru', 'code.wrong', { count: left }));
      expect(texts(await s.say('000000'))).toEqual([t('ru', 'code.locked', { count: 30 }), t('ru', 'code.lockedOfferOperator')]);

      await viaOutbox.close();
      viaOutbox = await startBot(db, { now: clock.now, directory: directory.directory });
      const again = new Shopper(() => viaOutbox.url, 'ru', s.conversationId);
      await again.say(t('ru', 'buttons.startOver'));
      await again.say(t('ru', 'buttons.menu.forgotPassword'));
      await again.say('да');
      expect(texts(await again.say(email))[0]).toBe(t('ru', 'code.locked', { count: 30 }));
    });

    it('refuses an expired code and a code from another conversation', async () => {
      const { email } = await freshAccount('abuse-expired');
      const a = await toCode(viaOutbox, email);
      const codeA = codeIn(await latestOutboxText(email, 'passwordResetCode'));
      const b = await toCode(viaOutbox, email);
      const codeB = codeIn(await latestOutboxText(email, 'passwordResetCode'));
      if (codeA !== codeB) expect((await b.say(codeA))[0]!.text).toBe(t('ru', 'code.wrong', { count: 4 }));
      clock.advanceMinutes(11);
      expect((await a.say(codeA))[0]!.text).toBe(t('ru', 'code.expired'));
      expect((await b.say(codeB))[0]!.text).toBe(t('ru', 'code.expired'));
    });

    it('limits resends: 60 s apart, at most 3, and a new code keeps the failure count', async () => {
      const { email } = await freshAccount('abuse-resend');
      const s = await toCode(viaOutbox, email);
      expect((await s.say('000000'))[0]!.text).toBe(t('ru', 'code.wrong', { count: 4 }));
      const tooSoon = await s.say(t('ru', 'buttons.resendCode'));
      expect(tooSoon[0]!.text).toMatch(/\d/);
      expect(tooSoon[0]!.text).not.toBe(t('ru', 'code.resent'));
      for (let i = 0; i < 3; i++) {
        clock.advanceMinutes(1.1);
        expect((await s.say(t('ru', 'buttons.resendCode')))[0]!.text).toBe(t('ru', 'code.resent'));
      }
      clock.advanceMinutes(1.1);
      expect((await s.say(t('ru', 'buttons.resendCode')))[0]!.text).toBe(t('ru', 'code.resendLimit'));
      expect((await s.say('000000'))[0]!.text).toBe(t('ru', 'code.wrong', { count: 3 }));
      const code = codeIn(await latestOutboxText(email, 'passwordResetCode'));
      expect(texts(await s.say(code))).toEqual([t('ru', 'password.askNew')]);
    });

    it('sends one letter and spends one attempt when the same activity arrives twice', async () => {
      const { email } = await freshAccount('abuse-replay');
      const s = new Shopper(() => viaOutbox.url, 'ru');
      await s.join();
      await s.say(t('ru', 'buttons.menu.forgotPassword'));
      await s.say('да');
      const ask = s.activity({ text: email });
      await s.send(ask);
      await s.send(ask);
      const after = (await readOutbox(db.prisma, viaOutbox.config.secret, { to: email, limit: 200 })).length;
      const before = 0;
      expect(after - before).toBe(1);
      const wrong = s.activity({ text: '000000' });
      const first = await s.send(wrong);
      const second = await s.send(wrong);
      expect(texts(second)).toEqual(texts(first));
      expect((await s.say('000000'))[0]!.text).toBe(t('ru', 'code.wrong', { count: 3 }));
    });

    it('keeps passwords and codes out of the transcript', async () => {
      const { email } = await freshAccount('abuse-transcript');
      const s = await toCode(viaOutbox, email);
      const code = codeIn(await latestOutboxText(email, 'passwordResetCode'));
      await s.say(code);
      await s.say('Тайная фраза из многих слов 77');
      const lines = await db.prisma.transcriptEntry.findMany({ where: { conversation: { externalId: s.conversationId } } });
      const joined = lines.map((l) => l.text).join('\n');
      expect(joined).not.toContain(code);
      expect(joined).not.toContain('Тайная фраза');
      expect(joined).toContain('[password, not kept]');
    });
  });
});
