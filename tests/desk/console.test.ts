import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type Harness } from '../helpers/bot-harness.js';
import { testBackends, type TestDatabase } from '../helpers/test-db.js';
import { addOperator, DeskClient } from './desk-kit.js';

// The server side of the console: its pages and files under /desk, under the desk's policy.
// The built console itself runs in Chromium in tests/e2e/desk.test.ts; here a stand-in build.
const INDEX = '<!doctype html><html><head><script type="module" src="/desk/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';

describe('the desk console, served under /desk', () => {
  let database: TestDatabase;
  let server: Harness;
  let unbuilt: Harness;
  let consoleDir: string;

  beforeAll(async () => {
    consoleDir = mkdtempSync(join(tmpdir(), 'rd-console-'));
    mkdirSync(join(consoleDir, 'assets'));
    writeFileSync(join(consoleDir, 'index.html'), INDEX);
    writeFileSync(join(consoleDir, 'assets', 'index-abc123.js'), 'console.log("desk")');
    writeFileSync(join(consoleDir, 'assets', 'index-abc123.css'), 'body{}');
    writeFileSync(join(consoleDir, 'secret.txt'), 'not an asset');
    database = await testBackends()[0]!.create();
    server = await startBot(database.db, { env: { DESK_CONSOLE_DIR: consoleDir } });
    unbuilt = await startBot(database.db, { env: { DESK_CONSOLE_DIR: join(consoleDir, 'missing') } });
  });

  afterAll(async () => {
    await server.close();
    await unbuilt.close();
    await database.cleanup();
    rmSync(consoleDir, { recursive: true, force: true });
  });

  it.each(['/desk', '/desk/', '/desk/cases', '/desk/cases/8a0c3b57-4d1e-4f6a-9a51-0c6c1b3f2e11', '/desk/audit', '/desk/operators', '/desk/approvals'])(
    'answers %s with the console page under a strict policy, never cached',
    async (path) => {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await res.text()).toBe(INDEX);
      const policy = res.headers.get('content-security-policy') ?? '';
      expect(policy).toContain("default-src 'self'");
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).not.toContain('unsafe-inline');
      expect(policy).not.toContain('unsafe-eval');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('cache-control')).toBe('no-store');
    },
  );

  it('serves the built files with their types, cached for good (their names change with their content)', async () => {
    const js = await fetch(`${server.url}/desk/assets/index-abc123.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await js.text()).toBe('console.log("desk")');
    const head = await fetch(`${server.url}/desk/assets/index-abc123.js`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await fetch(`${server.url}/desk`, { method: 'HEAD' })).status).toBe(200);
    const css = await fetch(`${server.url}/desk/assets/index-abc123.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it.each(['/desk/assets/missing-1.js', '/desk/assets/..%2Fsecret.txt', '/desk/assets/..%2Findex.html', '/desk/assets/secret.txt', '/desk/assets/%2e%2e%2fsecret.txt', '/desk/nothing-here'])(
    'refuses %s with a JSON 404 and nothing from outside assets/',
    async (path) => {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status).toBe(404);
      const body = await res.text();
      expect(body).not.toContain('not an asset');
      expect(JSON.parse(body)).toMatchObject({ error: { code: expect.any(String) } });
    },
  );

  it('keeps unknown API paths JSON errors, not the console page', async () => {
    const res = await fetch(`${server.url}/desk/api/no-such-thing`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/json');
  });

  it('says plainly when the console has not been built', async () => {
    const res = await fetch(`${unbuilt.url}/desk`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build');
  });

  it('tells the signed-in console whether the development outbox exists (never in production)', async () => {
    const agent = await addOperator(database.db, 'AGENT', ['ru']);
    const client = await DeskClient.signIn(server.url, agent.email);
    expect((await client.get<{ devOutbox: boolean }>('/desk/api/me')).body.devOutbox).toBe(true);

    const production = await startBot(database.db, {
      env: { NODE_ENV: 'production', MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'x', APP_SECRET: 'a'.repeat(48), DESK_CONSOLE_DIR: consoleDir },
    });
    try {
      const signedIn = await DeskClient.signIn(production.url, agent.email);
      expect((await signedIn.get<{ devOutbox: boolean }>('/desk/api/me')).body.devOutbox).toBe(false);
      expect((await fetch(`${production.url}/dev/outbox`)).status).toBe(404);
    } finally {
      await production.close();
    }
  });
});
