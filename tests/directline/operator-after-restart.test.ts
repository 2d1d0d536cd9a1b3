import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDirectory } from '../../core/import/import-directory.js';
import { createTranslator } from '../../bot/i18n/translator.js';
import { SPEECH } from '../bot/speech.js';
import { addCase, addOperator, DeskClient } from '../desk/desk-kit.js';
import { testBackends, type TestDatabase } from '../helpers/test-db.js';
import fixture from '../fixtures/directory.json' with { type: 'json' };
import { DirectLineSession, textOf } from './directline-client.js';
import { startServer, type RunningServer } from './server.js';

const t = createTranslator();

/** Any HTTP server that takes every POST and keeps its path: a foreign channel's connector. */
class Recorder {
  readonly posts: { path: string; text?: string }[] = [];
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { text?: string };
      this.posts.push({ path: req.url ?? '', text: body.text });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `rec-${this.posts.length}` }));
    });
  });

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

describe.each(testBackends())('operator replies to a widget conversation saved by another server instance on $name', (backend) => {
  let database: TestDatabase;
  let server: RunningServer;
  let recorder: Recorder;
  const sessions: DirectLineSession[] = [];

  beforeAll(async () => {
    database = await backend.create();
    await importDirectory(database.db, fixture);
    recorder = await new Recorder().start();
    server = await startServer(database.db);
  });

  afterAll(async () => {
    for (const s of sessions) s.end();
    await server.stop();
    await recorder.close();
    await database.cleanup();
  });

  function open(options: { token: string; conversationId?: string }): DirectLineSession {
    const session = new DirectLineSession({ domain: `${server.url}/v3/directline`, pollingInterval: 200, webSocket: false, ...options });
    sessions.push(session);
    return session;
  }

  /** Stops the server and starts another one on the same database, on another port. */
  async function moveToAnotherPort(): Promise<void> {
    const old = server.port;
    await server.stop();
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (;;) {
      server = await startServer(database.db);
      if (server.port !== old) return;
      await server.stop();
    }
  }

  async function claimAndReply(caseId: string, text: string): Promise<boolean> {
    const operator = await addOperator(database.db, 'AGENT', ['ru'], 'Olena');
    const desk = await DeskClient.signIn(server.url, operator.email);
    expect((await desk.post(`/desk/api/cases/${caseId}/claim`)).status).toBe(200);
    const reply = await desk.post<{ delivered: boolean }>(`/desk/api/cases/${caseId}/messages`, { text });
    expect(reply.status).toBe(200);
    return reply.body.delivered;
  }

  it('reaches the shopper through the new server\'s connector, not the old, dead address', async () => {
    const generated = (await (
      await fetch(`${server.url}/v3/directline/tokens/generate`, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.url }, body: JSON.stringify({ locale: 'ru-RU' }) })
    ).json()) as { conversationId: string; token: string };
    const before = open({ token: generated.token });
    await before.waitForBotMessages(2);
    await before.say(SPEECH.ru.operator, 'ru-RU');
    const opened = await database.db.prisma.case.findFirstOrThrow({ where: { conversation: { channelId: 'directline', externalId: generated.conversationId } } });
    await before.waitFor(() => before.botMessages().length >= 3);
    const saved = await database.db.prisma.conversation.findUniqueOrThrow({ where: { id: opened.conversationId } });
    const savedUrl = (JSON.parse(saved.reference!) as { serviceUrl: string }).serviceUrl;
    expect(savedUrl).toBe(`${server.url}/v3/directline-connector/`);
    before.end();

    await moveToAnotherPort();
    // No shopper turn on the new server: the stored reference still names the old one.
    expect(await claimAndReply(opened.id, 'Здравствуйте, это оператор.')).toBe(true);

    const after = open({ token: generated.token, conversationId: generated.conversationId });
    await after.waitFor((received) => received.some((a) => textOf(a) === 'Здравствуйте, это оператор.'));
    expect(after.botTexts()).toContain(t('ru', 'handoff.operatorJoined', { name: 'Olena' }));
    // Only the serviceUrl was rebuilt for the send; the stored reference is as the bot saved it.
    const reference = JSON.parse((await database.db.prisma.conversation.findUniqueOrThrow({ where: { id: opened.conversationId } })).reference!) as Record<string, unknown>;
    expect(reference).toEqual(JSON.parse(saved.reference!));
  });

  it.each([
    ['another channel whose connector shares our path', 'stubchan', '/v3/directline-connector/'],
    ['Azure\'s Direct Line (same channel id, its own service)', 'directline', '/'],
  ])('leaves a foreign serviceUrl alone: %s', async (_name, channelId, path) => {
    const conversation = `foreign-${channelId}-${Date.now()}`;
    const { caseId } = await addCase(database.db, {
      locale: 'ru',
      reference: {
        channelId,
        serviceUrl: `${recorder.origin}${path}`,
        conversation: { id: conversation },
        bot: { id: 'recovery-desk', name: 'Recovery Desk' },
        user: { id: 'shopper-1' },
        locale: 'ru-RU',
      },
    });
    expect(await claimAndReply(caseId, 'Оператор на связи.')).toBe(true);
    const posted = recorder.posts.filter((p) => p.path.startsWith(`${path}v3/conversations/${conversation}/activities`));
    expect(posted.map((p) => p.text)).toEqual([t('ru', 'handoff.operatorJoined', { name: 'Olena' }), 'Оператор на связи.']);
  });
});
