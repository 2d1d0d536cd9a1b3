// What only the HTTP adapter has to get right: signing, deadlines, retries of reads (never of
// changes), the circuit breaker and the contract's shape. The marketplace is the reference server
// over the embedded directory, made slow or failing by wrapping the directory behind it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createHttpDirectory } from '../../core/directory/http/http-directory.js';
import { sign } from '../../core/directory/http/signature.js';
import { DIRECTORY_SECRET, referenceDirectory, type ReferenceDirectory, type ReferenceOptions } from '../helpers/directory-under-test.js';
import { CONFORMANCE_SNAPSHOT } from './conformance-snapshot.js';

const ORDER = '8200000000000001';
const opened: ReferenceDirectory[] = [];
afterEach(async () => {
  for (const r of opened.splice(0)) await r.close();
});

async function marketplace(options: ReferenceOptions = {}): Promise<ReferenceDirectory> {
  const r = await referenceDirectory(CONFORMANCE_SNAPSHOT, options);
  opened.push(r);
  return r;
}

/** A raw request to the reference server, signed as the adapter signs (or not). */
async function raw(url: string, path: string, init: { method?: string; body?: string; secret?: string | null; timestamp?: number; key?: string } = {}) {
  const method = init.method ?? 'POST';
  const body = init.body ?? '';
  const timestamp = String(init.timestamp ?? Math.floor(Date.now() / 1000));
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-directory-timestamp': timestamp };
  if (init.key) headers['idempotency-key'] = init.key;
  if (init.secret !== null) headers['x-directory-signature'] = sign(init.secret ?? DIRECTORY_SECRET, { method, path, timestamp, idempotencyKey: init.key ?? null, body });
  const res = await fetch(`${url}${path}`, { method, headers, ...(method === 'GET' ? {} : { body }) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('the HTTP contract, as the reference server enforces it', () => {
  it('answers a signed request, and refuses an unsigned, a wrongly signed or a stale one with 401', async () => {
    const m = await marketplace();
    const body = JSON.stringify({ orderNumber: ORDER });
    expect((await raw(m.url, '/v1/lookups/by-order', { body })).json).toMatchObject({ outcome: 'found', account: { loginId: 'ru2000000001' } });
    for (const bad of [{ secret: null }, { secret: 'another-secret-0123456789abcdef0123456789' }, { timestamp: Math.floor(Date.now() / 1000) - 600 }]) {
      const answer = await raw(m.url, '/v1/lookups/by-order', { body, ...bad });
      expect(answer.status).toBe(401);
      expect(answer.json).toMatchObject({ error: { code: 'BadSignature' } });
      expect(JSON.stringify(answer.json)).not.toContain('ru2000000001');
    }
  });

  it('refuses a change without an idempotency key, and a body that breaks the contract', async () => {
    const m = await marketplace();
    const ref = (await m.directory.findByOrder(ORDER)) as { account: { ref: string } };
    const lift = await raw(m.url, `/v1/accounts/${ref.account.ref}/block-lift`, { body: JSON.stringify({ from: 'TEMP_BLOCKED' }) });
    expect(lift).toMatchObject({ status: 400, json: { error: { code: 'IdempotencyKeyRequired' } } });
    const card = await raw(m.url, '/v1/lookups/by-card-payment', { body: JSON.stringify({ bin: '4276', last4: '1111', amountMinor: 1, paidWithin: [] }) });
    expect(card).toMatchObject({ status: 400, json: { error: { code: 'BadRequest' } } });
  });

  it('never carries an order number, card digits, an address or a password in a URL', async () => {
    const m = await marketplace();
    const urls: string[] = [];
    m.server.on('request', (req: http.IncomingMessage) => urls.push(req.url ?? ''));
    const found = await m.directory.findByOrder(ORDER);
    if (found.kind !== 'found') throw new Error('expected the order');
    await m.directory.findByCardPayment({ bin: '427601', last4: '1111', amountMinor: 152050, paidWithin: [{ from: new Date('2026-09-30'), to: new Date('2026-10-03') }] });
    await m.directory.findByEmail('vera.lookup@example.com');
    await m.directory.setPassword(found.account.ref, { password: 'Violet kettle hums at dawn 71', idempotencyKey: 'test:url-check' });
    expect(urls).toHaveLength(4);
    expect(urls.join(' ')).not.toMatch(/8200000000000001|427601|1111|vera|Violet/i);
  });
});

describe('a slow, failing or missing directory', () => {
  it('a directory slower than the deadline is unavailable, and a read is not asked again after a timeout', async () => {
    const m = await marketplace({ adapter: { timeoutMs: 60 } });
    m.control.delayMs = 400;
    expect(await m.directory.findByOrder(ORDER)).toEqual({ kind: 'unavailable' });
    expect(m.control.calls).toBe(1);
  });

  it('a read that fails is tried again, a bounded number of times; a change is sent once', async () => {
    const m = await marketplace({ adapter: { readRetries: 2 } });
    const found = await m.directory.findByOrder(ORDER);
    if (found.kind !== 'found') throw new Error('expected the order');
    m.control.failing = true;
    m.control.calls = 0;
    expect(await m.directory.getAccount(found.account.ref)).toEqual({ kind: 'unavailable' });
    expect(m.control.calls).toBe(3);
    m.control.calls = 0;
    expect(await m.directory.setPassword(found.account.ref, { password: 'Violet kettle hums at dawn 71', idempotencyKey: 'test:sent-once' })).toEqual({ kind: 'unavailable' });
    expect(m.control.calls).toBe(1);
  });

  it('a read that fails once and then works is answered', async () => {
    const m = await marketplace();
    m.control.failNext = 1;
    expect(await m.directory.findByEmail('vera.lookup@example.com')).toMatchObject({ kind: 'found', account: { loginId: 'ru2000000001' } });
    expect(m.control.calls).toBe(2);
  });

  it('the circuit opens after failures in a row: nothing is asked until it half-opens, and a good answer closes it', async () => {
    // The adapter's clock also stamps the signatures, so it starts at the real time.
    let clock = Date.now();
    const m = await marketplace({ adapter: { readRetries: 0, now: () => clock, breaker: { failureThreshold: 2, openMs: 30_000 } } });
    m.control.failing = true;
    await m.directory.findByOrder(ORDER);
    await m.directory.findByOrder(ORDER);
    expect(m.directory.breakerState).toBe('open');
    m.control.failing = false;
    m.control.calls = 0;
    expect(await m.directory.findByOrder(ORDER)).toEqual({ kind: 'unavailable' });
    expect(m.control.calls).toBe(0);
    clock += 30_000;
    expect(m.directory.breakerState).toBe('halfOpen');
    expect(await m.directory.findByOrder(ORDER)).toMatchObject({ kind: 'found' });
    expect(m.control.calls).toBe(1);
    expect(m.directory.breakerState).toBe('closed');
  });

  it('nothing listening, or a wrong secret, is unavailable; the wrong secret is logged as a configuration error', async () => {
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const nowhere = createHttpDirectory({ url: `http://127.0.0.1:${port}`, secret: DIRECTORY_SECRET, retryDelayMs: 1 });
    expect(await nowhere.findByOrder(ORDER)).toEqual({ kind: 'unavailable' });

    const m = await marketplace();
    const errors: string[] = [];
    const wrong = createHttpDirectory({
      url: m.url,
      secret: 'not-the-directory-secret-0123456789abcdef',
      log: { warn: () => undefined, error: (_details, message) => errors.push(message) },
    });
    expect(await wrong.findByOrder(ORDER)).toEqual({ kind: 'unavailable' });
    expect(errors).toEqual([expect.stringContaining('DIRECTORY_SECRET')]);
    expect(m.requests.map((r) => r.status)).toEqual([401]);
  });

  it('an answer that breaks the contract is a DirectoryError, not an outcome', async () => {
    const liar = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ outcome: 'found', account: { loginId: 'someone' } }));
    });
    await new Promise<void>((resolve) => liar.listen(0, '127.0.0.1', resolve));
    try {
      const directory = createHttpDirectory({ url: `http://127.0.0.1:${(liar.address() as AddressInfo).port}`, secret: DIRECTORY_SECRET });
      await expect(directory.findByOrder(ORDER)).rejects.toMatchObject({ name: 'DirectoryError', code: 'BadAnswer' });
    } finally {
      await new Promise<void>((resolve) => liar.close(() => resolve()));
    }
  });
});

afterAll(async () => {
  for (const r of opened.splice(0)) await r.close();
});
