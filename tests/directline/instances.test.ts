// Two app instances on one PostgreSQL database, as behind a load balancer: live news (the desk's
// event streams, the widget's WebSockets) crosses between them through LISTEN/NOTIFY.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import WebSocket from 'ws';
import { importDirectory } from '../../core/import/import-directory.js';
import { SPEECH } from '../bot/speech.js';
import { addOperator, DeskClient, EventStream } from '../desk/desk-kit.js';
import { Shopper } from '../helpers/bot-harness.js';
import { testBackends, type TestDatabase } from '../helpers/test-db.js';
import fixture from '../fixtures/directory.json' with { type: 'json' };
import { startServer, type RunningServer } from './server.js';

const IN_CI = process.env.CI === 'true' || process.env.CI === '1';
const postgres = testBackends().find((backend) => backend.name === 'postgresql');
const SKIP = !postgres && !IN_CI;
if (SKIP) console.error('instances: SKIPPING the two-instance tests: TEST_DATABASE_URL is not set (PostgreSQL only).');

type Frame = { activities: { type: string; text?: string; from?: { role?: string } }[]; watermark: string };

/** A raw Direct Line WebSocket: every frame it got, no polling anywhere. */
class RawStream {
  readonly frames: Frame[] = [];
  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const text = data.toString('utf8');
      if (text) this.frames.push(JSON.parse(text) as Frame);
    });
  }

  static open(url: string): Promise<RawStream> {
    const ws = new WebSocket(url);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new RawStream(ws)));
      ws.once('error', reject);
    });
  }

  texts(): string[] {
    return this.frames.flatMap((f) => f.activities).filter((a) => a.type === 'message').map((a) => a.text ?? '');
  }

  async waitForText(text: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.texts().includes(text)) {
      if (Date.now() > deadline) throw new Error(`no "${text}" on the stream; got ${JSON.stringify(this.texts())}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  close(): void {
    this.ws.terminate();
  }
}

describe.skipIf(SKIP)(SKIP ? 'two instances on one database (skipped: PostgreSQL only, TEST_DATABASE_URL unset)' : 'two instances on one PostgreSQL database', () => {
  let database: TestDatabase;
  let a: RunningServer;
  let b: RunningServer;
  const cleanups: (() => void)[] = [];
  // The /api/messages shoppers' channel connector: takes the operator's proactive messages.
  const connector: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'ok' }));
    });
  });

  beforeAll(async () => {
    if (!postgres) throw new Error('TEST_DATABASE_URL is not set (CI is set, so this fails instead of skipping)');
    await new Promise<void>((resolve) => connector.listen(0, '127.0.0.1', resolve));
    database = await postgres.create();
    await importDirectory(database.db, fixture);
    a = await startServer(database.db);
    b = await startServer(database.db);
    await Promise.all([a.app.live!.ready(), b.app.live!.ready()]);
  });

  afterAll(async () => {
    for (const cleanup of cleanups) cleanup();
    await a?.stop();
    await b?.stop();
    await database?.cleanup();
    connector.closeAllConnections();
    await new Promise((resolve) => connector.close(resolve));
  });

  async function signIn(server: RunningServer, role: 'AGENT' | 'SUPERVISOR' = 'AGENT'): Promise<DeskClient> {
    const operator = await addOperator(database.db, role, ['ru'], 'Olena');
    return DeskClient.signIn(server.url, operator.email);
  }

  async function events(server: RunningServer): Promise<EventStream> {
    const stream = await EventStream.open(await signIn(server));
    cleanups.push(() => stream.close());
    return stream;
  }

  /** A shopper on /api/messages through `server` asks for an operator; the case they opened. */
  async function openCaseThrough(server: RunningServer): Promise<{ id: string }> {
    const shopper = new Shopper(() => server.url, 'ru-RU', undefined, 'stubchan');
    const serviceUrl = `http://127.0.0.1:${(connector.address() as AddressInfo).port}/`;
    await shopper.send(shopper.activity({ type: 'conversationUpdate', membersAdded: [{ id: 'shopper-1', name: 'Shopper' }], text: undefined, serviceUrl }));
    await shopper.send(shopper.activity({ text: SPEECH.ru.operator, serviceUrl }));
    return database.db.prisma.case.findFirstOrThrow({ where: { conversation: { externalId: shopper.conversationId } }, select: { id: true } });
  }

  /** A widget conversation started on `server`: its ids, token and a stream URL on that server. */
  async function widgetConversation(server: RunningServer): Promise<{ conversationId: string; token: string; streamUrl: string }> {
    const generated = (await (
      await fetch(`${server.url}/v3/directline/tokens/generate`, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.url }, body: JSON.stringify({ locale: 'ru-RU' }) })
    ).json()) as { token: string };
    const res = await fetch(`${server.url}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${generated.token}` } });
    expect(res.status).toBe(201);
    return (await res.json()) as { conversationId: string; token: string; streamUrl: string };
  }

  const postActivity = (server: RunningServer, conversationId: string, token: string, text: string) =>
    fetch(`${server.url}/v3/directline/conversations/${conversationId}/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ type: 'message', from: { id: 'x', role: 'user' }, text, locale: 'ru-RU', channelData: { clientActivityID: `c-${Math.random()}` } }),
    });

  async function listenerPids(): Promise<number[]> {
    const rows = await database.db.prisma.$queryRaw<{ pid: number }[]>`
      SELECT pid FROM pg_stat_activity
      WHERE datname = current_database() AND application_name LIKE 'recovery-desk live %' AND state = 'idle' AND query LIKE 'LISTEN%'`;
    return rows.map((row) => Number(row.pid));
  }

  it('an operator on A sees the case a shopper opened through B, and B\'s claim of it', async () => {
    const onA = await events(a);
    const opened = await openCaseThrough(b);
    const pushed = await onA.waitFor((e) => e.event === 'queue' && e.data.caseId === opened.id && e.data.change === 'opened');
    expect(pushed.data).toMatchObject({ locale: 'ru', claimedById: null });

    const agentOnB = await signIn(b);
    expect((await agentOnB.post(`/desk/api/cases/${opened.id}/claim`)).status).toBe(200);
    const claimed = await onA.waitFor((e) => e.event === 'queue' && e.data.caseId === opened.id && e.data.change === 'claimed');
    expect(claimed.data.claimedById).toEqual(expect.any(String));
    // Each event once: the publishing instance ignores its own notification.
    expect(onA.events.filter((e) => e.event === 'queue' && e.data.caseId === opened.id).map((e) => e.data.change)).toEqual(['opened', 'claimed']);
  });

  it('the same instance\'s stream hears its own events once', async () => {
    const onB = await events(b);
    const opened = await openCaseThrough(b);
    await onB.waitFor((e) => e.event === 'queue' && e.data.caseId === opened.id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(onB.events.filter((e) => e.event === 'queue' && e.data.caseId === opened.id)).toHaveLength(1);
  });

  it('a widget WebSocket on A gets the bot\'s answers to posts through B and the operator\'s reply sent through B', async () => {
    const started = await widgetConversation(a);
    const onA = await RawStream.open(started.streamUrl.replace(/^wss?:\/\/[^/]+/, a.url.replace('http', 'ws')));
    cleanups.push(() => onA.close());
    // The greeting (A's own join) arrives as usual.
    await expect.poll(() => onA.texts().length, { timeout: 10_000 }).toBeGreaterThan(0);

    expect((await postActivity(b, started.conversationId, started.token, SPEECH.ru.operator)).status).toBe(200);
    await onA.waitForText(SPEECH.ru.operator);
    const opened = await database.db.prisma.case.findFirstOrThrow({ where: { conversation: { channelId: 'directline', externalId: started.conversationId } } });

    const agentOnB = await signIn(b);
    expect((await agentOnB.post(`/desk/api/cases/${opened.id}/claim`)).status).toBe(200);
    const reply = await agentOnB.post<{ delivered: boolean }>(`/desk/api/cases/${opened.id}/messages`, { text: 'Здравствуйте, оператор на связи.' });
    expect(reply.body.delivered).toBe(true);
    await onA.waitForText('Здравствуйте, оператор на связи.');

    // In order, each once, watermarks increasing.
    const texts = onA.texts();
    expect(texts.filter((t) => t === 'Здравствуйте, оператор на связи.')).toHaveLength(1);
    const marks = onA.frames.filter((f) => f.activities.some((x) => x.type !== 'typing')).map((f) => Number(f.watermark));
    expect(marks).toEqual([...marks].sort((x, y) => x - y));
    expect(new Set(marks).size).toBe(marks.length);
  });

  it('a stored activity too large for a NOTIFY still reaches the other instance (it is read from the database)', async () => {
    const started = await widgetConversation(a);
    const onA = await RawStream.open(started.streamUrl.replace(/^wss?:\/\/[^/]+/, a.url.replace('http', 'ws')));
    cleanups.push(() => onA.close());
    await expect.poll(() => onA.texts().length, { timeout: 10_000 }).toBeGreaterThan(0);
    const big = 'щ'.repeat(5000); // 10 000 bytes of UTF-8
    // As the bot's connector client posts to B: stored there, only its position announced.
    const res = await fetch(`${b.url}/v3/directline-connector/v3/conversations/${started.conversationId}/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${b.app.directLine.tokens.issueConnector()}` },
      body: JSON.stringify({ type: 'message', text: big }),
    });
    expect(res.status).toBe(200);
    await onA.waitForText(big);
  });

  it('the listening connection survives being terminated and resumes', async () => {
    // An operator's console on A is told to reload once A listens again: it may have missed events.
    const watching = await events(a);
    cleanups.push(() => watching.close());
    const before = await listenerPids();
    expect(before.length).toBeGreaterThanOrEqual(2);
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      await admin.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [before]);
    } finally {
      await admin.end();
    }
    await expect.poll(async () => (await listenerPids()).filter((pid) => !before.includes(pid)).length, { timeout: 10_000, interval: 100 }).toBeGreaterThanOrEqual(2);
    await Promise.all([a.app.live!.ready(), b.app.live!.ready()]);
    await watching.waitFor((e) => e.event === 'ready' && e.data.resync === true);

    const onA = await events(a);
    const opened = await openCaseThrough(b);
    await onA.waitFor((e) => e.event === 'queue' && e.data.caseId === opened.id && e.data.change === 'opened');

    const started = await widgetConversation(a);
    const stream = await RawStream.open(started.streamUrl.replace(/^wss?:\/\/[^/]+/, a.url.replace('http', 'ws')));
    cleanups.push(() => stream.close());
    expect((await postActivity(b, started.conversationId, started.token, 'после обрыва')).status).toBe(200);
    await stream.waitForText('после обрыва');
  });
});
