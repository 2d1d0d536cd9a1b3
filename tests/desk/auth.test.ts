import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../core/db/client.js';
import type { DeskOperator } from '../../desk/operators/desk-operator.js';
import { startBot, type Harness } from '../helpers/bot-harness.js';
import { testBackends, type TestDatabase } from '../helpers/test-db.js';
import { purgeDeskRecords } from '../../desk/sessions/purge-desk-records.js';
import { findSession } from '../../desk/sessions/find-session.js';
import { addCase, addOperator, Clock, DeskClient, PASSWORD } from './desk-kit.js';

describe.each(testBackends())('desk sign-in, sessions and request protection on $name', (backend) => {
  let database: TestDatabase;
  let db: Db;
  let server: Harness;
  let agent: DeskOperator;
  const clock = new Clock();

  beforeAll(async () => {
    database = await backend.create();
    db = database.db;
    server = await startBot(db, { now: clock.now, env: { DESK_SESSION_IDLE_MINUTES: '30', DESK_SESSION_MAX_HOURS: '2' } });
    agent = await addOperator(db, 'AGENT', ['ru', 'uk'], 'Olena');
  });

  afterAll(async () => {
    await server.close();
    await database.cleanup();
  });

  const anonymous = () => new DeskClient(server.url);

  it('signs in with a password: an httpOnly, SameSite=Strict session cookie for /desk, the CSRF token and who is signed in', async () => {
    const client = anonymous();
    const res = await client.post<{ operator: Record<string, unknown>; csrfToken: string; expiresAt: string }>('/desk/api/session', { email: agent.email.toUpperCase(), password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.operator).toEqual({ id: agent.id, email: agent.email, displayName: 'Olena', role: 'AGENT', languages: ['ru', 'uk'], active: true });
    expect(res.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^rd_desk=[A-Za-z0-9_-]{43}; /);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/desk');
    expect(cookie).toContain(`Max-Age=${2 * 3600}`);
    // Plain http in tests and development: a Secure cookie would never come back.
    expect(cookie).not.toContain('Secure');
    expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|scrypt/);

    const me = await client.get<{ operator: { id: string }; csrfToken: string }>('/desk/api/me');
    expect(me.status).toBe(200);
    expect(me.body.operator.id).toBe(agent.id);
    expect(me.body.csrfToken).toBe(res.body.csrfToken);
  });

  it('keeps only a hash of the session token and writes the sign-in to the audit log', async () => {
    const client = await DeskClient.signIn(server.url, agent.email);
    const token = client.cookie!.slice('rd_desk='.length);
    expect(await database.dump()).not.toContain(token);
    const signIns = await db.prisma.auditEvent.count({ where: { action: 'operator.signed_in', actorId: agent.id } });
    expect(signIns).toBeGreaterThan(0);
  });

  it('marks the cookie Secure when configured (production over HTTPS)', async () => {
    const secure = await startBot(db, { now: clock.now, env: { DESK_SECURE_COOKIES: 'true' } });
    try {
      const res = await new DeskClient(secure.url).post('/desk/api/session', { email: agent.email, password: PASSWORD });
      expect(res.headers.get('set-cookie')).toMatch(/; Secure/);
    } finally {
      await secure.close();
    }
  });

  it('answers an unknown login and a wrong password the same way, and refuses an inactive operator alike', async () => {
    const wrong = await anonymous().post('/desk/api/session', { email: agent.email, password: 'not the password at all' });
    const unknown = await anonymous().post('/desk/api/session', { email: 'nobody@desk.example.com', password: PASSWORD });
    const gone = await addOperator(db, 'AGENT', ['pl']);
    await db.prisma.operator.update({ where: { id: gone.id }, data: { active: false } });
    const inactive = await anonymous().post('/desk/api/session', { email: gone.email, password: PASSWORD });
    for (const res of [wrong, unknown, inactive]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: { code: 'InvalidCredentials', message: 'The email or the password is wrong.' } });
      expect(res.headers.get('set-cookie')).toBeNull();
    }
  });

  it('refuses requests without a session with 401, and bad input with 400, as JSON', async () => {
    for (const path of ['/desk/api/me', '/desk/api/queue', '/desk/api/cases', '/desk/api/audit', '/desk/api/events']) {
      const res = await anonymous().get(path);
      expect(res.status, path).toBe(401);
      expect(res.body).toEqual({ error: { code: 'Unauthenticated', message: 'Sign in to the desk.' } });
    }
    const forged = await anonymous().get('/desk/api/me', { headers: { cookie: 'rd_desk=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } });
    expect(forged.status).toBe(401);
    const missing = await anonymous().post('/desk/api/session', { email: agent.email });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ error: { code: 'BadRequest' } });
    const broken = await anonymous().post('/desk/api/session', undefined, { rawBody: '{"email":', contentType: 'application/json' });
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    const form = await anonymous().post('/desk/api/session', undefined, { rawBody: `email=${agent.email}&password=x`, contentType: 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
  });

  it('needs the CSRF token and a same-origin request for every state-changing request (403 otherwise)', async () => {
    const client = await DeskClient.signIn(server.url, agent.email);
    const { caseId } = await addCase(db, { locale: 'ru' });
    const claim = `/desk/api/cases/${caseId}/claim`;
    expect((await client.post(claim, {}, { csrf: null })).body).toEqual({ error: { code: 'CsrfTokenInvalid', message: 'The CSRF token is missing or wrong.' } });
    expect((await client.post(claim, {}, { csrf: null })).status).toBe(403);
    expect((await client.post(claim, {}, { csrf: 'A'.repeat(43) })).status).toBe(403);
    const other = await DeskClient.signIn(server.url, agent.email);
    expect((await client.post(claim, {}, { csrf: other.csrf })).status, "another session's token").toBe(403);
    const foreign = await client.post(claim, {}, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatchObject({ error: { code: 'ForeignOrigin' } });
    expect((await client.post(claim, {}, { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    expect((await anonymous().post('/desk/api/session', { email: agent.email, password: PASSWORD }, { origin: 'https://evil.example' })).status).toBe(403);
    // Nothing of the above claimed the case.
    expect((await db.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).status).toBe('WAITING');
    // A request without an Origin (a tool, not a browser) still needs the token, and with it works.
    expect((await client.post(claim, {}, { origin: null })).status).toBe(200);
  });

  it('signs out: the session ends on the server and the cookie is cleared', async () => {
    const client = await DeskClient.signIn(server.url, agent.email);
    const cookie = client.cookie!;
    expect((await client.del('/desk/api/session', { csrf: null })).status).toBe(403);
    const out = await client.del('/desk/api/session');
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/^rd_desk=; Path=\/desk; Max-Age=0/);
    expect((await anonymous().get('/desk/api/me', { headers: { cookie } })).status).toBe(401);
    expect(await db.prisma.auditEvent.count({ where: { action: 'operator.signed_out', actorId: agent.id } })).toBeGreaterThan(0);
  });

  it('an open event stream alone does not keep a session alive past the idle limit (its heartbeat checks without touching)', async () => {
    const watcher = await DeskClient.signIn(server.url, agent.email);
    const token = watcher.cookie!.slice('rd_desk='.length);
    const guard = { prisma: db.prisma, config: server.config, now: clock.now };
    for (let i = 0; i < 3; i++) {
      clock.advanceMinutes(9);
      expect(await findSession(guard, token, { touch: false }), `heartbeat ${i + 1}`).not.toBeNull();
    }
    clock.advanceMinutes(4);
    expect(await findSession(guard, token, { touch: false }), '31 minutes without a request').toBeNull();
    expect((await watcher.get('/desk/api/me')).status).toBe(401);
  });

  it('ends a session after the idle limit, and after the absolute limit however busy', async () => {
    const idle = await DeskClient.signIn(server.url, agent.email);
    clock.advanceMinutes(29);
    expect((await idle.get('/desk/api/me')).status).toBe(200);
    clock.advanceMinutes(29);
    expect((await idle.get('/desk/api/me')).status, 'used 29 minutes ago').toBe(200);
    clock.advanceMinutes(31);
    expect((await idle.get('/desk/api/me')).status, 'idle for 31 minutes').toBe(401);

    const busy = await DeskClient.signIn(server.url, agent.email);
    for (let i = 0; i < 4; i++) {
      clock.advanceMinutes(25);
      expect((await busy.get('/desk/api/me')).status).toBe(200);
    }
    clock.advanceMinutes(25);
    expect((await busy.get('/desk/api/me')).status, '2 h 5 min after sign-in, used 25 minutes ago').toBe(401);

    // The retention sweep removes sessions nobody can use any more.
    const live = await DeskClient.signIn(server.url, agent.email);
    clock.advanceMinutes(31);
    const purged = await purgeDeskRecords(db.prisma, { idleMinutes: 30, retentionDays: 90 }, clock.now());
    expect(purged.sessions).toBeGreaterThan(0);
    expect(await db.prisma.operatorSession.count({ where: { lastSeenAt: { lte: new Date(clock.now().getTime() - 30 * 60_000) } } })).toBe(0);
    expect((await live.get('/desk/api/me')).status).toBe(401);
  });

  it('puts strict security headers on every /desk response, errors and unknown routes included', async () => {
    const client = await DeskClient.signIn(server.url, agent.email);
    for (const res of [await client.get('/desk/api/me'), await anonymous().get('/desk/api/queue'), await client.get('/desk/api/no-such-thing')]) {
      expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'self';.*frame-ancestors 'none'/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
    const unknown = await client.get('/desk/api/no-such-thing');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  });

  it('limits failed sign-ins per login and per client address, with the same answer for unknown logins', async () => {
    const target = await addOperator(db, 'SUPERVISOR', ['en']);
    for (let i = 0; i < 5; i++) expect((await anonymous().post('/desk/api/session', { email: target.email, password: `wrong ${i}` })).status).toBe(401);
    const locked = await anonymous().post('/desk/api/session', { email: target.email, password: PASSWORD });
    expect(locked.status, 'even the right password waits').toBe(429);
    expect(locked.body).toMatchObject({ error: { code: 'TooManyAttempts' } });
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) await anonymous().post('/desk/api/session', { email: 'ghost@desk.example.com', password: `wrong ${i}` });
    expect((await anonymous().post('/desk/api/session', { email: 'ghost@desk.example.com', password: 'x' })).status, 'unknown login: the same lock').toBe(429);

    // From this address, failures spread over many logins reach the per-client limit.
    for (let i = 0; i < 10; i++) await anonymous().post('/desk/api/session', { email: `spray${i}@desk.example.com`, password: 'Spring2026!' });
    expect((await anonymous().post('/desk/api/session', { email: agent.email, password: PASSWORD })).status).toBe(429);

    clock.advanceMinutes(16);
    expect((await anonymous().post('/desk/api/session', { email: target.email, password: PASSWORD })).status, 'after the window').toBe(200);
  });
});
