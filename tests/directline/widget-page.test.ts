import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES } from '../../core/domain.js';
import { testBackends, type TestDatabase } from '../helpers/test-db.js';
import { startServer, type RunningServer } from './server.js';

describe('the widget page and its files', () => {
  let database: TestDatabase;
  let server: RunningServer;

  beforeAll(async () => {
    database = await testBackends()[0]!.create();
    server = await startServer(database.db, { env: { WIDGET_ALLOWED_ORIGINS: 'https://shop.example' } });
  });

  afterAll(async () => {
    await server.stop();
    await database.cleanup();
  });

  it('serves /chat under a strict Content-Security-Policy, with no inline script', async () => {
    const res = await fetch(`${server.url}/chat?locale=uk`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy')!;
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).not.toContain("'unsafe-inline'");
    expect(csp).toContain("frame-ancestors 'self' https://shop.example");
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBe(2);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="chat\/(webchat|widget)\.js"/);
      expect(body!.trim()).toBe('');
    }
    expect(html).toContain(`nonce="${nonce}"`);
    // A new nonce for every response.
    const again = (await fetch(`${server.url}/chat`)).headers.get('content-security-policy')!;
    expect(again).not.toBe(csp);
  });

  it('serves Web Chat\'s bundle from node_modules, compressed when the browser accepts it', async () => {
    const res = await fetch(`${server.url}/chat/webchat.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    const original = readFileSync('node_modules/botframework-webchat/dist/webchat.js');
    const body = Buffer.from(await res.arrayBuffer());
    // fetch decodes gzip itself; either way the bytes are the package's own.
    const decoded = res.headers.get('content-encoding') === 'gzip' && body.length < original.length ? gunzipSync(body) : body;
    expect(decoded.equals(original)).toBe(true);
  });

  it('serves the strings of all four languages, and nothing outside its list of files', async () => {
    const catalog = (await (await fetch(`${server.url}/chat/widget.json`)).json()) as { locales: Record<string, { title: string }> };
    expect(Object.keys(catalog.locales).sort()).toEqual([...LOCALES].sort());
    expect(catalog.locales.pl!.title).toBe('Pomoc dla kupujących');
    for (const path of ['/chat/nothing.js', '/chat/..%2fpackage.json', '/chat/chat.html', '/chat/%2e%2e%2f%2e%2e%2fpackage.json']) {
      expect((await fetch(`${server.url}${path}`)).status, path).toBe(404);
    }
    for (const file of ['widget.js', 'widget.css', 'avatar.svg']) {
      const res = await fetch(`${server.url}/chat/${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});
