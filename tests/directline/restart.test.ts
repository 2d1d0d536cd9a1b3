import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDirectory } from '../../core/import/import-directory.js';
import { createTranslator } from '../../bot/i18n/translator.js';
import { testBackends, type TestDatabase } from '../helpers/test-db.js';
import fixture from '../fixtures/directory.json' with { type: 'json' };
import { ConnectionStatus, DirectLineSession, replyToId, textOf as text } from './directline-client.js';
import { startServer, type RunningServer } from './server.js';

const t = createTranslator();
const messageIds = (s: DirectLineSession) => s.received.filter((a) => a.type === 'message').map((a) => a.id);

describe.each(testBackends())('Direct Line across a server restart on $name', (backend) => {
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

  async function generate(locale: string): Promise<{ conversationId: string; token: string }> {
    const res = await fetch(`${server.url}/v3/directline/tokens/generate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ locale }),
    });
    return (await res.json()) as { conversationId: string; token: string };
  }

  /** Stops the server and starts a new one on the same port and database, as a deploy does. */
  async function restart(): Promise<void> {
    const { port } = server;
    await server.stop();
    // Let this process's fetch pool see its kept-alive sockets closed, as a browser would, before
    // the next request; otherwise its first request may go out on a dead socket.
    await new Promise((resolve) => setTimeout(resolve, 200));
    server = await startServer(database.db, { port });
  }

  function open(options: { token: string; conversationId?: string; webSocket: boolean }): DirectLineSession {
    const session = new DirectLineSession({ domain: `${server.url}/v3/directline`, pollingInterval: 200, ...options });
    sessions.push(session);
    return session;
  }

  it('keeps a WebSocket client: it reconnects with its watermark, missing and repeating nothing', async () => {
    const { token, conversationId } = await generate('pl-PL');
    const s = open({ token, webSocket: true });
    await s.waitForBotMessages(2);

    await restart();
    // While the client is away, the shopper's other tab talks to the new server.
    const post = await fetch(`${server.url}/v3/directline/conversations/${conversationId}/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ type: 'message', text: t('pl', 'buttons.menu.whereId'), locale: 'pl-PL', channelData: { clientActivityID: 'tab-2' } }),
    });
    expect(post.status).toBe(200);

    await s.waitFor((received) => received.some((a) => text(a) === t('pl', 'whereId.info')), 20_000);
    const id = await s.say(t('pl', 'buttons.menu.forgotAccount'), 'pl-PL');
    await s.waitFor((received) => received.some((a) => replyToId(a) === id && text(a) === t('pl', 'retrieval.hasOrders')));
    expect(s.status).toBe(ConnectionStatus.Online);
    expect(new Set(messageIds(s)).size).toBe(messageIds(s).length);
    expect(s.botTexts().slice(0, 3)).toEqual([t('pl', 'greeting'), t('pl', 'menu.prompt'), t('pl', 'whereId.info')]);
  });

  it.each([
    ['WebSocket', true],
    ['polling', false],
  ])('resumes over %s with the stored token and conversation id: the whole history once, then goes on', async (_mode, webSocket) => {
    const { token, conversationId } = await generate('uk-UA');
    const before = open({ token, webSocket });
    await before.waitForBotMessages(2);
    const firstId = await before.say(t('uk', 'buttons.menu.forgotAccount'), 'uk-UA');
    await before.waitFor((received) => received.some((a) => replyToId(a) === firstId));
    const history = messageIds(before);
    before.end();

    await restart();
    const after = open({ token, conversationId, webSocket });
    await after.waitFor((received) => received.filter((a) => a.type === 'message').length >= history.length);
    expect(messageIds(after)).toEqual(history);
    const id = await after.say(t('uk', 'buttons.yes'), 'uk-UA');
    await after.waitFor((received) => received.some((a) => replyToId(a) === id && text(a) === t('uk', 'retrieval.hasOrderNumber')));
    expect(new Set(messageIds(after)).size).toBe(messageIds(after).length);
  });
});
