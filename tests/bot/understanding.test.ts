import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../../core/domain.js';
import type { Db } from '../../core/db/client.js';
import { importDirectory } from '../../core/import/import-directory.js';
import { createTranslator } from '../../bot/i18n/translator.js';
import { startBot, Shopper, type Harness, type Reply } from '../helpers/bot-harness.js';
import { testBackends, type TestDatabase } from '../helpers/test-db.js';
import { UNDERSTANDING } from './understanding-speech.js';
import fixture from '../fixtures/directory.json' with { type: 'json' };

const t = createTranslator();
const texts = (replies: Reply[]) => replies.map((r) => r.text);
const FOUND_ANNA = (locale: Locale) => t(locale, 'retrieval.found', { loginId: 'ru1000000001', email: 'a***k@example.com' });
/* An order whose number looks like an American Express card: 15 digits, 34…, Luhn-valid. */
const AMEX_SHAPED_ORDER = '341234567890127';
const amexAccount = {
  accounts: [
    {
      loginId: 'ru1000000034',
      email: 'amex.order@example.com',
      emailConfirmed: true,
      country: 'RU',
      status: 'ACTIVE',
      password: 'Correct horse battery staple 34',
      orders: [{ number: AMEX_SHAPED_ORDER, amount: '10.00', currency: 'RUB', paidAt: '2026-09-01T10:00:00Z', payment: { method: 'OTHER' } }],
    },
  ],
};

describe.each(testBackends())('understanding shoppers over HTTP on $name', (backend) => {
  let database: TestDatabase;
  let db: Db;
  let bot: Harness;

  beforeAll(async () => {
    database = await backend.create();
    db = database.db;
    await importDirectory(db, fixture);
    await importDirectory(db, amexAccount);
    bot = await startBot(db);
  });

  afterAll(async () => {
    await bot.close();
    await database.cleanup();
  });

  const shopper = (locale: string | undefined) => new Shopper(() => bot.url, locale);

  describe.each(LOCALES)('in %s', (locale) => {
    const say = UNDERSTANDING[locale];
    const opened = async () => {
      const s = shopper(locale);
      await s.join();
      return s;
    };
    /** From the menu to the card-digits question, typing the answers. */
    const toCardDigits = async () => {
      const s = await opened();
      await s.say(say.forgotAccount[0]!);
      await s.say(say.yes[0]!);
      await s.say(say.no[0]!);
      return { s, asked: await s.say(t(locale, 'buttons.pay.card')) };
    };

    it.each(say.forgotPassword)('a first message "%s" leads to the password reset', async (text) => {
      const s = await opened();
      expect(texts(await s.say(text))).toEqual([t(locale, 'password.remembersEmail')]);
    });

    it.each(say.forgotAccount)('a first message "%s" leads to finding the account', async (text) => {
      const s = await opened();
      expect(texts(await s.say(text))).toEqual([t(locale, 'retrieval.hasOrders')]);
    });

    it.each(say.changeEmail)('a first message "%s" leads to the email change', async (text) => {
      const s = await opened();
      expect(texts(await s.say(text))).toEqual([t(locale, 'email.hasMailbox')]);
    });

    it.each(say.operator)('"%s" opens a case for an operator', async (text) => {
      const s = await opened();
      const replies = await s.say(text);
      const made = await db.prisma.case.findFirst({ where: { conversation: { externalId: s.conversationId } } });
      expect(made?.type).toBe('GENERAL');
      const position = await db.prisma.case.count({ where: { status: 'WAITING', createdAt: { lte: made!.createdAt } } });
      expect(texts(replies)).toEqual([t(locale, 'handoff.queued', { caseNumber: made!.number, count: position })]);
    });

    it('takes the address typed at "do you remember the email?" and sends the code', async () => {
      const s = await opened();
      await s.say(say.forgotPassword[0]!);
      const replies = await s.say('anna.k@example.com');
      expect(texts(replies)).toEqual([t(locale, 'code.sentIfExists'), t(locale, 'code.ask')]);
      expect(replies[0]!.text).toMatch(say.marker);
    });

    it('takes an order number typed with "yes" at "have you placed orders?"', async () => {
      const s = await opened();
      await s.say(say.forgotAccount[0]!);
      const found = await s.say(say.orderInYes);
      expect(found[0]!.text).toBe(FOUND_ANNA(locale));
    });

    it('takes card digits typed at "how did you pay?", kopecks/grosze/cents in words, and the date', async () => {
      const s = await opened();
      await s.say(say.forgotAccount[0]!);
      await s.say(say.yes[1]!);
      await s.say(say.no[0]!);
      expect(texts(await s.say(say.cardInPaymentAnswer))).toEqual([t(locale, 'retrieval.askAmount')]);
      expect(texts(await s.say(say.amountInWords))).toEqual([t(locale, 'retrieval.askDate')]);
      const found = await s.say('01.10.2026');
      expect(found[0]!.text).toBe(FOUND_ANNA(locale));
    });

    it('takes the amount and the date from one message', async () => {
      const { s } = await toCardDigits();
      await s.say('427601 1234');
      const found = await s.say(say.amountWithDate);
      expect(found[0]!.text).toBe(FOUND_ANNA(locale));
    });

    it('never reads a date as the amount, and asks for the exact amount instead of an approximate one', async () => {
      const { s } = await toCardDigits();
      await s.say('427601 1234');
      expect(texts(await s.say(say.dateAtAmount))).toEqual([t(locale, 'retrieval.dateNotAmount'), t(locale, 'retrieval.askAmount')]);
      expect(texts(await s.say(say.approximate))).toEqual([t(locale, 'retrieval.amountNotExact'), t(locale, 'retrieval.askAmount')]);
      expect(texts(await s.say('1520,50'))).toEqual([t(locale, 'retrieval.askDate')]);
    });

    it.each(say.yes)('"%s" is yes at a yes/no question', async (text) => {
      const s = await opened();
      await s.say(say.forgotAccount[0]!);
      expect(texts(await s.say(text))).toEqual([t(locale, 'retrieval.hasOrderNumber')]);
    });

    it.each(say.no)('"%s" is no at a yes/no question', async (text) => {
      const s = await opened();
      await s.say(say.forgotAccount[0]!);
      expect(texts(await s.say(text))).toEqual([t(locale, 'retrieval.remembersEmail')]);
    });

    it('offers other ways at the card, amount and date steps, and takes an order number there', async () => {
      const { s } = await toCardDigits();
      const card = await s.say(say.dontRememberCard);
      expect(texts(card)).toEqual([t(locale, 'retrieval.cardDetailsUnknown')]);
      expect(card[0]!.buttons).toEqual([t(locale, 'buttons.operator'), t(locale, 'buttons.startOver')]);
      expect((await s.say('8123456789012345'))[0]!.text).toBe(FOUND_ANNA(locale));

      const amount = await toCardDigits();
      await amount.s.say('427601 1234');
      expect(texts(await amount.s.say(say.dontRememberAmount))).toEqual([t(locale, 'retrieval.cardDetailsUnknown')]);

      const date = await toCardDigits();
      await date.s.say('427601 1234');
      await date.s.say('1520,50');
      expect(texts(await date.s.say(say.dontRememberDate))).toEqual([t(locale, 'retrieval.cardDetailsUnknown')]);
      await date.s.say(t(locale, 'buttons.operator'));
      const made = await db.prisma.case.findFirst({ where: { conversation: { externalId: date.s.conversationId } }, include: { evidence: true } });
      expect(made?.type).toBe('ACCOUNT_NOT_FOUND');
      expect(made?.evidence.map((e) => e.kind).sort()).toEqual(['AMOUNT', 'CARD']);
    });

    it('goes on to the payment question when the order number is not known', async () => {
      const s = await opened();
      await s.say(say.forgotAccount[0]!);
      await s.say(say.yes[0]!);
      await s.say(say.yes[0]!);
      expect(texts(await s.say(say.dontKnowOrder))).toEqual([t(locale, 'retrieval.askPayment')]);
    });

    it('after two misunderstandings in a row says what it can do and offers an operator', async () => {
      const s = await opened();
      await s.say(say.forgotAccount[0]!);
      expect(texts(await s.say(say.gibberish[0]))).toEqual([t(locale, 'common.didNotUnderstand'), t(locale, 'retrieval.hasOrders')]);
      const second = await s.say(say.gibberish[1]);
      expect(texts(second)).toEqual([t(locale, 'common.whatICanDo'), t(locale, 'retrieval.hasOrders')]);
      expect(second[1]!.buttons).toContain(t(locale, 'buttons.operator'));
    });

    it('asks "did you mean … or …?" with both meanings as buttons when unsure, and goes on with the one tapped', async () => {
      const s = await opened();
      const asked = await s.say(say.vagueMail);
      const meanings = [t(locale, 'buttons.menu.changeEmail'), t(locale, 'buttons.noMailbox')];
      expect([...asked[0]!.buttons].sort()).toEqual([...meanings].sort());
      const [firstButton = '', secondButton = ''] = asked[0]!.buttons;
      expect(texts(asked)).toEqual([t(locale, 'common.didYouMean', { firstButton, secondButton })]);
      expect(texts(await s.say(t(locale, 'buttons.menu.changeEmail')))).toEqual([t(locale, 'email.hasMailbox')]);
    });

    it('a 15-digit order number starting with 34 is looked up, not refused as a card (issue 12 #10)', async () => {
      const s = await opened();
      await s.say(say.forgotAccount[0]!);
      await s.say(say.yes[0]!);
      await s.say(say.yes[0]!);
      const found = await s.say(AMEX_SHAPED_ORDER);
      expect(found[0]!.text).toBe(t(locale, 'retrieval.found', { loginId: 'ru1000000034', email: 'a***r@example.com' }));
    });

    it('"no access to the mailbox" at the change-email question leads to the lost-mailbox path (issue 12 #11)', async () => {
      const s = await opened();
      await s.say(say.changeEmail[0]!);
      expect(texts(await s.say(say.noMailbox))).toEqual([t(locale, 'email.lockedMailbox'), t(locale, 'retrieval.hasOrders')]);
    });

    it('no access to the mailbox at the code step leads to a lost-mailbox case (issue 12 #4)', async () => {
      const s = await opened();
      await s.say(say.forgotPassword[0]!);
      await s.say('anna.k@example.com');
      expect(texts(await s.say(say.noMailbox))).toEqual([t(locale, 'email.lockedMailbox'), t(locale, 'retrieval.hasOrders')]);
      await s.say(say.yes[0]!);
      await s.say(say.yes[0]!);
      expect(texts(await s.say('8123456789012345'))).toEqual([FOUND_ANNA(locale), t(locale, 'email.askNew')]);
      await s.say('anna.new@example.org');
      const made = await db.prisma.case.findFirst({ where: { conversation: { externalId: s.conversationId } } });
      expect(made?.type).toBe('EMAIL_CHANGE_LOCKED_MAILBOX');
      expect(made?.requestedEmail).toBe('anna.new@example.org');
    });

    it('the closing question takes yes and no, and thanks get a polite close (issue 12 #1)', async () => {
      const s = await opened();
      await s.say(say.forgotAccount[0]!);
      await s.say(say.yes[0]!);
      await s.say(say.yes[0]!);
      const closed = await s.say('8123456789012347');
      expect(texts(closed).at(-1)).toBe(t(locale, 'retrieval.closedWhatNext'));
      expect(texts(await s.say(say.yes[0]!))).toEqual([t(locale, 'menu.prompt')]);
      const farewell = await s.say(say.thanks);
      expect(texts(farewell)).toEqual([t(locale, 'common.farewell')]);
      expect(farewell[0]!.text).toMatch(say.marker);

      const again = await opened();
      await again.say(say.forgotAccount[0]!);
      await again.say(say.yes[0]!);
      await again.say(say.yes[0]!);
      await again.say('8123456789012347');
      expect(texts(await again.say(say.no[0]!))).toEqual([t(locale, 'common.farewell')]);
    });
  });

  describe('the reply language (issue 12 #8)', () => {
    it('answers "забыл пароль" in Russian on an en-US channel, and keeps Russian', async () => {
      const s = shopper('en-US');
      await s.join();
      const replies = await s.say('забыл пароль');
      expect(texts(replies)).toEqual([t('ru', 'password.remembersEmail')]);
      expect(replies[0]!.text).toContain('электронной почты');
      expect(texts(await s.say('yes'))).toEqual([t('ru', 'password.askEmail')]);
    });

    it('answers a first Polish message on a de-DE channel in Polish, request and all', async () => {
      const s = shopper('de-DE');
      const replies = await s.say('zapomniałem hasła');
      expect(texts(replies)).toEqual([t('pl', 'greeting'), t('pl', 'password.remembersEmail')]);
      expect(replies[1]!.text).toContain('e-mail');
    });

    it('answers Ukrainian typed first on a Polish channel in Ukrainian', async () => {
      const s = shopper('pl-PL');
      await s.join();
      expect(texts(await s.say('не пам’ятаю пароля від акаунта'))).toEqual([t('uk', 'password.remembersEmail')]);
    });

    it('does not switch for a later message in another language', async () => {
      const s = shopper('pl-PL');
      await s.join();
      await s.say('zapomniałem hasła');
      expect(texts(await s.say('I forgot my password'))).toEqual([t('pl', 'password.remembersEmail')]);
    });
  });
});
