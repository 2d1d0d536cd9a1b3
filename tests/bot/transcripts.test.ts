import { readFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../../core/domain.js';
import type { Db } from '../../core/db/client.js';
import { createTranslator } from '../../bot/i18n/translator.js';
import { startBot, Shopper, type Harness, type Reply } from '../helpers/bot-harness.js';
import type { TestDatabase } from '../helpers/test-db.js';
import { directorySetups, openDirectory } from '../helpers/directory-setups.js';
import type { DirectoryUnderTest } from '../helpers/directory-under-test.js';
import { SPEECH } from './speech.js';
import fixture from '../fixtures/directory.json' with { type: 'json' };

const t = createTranslator();
const FULL_CARD = '4276015555021234';
const FULL_CARD_TYPED = '4276 0155 5502 1234';
/**
 * True when any hidden middle digit shows next to the digits around it, however the number was
 * grouped. (Six middle digits alone would also turn up, by chance, inside some random id or hash.)
 */
const leaksMiddleDigits = (text: string) => {
  const joined = text.replace(/(?<=\d)[\s.\-/_]{1,3}(?=\d)/g, '');
  return joined.includes('4276015') || joined.includes('5021234');
};

const texts = (replies: Reply[]) => replies.map((r) => r.text);

/** A clock the tests move by hand, for the cool-down. */
class Clock {
  private offset = 0;
  now = () => new Date(Date.now() + this.offset);
  advanceMinutes(minutes: number) {
    this.offset += minutes * 60_000;
  }
}

describe.each(directorySetups())('conversations over HTTP on $name', (setup) => {
  let database: TestDatabase;
  let directory: DirectoryUnderTest;
  let db: Db;
  let bot: Harness;
  let logFile: string;
  const clock = new Clock();

  const start = async () => {
    bot = await startBot(db, { now: clock.now, env: { LOG_LEVEL: 'info', LOG_FILE: logFile }, directory: directory.directory });
  };

  beforeAll(async () => {
    database = await setup.backend.create();
    db = database.db;
    directory = await openDirectory(setup, db, fixture, { now: clock.now });
    logFile = join(mkdtempSync(join(tmpdir(), 'rd-log-')), 'bot.log');
    await start();
  });

  afterAll(async () => {
    await bot.close();
    await directory.close();
    await database.cleanup();
  });

  const shopper = (locale: Locale | string | undefined) => new Shopper(() => bot.url, locale);

  /** Opens the chat and walks to the order-number question. */
  async function toOrderNumber(s: Shopper, locale: Locale) {
    await s.join();
    await s.say(t(locale, 'buttons.menu.forgotAccount'));
    await s.say(SPEECH[locale].yes);
    return s.say(SPEECH[locale].yes);
  }

  /** Opens the chat and walks to the card-digits question, answering in words. */
  async function toCardDigits(s: Shopper, locale: Locale) {
    await s.join();
    await s.say(t(locale, 'buttons.menu.forgotAccount'));
    await s.say(SPEECH[locale].yes);
    await s.say(SPEECH[locale].no);
    return s.say(SPEECH[locale].card);
  }

  describe.each(LOCALES)('in %s', (locale) => {
    const say = SPEECH[locale];

    it('greets with the entry menu as buttons in the channel language', async () => {
      const s = shopper(`${locale}-XX`);
      const replies = await s.join();
      expect(texts(replies)).toEqual([t(locale, 'greeting'), t(locale, 'menu.prompt')]);
      expect(replies[1]!.buttons).toEqual(
        ['forgotPassword', 'forgotAccount', 'changeEmail', 'blocked', 'whereId', 'operator'].map((k) => t(locale, `buttons.menu.${k}`)),
      );
    });

    it('retrieves the Login ID by order number and masks the email', async () => {
      const s = shopper(locale);
      const asked = await toOrderNumber(s, locale);
      expect(texts(asked)).toEqual([t(locale, 'retrieval.askOrderNumber')]);
      const found = await s.say('8123 4567-8901 2345');
      expect(texts(found)).toEqual([
        t(locale, 'retrieval.found', { loginId: 'ru1000000001', email: 'a***k@example.com' }),
        t(locale, 'retrieval.whatNext'),
      ]);
      expect(JSON.stringify(found)).not.toContain('anna.k@example.com');
    });

    it('explains that a tracking number is not an order number', async () => {
      const s = shopper(locale);
      await toOrderNumber(s, locale);
      expect(texts(await s.say('LP00123456789012'))).toEqual([t(locale, 'retrieval.trackingNotOrder')]);
      expect(texts(await s.say('rb123456789cn'))).toEqual([t(locale, 'retrieval.trackingNotOrder')]);
    });

    it('retrieves by card: first 6 and last 4, amount and date in the local notation', async () => {
      const s = shopper(locale);
      expect(texts(await toCardDigits(s, locale))).toEqual([t(locale, 'retrieval.askCardDigits')]);
      expect(texts(await s.say('427601 1234'))).toEqual([t(locale, 'retrieval.askAmount')]);
      expect(texts(await s.say(say.amount))).toEqual([t(locale, 'retrieval.askDate')]);
      const found = await s.say(say.date);
      expect(found[0]!.text).toBe(t(locale, 'retrieval.found', { loginId: 'ru1000000001', email: 'a***k@example.com' }));
    });

    it('tells a social-login account to sign in with its network, from an order number typed in a sentence', async () => {
      const s = shopper(locale);
      await s.join();
      const replies = await s.say(say.orderInSentence);
      expect(replies[0]!.text).toBe(
        t(locale, 'retrieval.foundSocial', { loginId: 'ru1000000002', email: 'k***x@aliexpress.com', network: t(locale, 'social.vk') }),
      );
    });

    it('says a deleted account cannot be restored', async () => {
      const s = shopper(locale);
      await toOrderNumber(s, locale);
      const replies = await s.say('8123456789012347');
      expect(replies[0]!.text).toBe(t(locale, 'retrieval.foundDeleted', { loginId: 'ua1000000003', email: 'o***p@example.com' }));
    });

    it('stops after three failures, keeps refusing during the cool-down, and allows a try after it', async () => {
      const s = shopper(locale);
      await toOrderNumber(s, locale);
      const first = await s.say('8999999999999991');
      expect(first[0]!.text).toBe(t(locale, 'retrieval.notFound', { count: 2 }));
      const second = await s.say('8999999999999992');
      expect(second[0]!.text).toBe(t(locale, 'retrieval.notFound', { count: 1 }));
      const third = await s.say('8999999999999993');
      expect(texts(third)).toEqual([t(locale, 'retrieval.locked', { count: 30 }), t(locale, 'retrieval.lockedOfferOperator')]);

      // Even the right order number is refused now, without looking it up.
      const during = await s.say('8123456789012345');
      expect(during[0]!.text).toBe(t(locale, 'retrieval.locked', { count: 30 }));

      clock.advanceMinutes(31);
      const after = await s.say('8123456789012345');
      expect(after[0]!.text).toBe(t(locale, 'retrieval.found', { loginId: 'ru1000000001', email: 'a***k@example.com' }));
    });

    it('warns about a pasted full card number and keeps it out of the database and the logs', async () => {
      const s = shopper(locale);
      await toCardDigits(s, locale);
      const warned = await s.say(`${FULL_CARD_TYPED}`);
      expect(texts(warned)).toEqual([t(locale, 'retrieval.fullCardWarning'), t(locale, 'retrieval.askAmount')]);
      await s.say(say.amount);
      const found = await s.say(say.date);
      expect(found[0]!.text).toContain('ru1000000001');
      await bot.close();
      try {
        const stored = await database.dump();
        expect(stored).not.toContain(FULL_CARD);
        expect(leaksMiddleDigits(stored)).toBe(false);
        expect(stored).toContain('427601******1234');
        const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
        expect(log.length).toBeGreaterThan(0);
        expect(log).not.toContain(FULL_CARD);
        expect(leaksMiddleDigits(log)).toBe(false);
      } finally {
        // The next tests talk to the server whatever this one found.
        await start();
      }
    });

    it('opens a case when the shopper asks for an operator and tells them their place in the queue', async () => {
      const s = shopper(locale);
      await toOrderNumber(s, locale);
      await s.say('8123456789012345');
      const queued = await s.say(say.operator);
      const opened = await db.prisma.case.findFirst({
        where: { conversation: { externalId: s.conversationId } },
        include: { evidence: true },
      });
      expect(opened).not.toBeNull();
      expect(opened!.type).toBe('GENERAL');
      expect(opened!.locale).toBe(locale);
      expect(opened!.status).toBe('WAITING');
      expect(opened!.evidence).toEqual([
        expect.objectContaining({ kind: 'ORDER_NUMBER', display: '812345******2345', matched: true }),
      ]);
      const position = await db.prisma.case.count({ where: { status: 'WAITING', createdAt: { lte: opened!.createdAt } } });
      expect(queued[0]!.text).toBe(t(locale, 'handoff.queued', { caseNumber: opened!.number, count: position }));

      // Asking again does not queue the shopper twice.
      const again = await s.say(say.operator);
      expect(again[0]!.text).toBe(t(locale, 'handoff.alreadyQueued'));
      expect(await db.prisma.case.count({ where: { conversation: { externalId: s.conversationId } } })).toBe(1);
    });

    it('opens an UNBLOCK case for a temporarily blocked account with the matched evidence', async () => {
      const s = shopper(locale);
      await toOrderNumber(s, locale);
      const found = await s.say('8123456789012348');
      expect(texts(found)).toEqual([
        t(locale, 'retrieval.found', { loginId: 'pl1000000004', email: 'j***k@example.com' }),
        t(locale, 'blocked.status.TEMP_BLOCKED'),
        t(locale, 'retrieval.blockedWhatNext'),
      ]);
      await s.say(say.yes);
      const opened = await db.prisma.case.findFirst({ where: { conversation: { externalId: s.conversationId } } });
      expect(opened?.type).toBe('UNBLOCK');
      expect(await directory.directory.getAccount(opened?.accountId ?? '')).toMatchObject({ account: { loginId: 'pl1000000004' } });
      expect(opened?.blockStatus).toBe('TEMP_BLOCKED');
    });

    it('continues the conversation after a server restart', async () => {
      const s = shopper(locale);
      await toCardDigits(s, locale);
      await s.say('427601 1234');
      await s.say(say.amount);
      await bot.close();
      await start();
      const found = await s.say(say.date);
      expect(found[0]!.text).toBe(t(locale, 'retrieval.found', { loginId: 'ru1000000001', email: 'a***k@example.com' }));
    });

    it('switches language at any point and asks the current question again', async () => {
      const s = shopper(locale);
      await toOrderNumber(s, locale);
      const switched = await s.say(say.switchTo);
      expect(texts(switched)).toEqual([t(say.switchedTo, 'language.switched'), t(say.switchedTo, 'retrieval.askOrderNumber')]);
      const menu = await s.say(SPEECH[say.switchedTo].startOver);
      expect(texts(menu)).toEqual([t(say.switchedTo, 'menu.prompt')]);
    });
  });
});
