import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../core/db/client.js';
import { importDirectory } from '../../core/import/import-directory.js';
import { createTranslator } from '../../bot/i18n/translator.js';
import { startBot, Shopper, type Harness } from '../helpers/bot-harness.js';
import { testBackends, type TestDatabase } from '../helpers/test-db.js';
import fixture from '../fixtures/directory.json' with { type: 'json' };

const t = createTranslator();

describe.each(testBackends())('bad and unusual input on $name', (backend) => {
  let database: TestDatabase;
  let db: Db;
  let bot: Harness;
  const shopper = (locale?: string) => new Shopper(() => bot.url, locale);

  beforeAll(async () => {
    database = await backend.create();
    db = database.db;
    await importDirectory(db, fixture);
    bot = await startBot(db, { env: { MAX_MESSAGE_LENGTH: '500', MAX_BODY_BYTES: '8192' } });
  });

  afterAll(async () => {
    await bot.close();
    await database.cleanup();
  });

  it('answers malformed JSON with 400 and keeps serving', async () => {
    const s = shopper('en');
    const res = await s.post('{"type": "message", "text": ');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).not.toMatch(/at .*\.js/);
    expect((await s.join()).length).toBe(2);
  });

  it('answers an activity without its required fields with 400 naming the field', async () => {
    const s = shopper('en');
    const res = await s.post({ type: 'message', text: 'hi', channelId: 'test', from: { id: 'x' }, recipient: { id: 'y' } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('BadActivity');
    expect(body.error.message).toMatch(/serviceUrl|conversation/);
  });

  it('answers an oversized body with 413 and a body that is not JSON with 415', async () => {
    const s = shopper('en');
    const big = s.activity({ text: 'x'.repeat(20_000) });
    expect((await s.post(big)).status).toBe(413);
    const res = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(res.status).toBe(415);
  });

  it('refuses an over-long message in the shopper language and asks the question again', async () => {
    const s = shopper('pl');
    await s.join();
    const replies = await s.say('a'.repeat(501));
    expect(replies.map((r) => r.text)).toEqual([t('pl', 'common.tooLong', { count: 500 }), t('pl', 'menu.prompt')]);
    const stored = await db.prisma.transcriptEntry.findMany({ where: { conversation: { externalId: s.conversationId }, direction: 'IN' } });
    expect(stored.map((e) => e.text)).toEqual(['[message too long, not kept]']);
  });

  it('explains politely that pictures and stickers cannot be read', async () => {
    const s = shopper('uk');
    await s.join();
    const replies = await s.send(
      s.activity({ text: undefined, attachments: [{ contentType: 'image/png', contentUrl: 'http://127.0.0.1:9/cat.png' }] }),
    );
    expect(replies.map((r) => r.text)).toEqual([t('uk', 'common.nonText'), t('uk', 'menu.prompt')]);
  });

  it('greets in English and offers the languages when the channel locale is not supported', async () => {
    const s = shopper('de-DE');
    const replies = await s.join();
    expect(replies.map((r) => r.text)).toEqual([t('en', 'greeting'), t('en', 'language.choose')]);
    expect(replies[1]!.buttons).toEqual(['Русский', 'Українська', 'Polski', 'English']);
    const chosen = await s.say('Українська');
    expect(chosen.map((r) => r.text)).toEqual([t('uk', 'menu.prompt')]);
  });

  it('gives a replayed activity the same answer and spends one attempt', async () => {
    const s = shopper('ru');
    await s.join();
    await s.say(t('ru', 'buttons.menu.forgotAccount'));
    await s.say('да');
    await s.say('да');
    const activity = s.activity({ text: '8999999999999995' });
    const first = await s.send(activity);
    const second = await s.send(activity);
    expect(second.map((r) => r.text)).toEqual(first.map((r) => r.text));
    expect(first[0]!.text).toBe(t('ru', 'retrieval.notFound', { count: 2 }));
    const conversation = await db.prisma.conversation.findFirstOrThrow({ where: { externalId: s.conversationId } });
    expect(await db.prisma.retrievalAttempt.count({ where: { conversationId: conversation.id } })).toBe(1);
  });

  it('serialises two messages of one conversation sent at once', async () => {
    const s = shopper('en');
    await s.join();
    const [a, b] = await Promise.all([s.say('where is my user id'), s.say('where is my user id')]);
    expect([...a, ...b].filter((r) => r.text === t('en', 'whereId.info'))).toHaveLength(2);
    const lines = await db.prisma.transcriptEntry.count({ where: { conversation: { externalId: s.conversationId }, direction: 'IN' } });
    expect(lines).toBe(2);
  });

  it('understands typed answers in the shopper words, in any of the four languages', async () => {
    const s = shopper('en');
    await s.join();
    expect((await s.say('I forgot my account')).map((r) => r.text)).toEqual([t('en', 'retrieval.hasOrders')]);
    expect((await s.say('так')).map((r) => r.text)).toEqual([t('en', 'retrieval.hasOrderNumber')]);
    expect((await s.say('nie')).map((r) => r.text)).toEqual([t('en', 'retrieval.askPayment')]);
    const handoff = await s.say('подарочной картой');
    expect(handoff[0]!.text).toBe(t('en', 'retrieval.otherPaymentHandoff'));
    const opened = await db.prisma.case.findFirstOrThrow({ where: { conversation: { externalId: s.conversationId } } });
    expect(opened.type).toBe('OTHER_PAYMENT_METHOD');
  });

  it('answers a first message that already is a request after a short greeting', async () => {
    const s = shopper('ru-RU');
    const replies = await s.say('мой заказ 8123456789012345');
    expect(replies.map((r) => r.text)).toEqual([
      t('ru', 'greeting'),
      t('ru', 'retrieval.found', { loginId: 'ru1000000001', email: 'a***k@example.com' }),
      t('ru', 'retrieval.whatNext'),
    ]);
  });

  it('answers a first message in the language it is written in when the channel gives none', async () => {
    const s = shopper(undefined);
    const replies = await s.say('не помню пароль');
    expect(replies.map((r) => r.text)).toEqual([t('ru', 'greeting'), t('ru', 'password.remembersEmail')]);
  });

  it('asks for the language when neither the channel nor the first message tell it, and keeps the request', async () => {
    const s = shopper('de-DE');
    const replies = await s.say('operator');
    expect(replies.map((r) => r.text)).toEqual([t('en', 'greeting'), t('en', 'language.choose')]);
    const answered = await s.say('Polski');
    expect(answered.map((r) => r.text)).toEqual([t('pl', 'menu.prompt'), expect.stringContaining(t('pl', 'handoff.queued', { caseNumber: 0, count: 0 }).slice(0, 12))]);
    expect(await db.prisma.case.count({ where: { conversation: { externalId: s.conversationId } } })).toBe(1);
  });

  it('answers a first message it cannot place with the greeting and the menu only', async () => {
    const s = shopper('pl-PL');
    const replies = await s.say('dzień dobry');
    expect(replies.map((r) => r.text)).toEqual([t('pl', 'greeting'), t('pl', 'menu.prompt')]);
  });

  it('warns about a card number pasted at the menu and keeps it nowhere', async () => {
    const s = shopper('uk');
    await s.join();
    const replies = await s.say('ось моя картка 5355 6100 0000 0006, допоможіть');
    expect(replies.map((r) => r.text)).toEqual([t('uk', 'common.cardNumberWarning'), t('uk', 'menu.prompt')]);
    const stored = await database.dump();
    expect(stored).not.toContain('5355610000000006');
    expect(stored).not.toContain('5355 6100 0000 0006');
  });

  it('changes an email without the old mailbox: proof first, then the new address, then a case', async () => {
    const s = shopper('en');
    await s.join();
    await s.say('I want to change my email');
    const proof = await s.say('no');
    expect(proof.map((r) => r.text)).toEqual([t('en', 'email.lockedMailbox'), t('en', 'retrieval.hasOrders')]);
    await s.say('yes');
    await s.say('yes');
    const found = await s.say('8123456789012345');
    expect(found.map((r) => r.text)).toEqual([
      t('en', 'retrieval.found', { loginId: 'ru1000000001', email: 'a***k@example.com' }),
      t('en', 'email.askNew'),
    ]);
    expect((await s.say('not an address')).map((r) => r.text)).toEqual([t('en', 'common.didNotUnderstand'), t('en', 'email.askNew')]);
    const queued = await s.say('My new one is Anna.New@Example.org.');
    const opened = await db.prisma.case.findFirstOrThrow({
      where: { conversation: { externalId: s.conversationId } },
      include: { evidence: true },
    });
    expect(opened.type).toBe('EMAIL_CHANGE_LOCKED_MAILBOX');
    expect(opened.requestedEmail).toBe('anna.new@example.org');
    expect((await db.prisma.account.findUnique({ where: { id: opened.accountId ?? '' } }))?.loginId).toBe('ru1000000001');
    expect(opened.evidence.map((e) => [e.kind, e.matched])).toEqual([['ORDER_NUMBER', true]]);
    expect(queued[0]!.text).toContain(String(opened.number));
  });

  it('shows the development outbox only to this machine, never through a proxy or another host name', async () => {
    const page = await fetch(`${bot.url}/dev/outbox`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const proxied = await fetch(`${bot.url}/dev/outbox`, { headers: { 'x-forwarded-for': '203.0.113.7' } });
    expect(proxied.status).toBe(404);
    // fetch() will not send another Host header; a raw request does, as a rebound DNS name would.
    const rebound = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${bot.url}/dev/outbox`);
      request({ host: url.hostname, port: url.port, path: url.pathname, headers: { host: 'attacker.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    expect(rebound).toBe(404);
  });

  it('updates the open case when the shopper comes back with a more precise request', async () => {
    const s = shopper('en');
    await s.join();
    await s.say('operator');
    await s.say('start over');
    await s.say('I want to change my email');
    await s.say('no');
    await s.say('yes');
    await s.say('yes');
    await s.say('8123456789012345');
    await s.say('anna.moved@example.org');
    const cases = await db.prisma.case.findMany({ where: { conversation: { externalId: s.conversationId } } });
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ type: 'EMAIL_CHANGE_LOCKED_MAILBOX', requestedEmail: 'anna.moved@example.org' });
    expect((await db.prisma.account.findUnique({ where: { id: cases[0]!.accountId ?? '' } }))?.loginId).toBe('ru1000000001');
    const audit = await db.prisma.auditEvent.findMany({ where: { caseId: cases[0]!.id }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['case.opened', 'case.updated']);
  });

  it('limits failures per shopper, not per network address that many shoppers share', async () => {
    let n = 0;
    const tryOrder = async (who: string) => {
      const s = shopper('en');
      await s.join();
      await s.send(s.activity({ text: "I don't remember my account", from: { id: who, name: who } }));
      await s.send(s.activity({ text: 'yes', from: { id: who, name: who } }));
      await s.send(s.activity({ text: 'yes', from: { id: who, name: who } }));
      const replies: string[] = [];
      for (let i = 0; i < 3; i++) {
        n += 1;
        const number = `87${String(1e13 + n)}`;
        const answer = await s.send(s.activity({ text: number, from: { id: who, name: who } }));
        replies.push(answer[0]!.text);
      }
      return replies;
    };
    // Ten failures by one shopper across conversations...
    for (let i = 0; i < 3; i++) await tryOrder('prober');
    const fourth = await tryOrder('prober');
    expect(fourth[0]).toBe(t('en', 'retrieval.notFound', { count: 2 }));
    expect(fourth[1]).toBe(t('en', 'retrieval.locked', { count: 60 }));
    // ...do not lock out another shopper from the same address.
    const other = await tryOrder('someone-else');
    expect(other[0]).toBe(t('en', 'retrieval.notFound', { count: 2 }));
  });

  it('reports health with the database', async () => {
    const res = await fetch(`${bot.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: backend.name });
  });

  it('ignores typing indicators and other activity types without answering', async () => {
    const s = shopper('en');
    const replies = await s.send(s.activity({ type: 'typing', text: undefined }));
    expect(replies).toEqual([]);
  });
});

describe('with a Microsoft App ID configured', () => {
  it('refuses unauthenticated calls to /api/messages', async () => {
    const database = await testBackends()[0]!.create();
    const bot = await startBot(database.db, {
      env: { MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-a-real-secret' },
    });
    try {
      const s = new Shopper(() => bot.url, 'en');
      const res = await s.post(s.activity({ text: 'hello' }));
      expect(res.status).toBe(401);
      expect(await database.db.prisma.conversation.count()).toBe(0);
    } finally {
      await bot.close();
      await database.cleanup();
    }
  });
});
