import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type ConversationReference } from 'botbuilder';
import { importDirectory } from '../../core/import/import-directory.js';
import { purgeDirectLine } from '../../core/retention/purge-direct-line.js';
import { createTranslator } from '../../bot/i18n/translator.js';
import { Shopper } from '../helpers/bot-harness.js';
import { testBackends, type TestDatabase } from '../helpers/test-db.js';
import fixture from '../fixtures/directory.json' with { type: 'json' };
import { startServer, type RunningServer } from './server.js';

const t = createTranslator();
const FULL_CARD = '4276015555021234';
/**
 * True when any hidden middle digit shows next to the digits around it, however the number was
 * grouped. (Six middle digits alone would also turn up, by chance, inside some random id or hash.)
 */
const leaksMiddleDigits = (text: string) => {
  const joined = text.replace(/(?<=\d)[\s.\-/_]{1,3}(?=\d)/g, '');
  return joined.includes('4276015') || joined.includes('5021234');
};

type Feed = { activities: { id: string; type: string; text?: string; replyToId?: string; from: { id: string; role: string }; channelData?: { clientActivityID?: string } }[]; watermark: string };

describe.each(testBackends())('the Direct Line channel on $name', (backend) => {
  let database: TestDatabase;
  let server: RunningServer;

  beforeAll(async () => {
    database = await backend.create();
    await importDirectory(database.db, fixture);
    server = await startServer(database.db);
  });

  afterAll(async () => {
    await server.stop();
    await database.cleanup();
  });

  async function conversation(locale = 'en-US', target = server): Promise<{ conversationId: string; token: string }> {
    const generated = (await (
      await fetch(`${target.url}/v3/directline/tokens/generate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: target.url },
        body: JSON.stringify({ locale }),
      })
    ).json()) as { conversationId: string; token: string };
    const started = await fetch(`${target.url}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${generated.token}` } });
    expect(started.status).toBe(201);
    return generated;
  }

  const post = (c: { conversationId: string; token: string }, activity: unknown, target = server) =>
    fetch(`${target.url}/v3/directline/conversations/${c.conversationId}/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${c.token}` },
      body: JSON.stringify(activity),
    });

  const feed = async (c: { conversationId: string; token: string }, target = server): Promise<Feed> =>
    (await (await fetch(`${target.url}/v3/directline/conversations/${c.conversationId}/activities`, { headers: { authorization: `Bearer ${c.token}` } })).json()) as Feed;

  it('accepts a repeated post (same clientActivityID) once: one echo, one answer, the same id', async () => {
    const c = await conversation();
    const activity = { type: 'message', text: t('en', 'buttons.menu.whereId'), locale: 'en-US', channelData: { clientActivityID: 'retry-me' } };
    const first = await post(c, activity);
    const second = await post(c, activity);
    const [third, fourth] = await Promise.all([post(c, activity), post(c, activity)]);
    const ids = await Promise.all([first, second, third, fourth].map(async (r) => ((await r.json()) as { id: string }).id));
    expect(new Set(ids).size).toBe(1);
    const { activities } = await feed(c);
    expect(activities.filter((a) => a.channelData?.clientActivityID === 'retry-me')).toHaveLength(1);
    const answers = activities.filter((a) => a.replyToId === ids[0]).map((a) => a.text);
    expect(answers[0]).toBe(t('en', 'whereId.info'));
    expect(answers.filter((text) => text === t('en', 'whereId.info'))).toHaveLength(1);
    const turns = await database.db.prisma.transcriptEntry.count({ where: { conversation: { externalId: c.conversationId }, direction: 'IN' } });
    expect(turns).toBe(1);
  });

  it('never stores or echoes a password or a code typed in the widget, while the bot still gets them', async () => {
    const email = 'secret.widget@example.com';
    await database.db.prisma.account.create({
      data: { loginId: 'ru4000000001', email, emailNormalized: email, emailConfirmed: true, country: 'RU', status: 'ACTIVE' },
    });
    const c = await conversation('en-US');
    const say = async (text: string, id: string) => {
      await post(c, { type: 'message', text, locale: 'en-US', channelData: { clientActivityID: id } });
      return (await feed(c)).activities;
    };
    await say(t('en', 'buttons.menu.forgotPassword'), 's1');
    await say('yes', 's2');
    await say(email, 's3');
    const { readOutbox } = await import('../../core/mail/read-outbox.js');
    const letters = await readOutbox(database.db.prisma, server.config.secret, { to: email });
    const code = /\b(\d{6})\b/.exec(letters[0]!.text)![1]!;
    const afterCode = await say(code, 's4');
    expect(afterCode.find((a) => a.channelData?.clientActivityID === 's4')?.text).toBe('••••••••');
    expect(afterCode.at(-1)?.text).toBe(t('en', 'password.askNew'));
    const password = 'Seven quiet herons at dawn 7';
    await say(password, 's5');
    const done = await say(password, 's6');
    expect(done.at(-2)?.text).toBe(t('en', 'password.changed'));
    expect(done.filter((a) => a.text === password)).toEqual([]);
    const everything = await database.dump();
    expect(everything).not.toContain(password);
    expect(everything).not.toContain(code);
  });

  it('masks a second answer posted before the bot replied to the first (password and repeat typed quickly)', async () => {
    const email = 'quick.typist@example.com';
    await database.db.prisma.account.create({
      data: { loginId: 'ru4000000002', email, emailNormalized: email, emailConfirmed: true, country: 'RU', status: 'ACTIVE' },
    });
    const c = await conversation('en-US');
    const say = (text: string, id: string) => post(c, { type: 'message', text, locale: 'en-US', channelData: { clientActivityID: id } });
    await say(t('en', 'buttons.menu.forgotPassword'), 'q1');
    await say('yes', 'q2');
    await say(email, 'q3');
    const { readOutbox } = await import('../../core/mail/read-outbox.js');
    const code = /\b(\d{6})\b/.exec((await readOutbox(database.db.prisma, server.config.secret, { to: email }))[0]!.text)![1]!;
    await say(code, 'q4');
    // Both posts leave before either turn has answered: the second must be masked like the first.
    const password = 'Nine amber lanterns by the river 9';
    await Promise.all([say(password, 'q5'), say(password, 'q6')]);
    const { activities } = await feed(c);
    const answers = activities.filter((a) => a.channelData?.clientActivityID === 'q5' || a.channelData?.clientActivityID === 'q6');
    expect(answers.map((a) => a.text)).toEqual(['••••••••', '••••••••']);
    // After the bot moved on, an ordinary message is shown as typed again.
    await say(t('en', 'buttons.menu.whereId'), 'q7');
    expect((await feed(c)).activities.find((a) => a.channelData?.clientActivityID === 'q7')?.text).toBe(t('en', 'buttons.menu.whereId'));
    expect(await database.dump()).not.toContain(password);
  });

  it('never stores a card number typed in the widget in clear, while the bot still gets the words', async () => {
    const c = await conversation('ru-RU');
    const res = await post(c, { type: 'message', text: `моя карта ${FULL_CARD.replace(/(\d{4})/g, '$1 ').trim()}`, locale: 'ru-RU', channelData: { clientActivityID: 'card' } });
    const { id } = (await res.json()) as { id: string };
    const { activities } = await feed(c);
    expect(activities.find((a) => a.id === id)?.text).toBe('моя карта 427601******1234');
    // The bot read the real digits: it warns about the full card number instead of not understanding.
    expect(activities.filter((a) => a.replyToId === id).length).toBeGreaterThan(0);
    const everything = await database.dump();
    expect(everything).not.toContain(FULL_CARD);
    expect(leaksMiddleDigits(everything)).toBe(false);
  });

  it('delivers proactive messages (a stored ConversationReference) through the channel\'s connector', async () => {
    const c = await conversation();
    const stored = await database.db.prisma.conversation.findFirstOrThrow({ where: { channelId: 'directline', externalId: c.conversationId } });
    const reference = JSON.parse(stored.reference!) as ConversationReference;
    expect(reference.serviceUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v3\/directline-connector\/$/);
    // What the desk will do: any adapter whose authentication carries the channel's credentials.
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}, server.app.directLine.credentialsFactory));
    await adapter.continueConversationAsync('', reference, async (context) => {
      await context.sendActivity('An operator has joined the chat.');
    });
    const { activities } = await feed(c);
    expect(activities.at(-1)).toMatchObject({ text: 'An operator has joined the chat.', from: { role: 'bot' } });
  });

  it('keeps /api/messages working for the other channels', async () => {
    const shopper = new Shopper(() => server.url, 'uk-UA');
    const replies = await shopper.join();
    expect(replies.map((r) => r.text)).toEqual([t('uk', 'greeting'), t('uk', 'menu.prompt')]);
  });

  it('works with a Microsoft App ID configured: the bot\'s replies need no Microsoft token', async () => {
    const withAppId = await startServer(database.db, {
      env: { MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-a-real-password' },
    });
    try {
      const c = await conversation('pl-PL', withAppId);
      const id = ((await (await post(c, { type: 'message', text: t('pl', 'buttons.menu.whereId'), locale: 'pl-PL' }, withAppId)).json()) as { id: string }).id;
      const { activities } = await feed(c, withAppId);
      expect(activities.filter((a) => a.from.role === 'bot').map((a) => a.text).slice(0, 3)).toEqual([t('pl', 'greeting'), t('pl', 'menu.prompt'), t('pl', 'whereId.info')]);
      const answer = activities.find((a) => a.replyToId === id);
      expect(answer?.text).toBe(t('pl', 'whereId.info'));
      expect(answer?.from.id).toBe('00000000-0000-0000-0000-000000000001');
      // /api/messages itself still demands the Bot Framework's authentication.
      expect((await new Shopper(() => withAppId.url, 'en').post(new Shopper(() => withAppId.url, 'en').activity({ text: 'hi' }))).status).toBe(401);
    } finally {
      await withAppId.stop();
    }
  });

  it('forgets conversations after the retention period', async () => {
    const c = await conversation();
    const later = new Date(Date.now() + 91 * 86_400_000);
    const purged = await purgeDirectLine(database.db.prisma, 90, later);
    expect(purged.conversations).toBeGreaterThan(0);
    expect(await database.db.prisma.directLineConversation.findUnique({ where: { id: c.conversationId } })).toBeNull();
    expect(await database.db.prisma.directLineActivity.count({ where: { conversationId: c.conversationId } })).toBe(0);
  });
});
