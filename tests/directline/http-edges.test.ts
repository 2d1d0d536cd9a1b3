import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DirectLineTokens } from '../../bot/directline/tokens.js';
import { testBackends, type TestDatabase } from '../helpers/test-db.js';
import { startServer, type RunningServer } from './server.js';

const SECRET = 'shop-backend-secret-0123456789-abcdef';
const SHOP = 'https://shop.example';

/** A clock the tests move by hand, for token expiry. */
class Clock {
  private offset = 0;
  now = () => new Date(Date.now() + this.offset);
  advanceSeconds(seconds: number) {
    this.offset += seconds * 1000;
  }
}

type Started = { conversationId: string; token: string; streamUrl: string };

/** How a WebSocket upgrade ends: the HTTP status it was refused with, or 101 when it opened. */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', (error) => reject(error));
  });
}

describe.each(testBackends())('Direct Line bad input on $name', (backend) => {
  let database: TestDatabase;
  let server: RunningServer;
  const clock = new Clock();
  const api = (path: string) => `${server.url}/v3/directline${path}`;

  beforeAll(async () => {
    database = await backend.create();
    server = await startServer(database.db, {
      now: clock.now,
      env: { MAX_BODY_BYTES: '8192', DIRECTLINE_SECRET: SECRET, WIDGET_ALLOWED_ORIGINS: `${SHOP},http://localhost:8080` },
    });
  });

  afterAll(async () => {
    await server.stop();
    await database.cleanup();
  });

  async function start(): Promise<Started> {
    const generated = (await (
      await fetch(api('/tokens/generate'), { method: 'POST', headers: { origin: server.url } })
    ).json()) as { token: string };
    const res = await fetch(api('/conversations'), { method: 'POST', headers: { authorization: `Bearer ${generated.token}` } });
    expect(res.status).toBe(201);
    return (await res.json()) as Started;
  }

  const post = (conversationId: string, token: string | null, body: unknown, contentType = 'application/json') =>
    fetch(api(`/conversations/${conversationId}/activities`), {
      method: 'POST',
      headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  const get = (path: string, token: string | null) => fetch(api(path), { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('answers 403 without a token, with a bad one, or one from another secret, on every route', async () => {
    const { conversationId } = await start();
    const foreign = new DirectLineTokens('another-secret-another-secret-another', 1800, clock.now).issue({ conversationId, userId: 'dl_x' }).token;
    for (const token of [null, 'garbage', 'a.b.c', foreign]) {
      const statuses = [
        (await get(`/conversations/${conversationId}`, token)).status,
        (await get(`/conversations/${conversationId}/activities`, token)).status,
        (await post(conversationId, token, { type: 'message', text: 'hi' })).status,
        (await fetch(api('/conversations'), { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {} })).status,
        (await fetch(api('/tokens/refresh'), { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {} })).status,
      ];
      expect(statuses, `token ${token?.slice(0, 10)}`).toEqual([403, 403, 403, 403, 403]);
    }
    const res = await get(`/conversations/${conversationId}/activities`, 'garbage');
    expect(await res.json()).toEqual({ error: { code: 'Forbidden', message: expect.any(String) } });
  });

  it('answers 403 to a token of another conversation, over HTTP and WebSocket', async () => {
    const a = await start();
    const b = await start();
    expect((await get(`/conversations/${b.conversationId}/activities`, a.token)).status).toBe(403);
    expect((await post(b.conversationId, a.token, { type: 'message', text: 'hi' })).status).toBe(403);
    const stolen = a.streamUrl.replace(a.conversationId, b.conversationId);
    expect(await upgradeStatus(stolen)).toBe(403);
    expect(await upgradeStatus(a.streamUrl.replace(/t=[^&]+/, 't=forged'))).toBe(403);
    expect(await upgradeStatus(a.streamUrl)).toBe(101);
  });

  it('answers 403 once a token has expired, and refresh no longer helps', async () => {
    const { conversationId, token } = await start();
    const refreshed = await fetch(api('/tokens/refresh'), { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(refreshed.status).toBe(200);
    const fresh = (await refreshed.json()) as { token: string; conversationId: string };
    expect(fresh.conversationId).toBe(conversationId);
    expect((await get(`/conversations/${conversationId}/activities`, fresh.token)).status).toBe(200);

    clock.advanceSeconds(1801);
    expect((await get(`/conversations/${conversationId}/activities`, fresh.token)).status).toBe(403);
    expect((await fetch(api('/tokens/refresh'), { method: 'POST', headers: { authorization: `Bearer ${fresh.token}` } })).status).toBe(403);
  });

  it('answers 404 for a conversation that does not exist', async () => {
    const ghost = server.app.directLine.tokens.issue({ conversationId: 'NoSuchConversation1', userId: 'dl_x' }).token;
    expect((await get('/conversations/NoSuchConversation1/activities', ghost)).status).toBe(404);
    expect((await get('/conversations/NoSuchConversation1', ghost)).status).toBe(404);
    expect((await post('NoSuchConversation1', ghost, { type: 'message', text: 'hi' })).status).toBe(404);
    expect((await fetch(api('/conversations'), { method: 'POST', headers: { authorization: `Bearer ${ghost}` } })).status).toBe(404);
    expect((await get('/conversations/NoSuchConversation2', SECRET)).status).toBe(404);
    const stream = server.app.directLine.tokens.issueStream({ conversationId: 'NoSuchConversation1', userId: 'dl_x' });
    expect(await upgradeStatus(`${server.url.replace('http', 'ws')}/v3/directline/conversations/NoSuchConversation1/stream?t=${stream}`)).toBe(404);
    expect(await upgradeStatus(`${server.url.replace('http', 'ws')}/v3/directline/elsewhere`)).toBe(404);
  });

  it('answers 413 to an oversize activity, 400 to malformed JSON or a bad activity, 415 to other media', async () => {
    const { conversationId, token } = await start();
    expect((await post(conversationId, token, { type: 'message', text: 'x'.repeat(20_000) })).status).toBe(413);
    const malformed = await post(conversationId, token, '{"type": "message", "text": ');
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(await malformed.json())).not.toMatch(/at .*\.js/);
    expect((await post(conversationId, token, { type: 'bogus', text: 'hi' })).status).toBe(400);
    expect((await post(conversationId, token, { type: 'message', text: 42 })).status).toBe(400);
    expect((await post(conversationId, token, { type: 'event', name: 'x', value: { blob: 'y'.repeat(5000) } })).status).toBe(400);
    expect((await post(conversationId, token, { type: 'message', channelData: { clientActivityID: 'z'.repeat(500) } })).status).toBe(400);
    expect((await post(conversationId, token, 'hello', 'text/plain')).status).toBe(415);
    expect((await get(`/conversations/${conversationId}/activities?watermark=abc`, token)).status).toBe(400);
    expect((await get(`/conversations/${conversationId}/activities?watermark=-1`, token)).status).toBe(400);
    expect(await upgradeStatus(`${server.url.replace('http', 'ws')}/v3/directline/conversations/${conversationId}/stream?watermark=x&t=${server.app.directLine.tokens.issueStream({ conversationId, userId: 'dl_x' })}`)).toBe(400);
    // None of it hurt: the conversation goes on.
    const ok = await post(conversationId, token, { type: 'message', text: 'menu', channelData: { clientActivityID: 'after-errors' } });
    expect(ok.status).toBe(200);
    expect(((await (await fetch(`${server.url}/healthz`)).json()) as { status: string }).status).toBe('ok');
  });

  it('drops a WebSocket that sends an oversize frame and keeps serving', async () => {
    const { streamUrl, conversationId, token } = await start();
    const code = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(streamUrl);
      ws.on('open', () => ws.send('x'.repeat(10_000)));
      ws.on('close', (closeCode) => resolve(closeCode));
      ws.on('error', () => undefined);
      setTimeout(() => reject(new Error('not closed')), 5000);
    });
    expect(code).toBe(1009);
    expect((await get(`/conversations/${conversationId}/activities`, token)).status).toBe(200);
  });

  it('takes bot replies on the connector API only with a connector token', async () => {
    const { conversationId, token } = await start();
    const connector = `${server.url}/v3/directline-connector/v3/conversations/${conversationId}/activities`;
    const send = (auth: string | null, body: unknown, url = connector) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) }, body: JSON.stringify(body) });
    const reply = { type: 'message', text: 'I am the bot, honestly' };
    expect((await send(null, reply)).status).toBe(401);
    expect((await send(token, reply)).status).toBe(401);
    expect((await send(SECRET, reply)).status).toBe(401);
    const connectorToken = server.app.directLine.tokens.issueConnector();
    expect((await send(connectorToken, { text: 'no type' })).status).toBe(400);
    expect((await send(connectorToken, reply, connector.replace(conversationId, 'NoSuchConversation1'))).status).toBe(404);
    // A reply must belong to this Direct Line conversation: not another channel's, not another conversation's.
    expect((await send(connectorToken, { ...reply, channelId: 'emulator' })).status).toBe(400);
    expect((await send(connectorToken, { ...reply, conversation: { id: 'someone-else' } })).status).toBe(400);
    const accepted = await send(connectorToken, reply);
    expect(accepted.status).toBe(200);
    const { id } = (await accepted.json()) as { id: string };
    const feed = (await (await get(`/conversations/${conversationId}/activities`, token)).json()) as { activities: { id: string; from: { role: string } }[] };
    expect(feed.activities.find((a) => a.id === id)?.from.role).toBe('bot');
  });

  it('issues tokens to this site\'s pages, the allowed shop origins and the backend secret only', async () => {
    const generate = (headers: Record<string, string>, body?: unknown) =>
      fetch(api('/tokens/generate'), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
    expect((await generate({})).status).toBe(403);
    expect((await generate({ origin: 'https://evil.example' })).status).toBe(403);
    expect((await generate({ 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await generate({ origin: server.url })).status).toBe(200);

    const fromShop = await generate({ origin: SHOP });
    expect(fromShop.status).toBe(200);
    expect(fromShop.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect((await generate({ origin: 'https://evil.example' })).headers.get('access-control-allow-origin')).toBeNull();

    // A page cannot choose who it is; the shop's backend (with the secret) can.
    const page = (await (await generate({ origin: SHOP }, { user: { id: 'admin' } })).json()) as { token: string };
    expect(server.app.directLine.tokens.verify(page.token, 'conversation')?.userId).toMatch(/^dl_/);
    const backendRes = await generate({ authorization: `Bearer ${SECRET}` }, { user: { id: 'shop-user-42' }, locale: 'pl-PL' });
    const backend = (await backendRes.json()) as { token: string };
    expect(server.app.directLine.tokens.verify(backend.token, 'conversation')?.userId).toBe('shop-user-42');
    expect((await generate({ authorization: `Bearer ${SECRET}` }, { user: { id: 'bad id with spaces' } })).status).toBe(400);
    expect((await generate({ origin: server.url }, { locale: 42 })).status).toBe(400);
  });

  it('answers CORS preflights for the allowed shop origins only', async () => {
    const preflight = (origin: string, path = '/v3/directline/tokens/generate') =>
      fetch(`${server.url}${path}`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, x-ms-bot-agent' },
      });
    const allowed = await preflight(SHOP);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/Authorization.*Content-Type.*x-ms-bot-agent.*X-Requested-With/);
    expect(allowed.headers.get('vary')).toMatch(/Origin/);
    expect((await preflight('http://localhost:8080', '/v3/directline/conversations/abc/activities')).status).toBe(204);
    const refused = await preflight('https://evil.example');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    // Other routes keep their own behaviour.
    expect((await preflight(SHOP, '/api/messages')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets the shop backend start a conversation with the secret, as Azure\'s Direct Line does', async () => {
    const res = await fetch(api('/conversations'), {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' },
      body: JSON.stringify({ user: { id: 'shop-user-7' }, locale: 'en-US' }),
    });
    expect(res.status).toBe(201);
    const started = (await res.json()) as Started;
    expect(server.app.directLine.tokens.verify(started.token, 'conversation')).toEqual({ conversationId: started.conversationId, userId: 'shop-user-7' });
    const feed = (await (await get(`/conversations/${started.conversationId}/activities`, SECRET)).json()) as { activities: unknown[] };
    expect(feed.activities.length).toBeGreaterThan(0);
  });
});
