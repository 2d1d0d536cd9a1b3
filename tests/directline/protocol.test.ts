import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDirectory } from '../../core/import/import-directory.js';
import { createTranslator } from '../../bot/i18n/translator.js';
import { testBackends, type TestDatabase } from '../helpers/test-db.js';
import fixture from '../fixtures/directory.json' with { type: 'json' };
import { ConnectionStatus, DirectLineSession, replyToId, textOf as text, type Activity } from './directline-client.js';
import { startServer, type RunningServer } from './server.js';

const t = createTranslator();
const FOUND = t('ru', 'retrieval.found', { loginId: 'ru1000000001', email: 'a***k@example.com' });

const buttons = (a: Activity | undefined) => (a && 'suggestedActions' in a ? (a.suggestedActions?.actions ?? []).map((x) => x.title) : []);

describe.each(testBackends())('Direct Line 3.0 with Microsoft\'s botframework-directlinejs on $name', (backend) => {
  let database: TestDatabase;
  let server: RunningServer;
  const sessions: DirectLineSession[] = [];

  beforeAll(async () => {
    database = await backend.create();
    await importDirectory(database.db, fixture);
    server = await startServer(database.db);
  });

  afterAll(async () => {
    for (const s of sessions) s.end();
    await server.stop();
    await database.cleanup();
  });

  /** What the /chat page's script does first: a token for a new conversation. */
  async function generate(locale: string): Promise<{ conversationId: string; token: string; expires_in: number }> {
    const res = await fetch(`${server.url}/v3/directline/tokens/generate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ locale }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { conversationId: string; token: string; expires_in: number };
  }

  describe.each([
    ['WebSocket', true],
    ['polling', false],
  ])('over %s', (_mode, webSocket) => {
    const open = (options: { token: string; conversationId?: string; watermark?: string }) => {
      const session = new DirectLineSession({ domain: `${server.url}/v3/directline`, webSocket, pollingInterval: 200, ...options });
      sessions.push(session);
      return session;
    };

    it('starts a conversation: the greeting and the menu come first, as buttons', async () => {
      const { token, conversationId } = await generate('ru-RU');
      const s = open({ token });
      await s.waitForBotMessages(2);
      expect(s.status).toBe(ConnectionStatus.Online);
      expect(s.conversationId).toBe(conversationId);
      expect(s.botTexts()).toEqual([t('ru', 'greeting'), t('ru', 'menu.prompt')]);
      expect(buttons(s.botMessages()[1])).toEqual([
        t('ru', 'buttons.menu.forgotPassword'),
        t('ru', 'buttons.menu.forgotAccount'),
        t('ru', 'buttons.menu.changeEmail'),
        t('ru', 'buttons.menu.blocked'),
        t('ru', 'buttons.menu.whereId'),
        t('ru', 'buttons.menu.operator'),
      ]);
      s.end();
    });

    it('talks through a retrieval by order number, echoing each post with its id', async () => {
      const { token } = await generate('ru-RU');
      const s = open({ token });
      await s.waitForBotMessages(2);
      const steps: [string, string][] = [
        [t('ru', 'buttons.menu.forgotAccount'), t('ru', 'retrieval.hasOrders')],
        [t('ru', 'buttons.yes'), t('ru', 'retrieval.hasOrderNumber')],
        [t('ru', 'buttons.yes'), t('ru', 'retrieval.askOrderNumber')],
        ['8123 4567 8901 2345', FOUND],
      ];
      for (const [said, answer] of steps) {
        const before = s.botMessages().length;
        const id = await s.say(said, 'ru-RU');
        await s.waitFor((received) => received.some((a) => a.type === 'message' && replyToId(a) === id && text(a) === answer));
        // The echo: the shopper's own activity, with the server's id, before the bot's answer.
        const echo = s.received.find((a) => a.id === id)!;
        expect(echo.from.role).toBe('user');
        expect(s.received.indexOf(echo)).toBeLessThan(s.received.findIndex((a) => text(a) === answer && s.botMessages().indexOf(a) >= before));
      }
      // The order number came back masked: the channel stores the shopper's text redacted.
      const echoes = s.received.filter((a) => a.from.role === 'user').map(text);
      expect(echoes.at(-1)).toBe('812345******2345');
      const ids = s.received.filter((a) => a.type === 'message').map((a) => a.id);
      expect(new Set(ids).size).toBe(ids.length);
      if (webSocket) expect(s.received.some((a) => a.type === 'typing' && a.from.role === 'bot')).toBe(true);
      s.end();
    });

    it('reconnects with the watermark and receives only what came after it', async () => {
      const { token, conversationId } = await generate('en-US');
      const first = open({ token });
      await first.waitForBotMessages(2);
      const watermark = first.watermark;
      const seen = new Set(first.received.map((a) => a.id));
      first.end();

      // Meanwhile the conversation goes on elsewhere (another tab of the same shopper).
      const post = await fetch(`${server.url}/v3/directline/conversations/${conversationId}/activities`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ type: 'message', text: 'where is my user id', locale: 'en-US', channelData: { clientActivityID: 'other-tab-1' } }),
      });
      expect(post.status).toBe(200);

      const second = open({ token, conversationId, watermark });
      await second.waitFor((received) => received.some((a) => text(a) === t('en', 'whereId.info')));
      expect(second.received.filter((a) => seen.has(a.id))).toEqual([]);
      expect(second.received.filter((a) => a.type === 'message').map(text)[0]).toBe('where is my user id');
      const id = await second.say(t('en', 'buttons.menu.forgotAccount'), 'en-US');
      await second.waitFor((received) => received.some((a) => replyToId(a) === id && text(a) === t('en', 'retrieval.hasOrders')));
      const ids = second.received.filter((a) => a.type === 'message').map((a) => a.id);
      expect(new Set(ids).size).toBe(ids.length);
      second.end();
    });
  });
});
