// The marketplace's directory slow or down, end to end over the HTTP adapter: the shopper is told
// in their language and offered an operator, the case keeps what was collected, and a change the
// directory made but could not confirm is completed later once — one change, one letter, one audit.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTranslator } from '../../bot/i18n/translator.js';
import { LOCALES, type Locale } from '../../core/domain.js';
import { openCase } from '../../core/cases/open-case.js';
import { readOutbox } from '../../core/mail/read-outbox.js';
import { DeskHub } from '../../desk/events/desk-hub.js';
import { applyDueEmailChanges } from '../../desk/email-change/apply-due-email-changes.js';
import { startBot, Shopper, type Harness, type Reply } from '../helpers/bot-harness.js';
import { referenceDirectory, type ReferenceDirectory } from '../helpers/directory-under-test.js';
import { withTestDb, type TestDatabase } from '../helpers/test-db.js';
import { addOperator, DeskClient } from '../desk/desk-kit.js';
import { SPEECH } from './speech.js';
import fixture from '../fixtures/directory.json' with { type: 'json' };

const t = createTranslator();
const texts = (replies: Reply[]) => replies.map((r) => r.text);
/** What each language's message says, in the shopper's own words. */
const NOT_ANSWERING: Record<Locale, RegExp> = { ru: /не отвечает/, uk: /не відповідає/, pl: /nie odpowiada/, en: /isn't responding/ };

describe('when the marketplace directory is down or slow', () => {
  let database: TestDatabase;
  let marketplace: ReferenceDirectory;
  let bot: Harness;

  beforeAll(async () => {
    database = await withTestDb('sqlite');
    // No retries and a breaker that does not open, so each test decides what the directory does.
    marketplace = await referenceDirectory(fixture, { adapter: { readRetries: 0, breaker: { failureThreshold: 1000, openMs: 1 } } });
    bot = await startBot(database.db, { directory: marketplace.directory });
  });
  beforeEach(() => {
    Object.assign(marketplace.control, { failing: false, failNext: 0, delayMs: 0 });
    marketplace.control.loseAnswer.clear();
  });
  afterAll(async () => {
    await bot.close();
    await marketplace.close();
    await database.cleanup();
  });

  async function toOrderNumber(locale: Locale): Promise<Shopper> {
    const s = new Shopper(() => bot.url, locale);
    await s.join();
    await s.say(t(locale, 'buttons.menu.forgotAccount'));
    await s.say(SPEECH[locale].yes);
    await s.say(SPEECH[locale].yes);
    return s;
  }

  describe.each(LOCALES)('in %s', (locale) => {
    it('says to send it again later or talk to an operator; the same number later finds the account, counted once', async () => {
      const s = await toOrderNumber(locale);
      marketplace.control.failing = true;
      const down = await s.say('8123 4567 8901 2345');
      expect(texts(down)).toEqual([t(locale, 'directory.unavailable')]);
      expect(down[0]!.text).toMatch(NOT_ANSWERING[locale]);
      expect(down[0]!.buttons).toEqual([t(locale, 'buttons.operator'), t(locale, 'buttons.startOver')]);

      marketplace.control.failing = false;
      const found = await s.say('8123 4567 8901 2345');
      expect(texts(found)[0]).toBe(t(locale, 'retrieval.found', { loginId: 'ru1000000001', email: 'a***k@example.com' }));
      const conversation = await database.db.prisma.conversation.findFirstOrThrow({ where: { externalId: s.conversationId } });
      expect(await database.db.prisma.retrievalAttempt.findMany({ where: { conversationId: conversation.id }, select: { matched: true } })).toEqual([{ matched: true }]);
    });
  });

  it('a directory slower than its deadline reads as down', async () => {
    const s = await toOrderNumber('pl');
    marketplace.control.delayMs = 2500;
    expect(texts(await s.say('8123456789012345'))).toEqual([t('pl', 'directory.unavailable')]);
  });

  it('an operator asked for then gets a case with the card payment the shopper gave, unchecked', async () => {
    const s = new Shopper(() => bot.url, 'uk');
    await s.join();
    await s.say(t('uk', 'buttons.menu.forgotAccount'));
    await s.say(SPEECH.uk.yes);
    await s.say(SPEECH.uk.no);
    await s.say(SPEECH.uk.card);
    await s.say('427601 1234');
    await s.say(SPEECH.uk.amount);
    marketplace.control.failing = true;
    expect(texts(await s.say(SPEECH.uk.date))).toEqual([t('uk', 'directory.unavailable')]);
    await s.say(t('uk', 'buttons.operator'));
    const opened = await database.db.prisma.case.findFirstOrThrow({ where: { conversation: { externalId: s.conversationId } }, include: { evidence: true } });
    expect(opened.evidence.map((e) => [e.kind, e.display, e.matched])).toEqual([
      ['CARD', '427601******1234', null],
      ['AMOUNT', '1520.50', null],
      ['PAYMENT_DATE', '2026-10-01', null],
    ]);
  });

  it('a confirmation link opened while the directory is down says to open it again later, and then still works', async () => {
    const s = await toOrderNumber('ru');
    const found = await s.say('8123456789012350');
    expect(texts(found)[1]).toBe(t('ru', 'confirmation.sent', { email: 'd***s@example.org' }));
    const letter = (await readOutbox(database.db.prisma, bot.config.secret, { to: 'dmitry.s@example.org', limit: 10 })).find((l) => l.kind === 'emailConfirmation');
    const link = new URL(/(https?:\/\/\S+\/confirm-email\?\S+)/.exec(letter?.text ?? '')?.[1] ?? 'http://x/');
    marketplace.control.failing = true;
    const down = await fetch(`${bot.url}${link.pathname}${link.search}`);
    expect(down.status).toBe(503);
    expect(await down.text()).toContain(t('ru', 'confirmPage.unavailable'));
    marketplace.control.failing = false;
    const up = await fetch(`${bot.url}${link.pathname}${link.search}`);
    expect(await up.text()).toContain(t('ru', 'confirmPage.confirmed', { loginId: 'ru1000000005' }));
    expect(await marketplace.directory.findByEmail('dmitry.s@example.org')).toMatchObject({ account: { emailConfirmed: true, status: 'ACTIVE' } });
  });

  it('a password the directory set but could not confirm: typed again, it completes once, with one notice', async () => {
    const s = new Shopper(() => bot.url, 'en');
    await s.join();
    await s.say(t('en', 'buttons.menu.forgotPassword'));
    await s.say('yes');
    await s.say('dmitry.s@example.org');
    const letters = await readOutbox(database.db.prisma, bot.config.secret, { to: 'dmitry.s@example.org', limit: 5 });
    const code = /\b(\d{6})\b/.exec(letters.find((l) => l.kind === 'passwordResetCode')?.text ?? '')?.[1] ?? '';
    await s.say(code);
    const password = 'Quiet harbour lamps 7 glow';
    expect(texts(await s.say(password))).toEqual([t('en', 'password.askRepeat')]);
    marketplace.control.loseAnswer.add('setPassword');
    expect(texts(await s.say(password))).toEqual([t('en', 'directory.unavailable')]);
    // The marketplace did change it; the product does not know yet and has told nobody.
    expect(await marketplace.signsIn('ru1000000005', password)).toBe(true);
    expect((await readOutbox(database.db.prisma, bot.config.secret, { to: 'dmitry.s@example.org', limit: 10 })).filter((l) => l.kind === 'passwordChanged')).toHaveLength(0);

    expect(texts(await s.say(password))).toEqual([t('en', 'password.changed'), t('en', 'menu.prompt')]);
    expect(await marketplace.store.prisma.directoryChange.count({ where: { key: { startsWith: 'password-reset:' } } })).toBe(1);
    expect((await readOutbox(database.db.prisma, bot.config.secret, { to: 'dmitry.s@example.org', limit: 10 })).filter((l) => l.kind === 'passwordChanged')).toHaveLength(1);
    expect(await database.db.prisma.auditEvent.count({ where: { action: 'account.password_reset' } })).toBe(1);
  });

  it('a due email change waits ON_HOLD while the directory is down, and applies once when its answer was lost', async () => {
    const prisma = database.db.prisma;
    const found = await marketplace.directory.findByOrder('8123456789012346');
    if (found.kind !== 'found') throw new Error('expected the order');
    const conversation = await prisma.conversation.create({ data: { channelId: 'test', externalId: `due-${Date.now()}`, locale: 'ru' } });
    const opened = await openCase(prisma, { conversationId: conversation.id, type: 'EMAIL_CHANGE_LOCKED_MAILBOX', locale: 'ru', evidence: [], accountId: found.account.ref, blockStatus: null, requestedEmail: null });
    const request = await prisma.emailChangeRequest.create({
      data: { caseId: opened.caseId, accountId: found.account.ref, newEmail: 'vk.owner@example.org', locale: 'ru', requestedById: 'op', approval: 'TWO_MATCHES', state: 'ON_HOLD', holdUntil: new Date(Date.now() - 1000) },
    });
    const sent: string[] = [];
    const deps = { prisma, directory: marketplace.directory, hub: new DeskHub(null), send: async (letter: { to: string; kind: string }) => (sent.push(`${letter.kind} ${letter.to}`), { status: 'STORED' as const, outboxId: 'x' }) };

    marketplace.control.failing = true;
    expect(await applyDueEmailChanges(deps, new Date())).toEqual({ applied: 0, cancelled: 0 });
    expect((await prisma.emailChangeRequest.findUniqueOrThrow({ where: { id: request.id } })).state).toBe('ON_HOLD');

    marketplace.control.failing = false;
    marketplace.control.loseAnswer.add('changeEmail');
    expect(await applyDueEmailChanges(deps, new Date())).toEqual({ applied: 0, cancelled: 0 });
    expect((await prisma.emailChangeRequest.findUniqueOrThrow({ where: { id: request.id } })).state).toBe('ON_HOLD');
    expect(await marketplace.directory.getAccount(found.account.ref)).toMatchObject({ account: { email: 'vk.owner@example.org' } });

    expect(await applyDueEmailChanges(deps, new Date())).toEqual({ applied: 1, cancelled: 0 });
    expect(await applyDueEmailChanges(deps, new Date())).toEqual({ applied: 0, cancelled: 0 });
    expect((await prisma.emailChangeRequest.findUniqueOrThrow({ where: { id: request.id } })).state).toBe('APPLIED');
    expect(sent).toEqual(['emailChanged k2h8x@aliexpress.com']);
    expect(await prisma.auditEvent.count({ where: { caseId: opened.caseId, action: 'account.email_changed' } })).toBe(1);
    expect(await marketplace.store.prisma.directoryChange.count({ where: { key: `email-change-request:${request.id}` } })).toBe(1);
  });

  it('the desk: an unblock while the directory is down answers DirectoryUnavailable and changes nothing; later it works', async () => {
    const found = await marketplace.directory.findByOrder('8123456789012348');
    if (found.kind !== 'found') throw new Error('expected the order');
    const conversation = await database.db.prisma.conversation.create({ data: { channelId: 'test', externalId: `unblock-${Date.now()}`, locale: 'pl' } });
    const opened = await openCase(database.db.prisma, {
      conversationId: conversation.id,
      type: 'UNBLOCK',
      locale: 'pl',
      evidence: [{ kind: 'ORDER_NUMBER', display: '8123********2348', matched: true, accountId: found.account.ref }],
      accountId: found.account.ref,
      blockStatus: 'TEMP_BLOCKED',
      requestedEmail: null,
    });
    const agent = await addOperator(database.db, 'AGENT', ['pl']);
    const desk = await DeskClient.signIn(bot.url, agent.email);
    expect((await desk.post(`/desk/api/cases/${opened.caseId}/claim`)).status).toBe(200);

    marketplace.control.failing = true;
    const refused = await desk.post<{ error: { code: string } }>(`/desk/api/cases/${opened.caseId}/unblock`);
    expect([refused.status, refused.body.error.code]).toEqual([503, 'DirectoryUnavailable']);
    const page = await desk.get<{ account: unknown; accountUnavailable: boolean }>(`/desk/api/cases/${opened.caseId}`);
    expect(page.body).toMatchObject({ account: null, accountUnavailable: true });

    marketplace.control.failing = false;
    expect(await marketplace.directory.readStatus(found.account.ref)).toEqual({ kind: 'found', status: 'TEMP_BLOCKED' });
    expect((await desk.post(`/desk/api/cases/${opened.caseId}/unblock`)).status).toBe(200);
    expect(await marketplace.directory.readStatus(found.account.ref)).toEqual({ kind: 'found', status: 'ACTIVE' });
  });
});
