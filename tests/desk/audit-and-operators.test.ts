import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../core/db/client.js';
import { loadDemoOperators } from '../../desk/operators/load-demo-operators.js';
import type { DeskOperator } from '../../desk/operators/desk-operator.js';
import { startBot, type Harness } from '../helpers/bot-harness.js';
import { runTsx } from '../helpers/spawn-tsx.js';
import { testBackends, type TestDatabase } from '../helpers/test-db.js';
import { addCase, addOperator, DeskClient, PASSWORD } from './desk-kit.js';

type AuditPage = {
  events: { id: string; action: string; actorType: string; actor: { id: string; displayName: string } | null; caseId: string | null; caseNumber: number | null; before: unknown; after: unknown }[];
  next: string | null;
};
type ErrorBody = { error: { code: string; message: string } };
const HTML = '<img src=x onerror="alert(document.cookie)"> </textarea><script>fetch("//evil")</script>';

describe.each(testBackends())('the audit log, operator replies and operator management on $name', (backend) => {
  let database: TestDatabase;
  let db: Db;
  let server: Harness;
  let agent: DeskOperator;
  let supervisor: DeskOperator;
  let agentClient: DeskClient;
  let supClient: DeskClient;

  beforeAll(async () => {
    database = await backend.create();
    db = database.db;
    server = await startBot(db);
    agent = await addOperator(db, 'AGENT', ['ru'], 'Olena');
    supervisor = await addOperator(db, 'SUPERVISOR', ['ru', 'uk', 'pl', 'en'], 'Marek');
    agentClient = await DeskClient.signIn(server.url, agent.email);
    supClient = await DeskClient.signIn(server.url, supervisor.email);
  });

  afterAll(async () => {
    await server.close();
    await database.cleanup();
  });

  it('stores an operator reply as data, HTML and script included, and returns it verbatim for the console to escape', async () => {
    const c = await addCase(db, { locale: 'ru' });
    await agentClient.post(`/desk/api/cases/${c.caseId}/claim`);
    const reply = await agentClient.post<{ delivered: boolean; lines: { text: string }[] }>(`/desk/api/cases/${c.caseId}/messages`, { text: HTML });
    expect(reply.status).toBe(200);
    // This conversation never reached a channel: the line is kept, and the console learns it did not go out.
    expect(reply.body.delivered).toBe(false);
    expect(reply.body.lines[0]!.text).toBe(HTML);
    const page = await agentClient.get<{ transcript: { text: string }[] }>(`/desk/api/cases/${c.caseId}`);
    expect(page.headers.get('content-type')).toMatch(/^application\/json/);
    expect(page.body.transcript.at(-1)!.text).toBe(HTML);
    expect((await agentClient.post<ErrorBody>(`/desk/api/cases/${c.caseId}/messages`, { text: '   ' })).status).toBe(400);
    expect((await agentClient.post<ErrorBody>(`/desk/api/cases/${c.caseId}/messages`, { text: 'x'.repeat(1001) })).status).toBe(400);
    expect((await agentClient.post<ErrorBody>(`/desk/api/cases/${c.caseId}/messages`, {})).body.error.code).toBe('BadRequest');
    // A card number an operator pastes is masked like any transcript line.
    const pasted = await agentClient.post<{ lines: { text: string }[] }>(`/desk/api/cases/${c.caseId}/messages`, { text: 'карта 4276 0155 5502 1234?' });
    expect(pasted.body.lines[0]!.text).toBe('карта 427601******1234?');
  });

  it('shows supervisors every operator action with who, what, when, case, account and before → after; filters and pages', async () => {
    const c = await addCase(db, { locale: 'ru' });
    await agentClient.post(`/desk/api/cases/${c.caseId}/claim`);
    await agentClient.post(`/desk/api/cases/${c.caseId}/messages`, { text: 'Здравствуйте' });
    await agentClient.post(`/desk/api/cases/${c.caseId}/evidence-requests`, { kind: 'ORDER_DETAILS' });
    await agentClient.post(`/desk/api/cases/${c.caseId}/reject`, { reason: 'notEnoughEvidence' });

    const page = await supClient.get<AuditPage>(`/desk/api/audit?caseId=${c.caseId}`);
    expect(page.status).toBe(200);
    expect(page.body.events.map((e) => e.action)).toEqual(['case.rejected', 'case.evidence_requested', 'case.replied', 'case.claimed', 'case.opened']);
    const rejected = page.body.events[0]!;
    expect(rejected).toMatchObject({
      actorType: 'OPERATOR',
      actor: { id: agent.id, displayName: 'Olena' },
      caseId: c.caseId,
      caseNumber: c.number,
      before: { status: 'CLAIMED' },
      after: { status: 'REJECTED', resolution: 'notEnoughEvidence' },
    });
    expect(page.body.events.find((e) => e.action === 'case.replied')!.after).toEqual({ characters: 12, delivered: false });

    const family = await supClient.get<AuditPage>(`/desk/api/audit?caseId=${c.caseId}&action=case.`);
    expect(family.body.events).toHaveLength(5);
    const byActor = await supClient.get<AuditPage>(`/desk/api/audit?actorId=${agent.id}&action=case.claimed`);
    expect(byActor.body.events.every((e) => e.action === 'case.claimed' && e.actor?.id === agent.id)).toBe(true);
    const future = await supClient.get<AuditPage>(`/desk/api/audit?from=${new Date(Date.now() + 3_600_000).toISOString()}`);
    expect(future.body.events).toEqual([]);
    const first = await supClient.get<AuditPage>(`/desk/api/audit?caseId=${c.caseId}&limit=2`);
    const second = await supClient.get<AuditPage>(`/desk/api/audit?caseId=${c.caseId}&limit=2&cursor=${encodeURIComponent(first.body.next!)}`);
    const third = await supClient.get<AuditPage>(`/desk/api/audit?caseId=${c.caseId}&limit=2&cursor=${encodeURIComponent(second.body.next!)}`);
    expect([...first.body.events, ...second.body.events, ...third.body.events].map((e) => e.action)).toEqual(page.body.events.map((e) => e.action));
    expect(third.body.next).toBeNull();
    expect((await supClient.get<ErrorBody>('/desk/api/audit?from=yesterday')).status).toBe(400);
  });

  it('keeps the audit log from agents, and from everyone any way to change or delete it', async () => {
    const denied = await agentClient.get<ErrorBody>('/desk/api/audit');
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('Forbidden');
    const before = await db.prisma.auditEvent.count();
    const one = await db.prisma.auditEvent.findFirstOrThrow();
    for (const [method, path] of [
      ['DELETE', '/desk/api/audit'],
      ['DELETE', `/desk/api/audit/${one.id}`],
      ['PUT', `/desk/api/audit/${one.id}`],
      ['PATCH', `/desk/api/audit/${one.id}`],
      ['POST', '/desk/api/audit'],
    ] as const) {
      const res = await supClient.request(method, path, { body: { action: 'nothing.happened' } });
      expect([404, 405], `${method} ${path}`).toContain(res.status);
    }
    // Every request above either failed or was itself audited; none removed or rewrote an event.
    expect(await db.prisma.auditEvent.count()).toBeGreaterThanOrEqual(before);
    expect(await db.prisma.auditEvent.findUniqueOrThrow({ where: { id: one.id } })).toEqual(one);
  });

  it('lets supervisors only manage operators: add (strong password), list, deactivate (sessions end at once)', async () => {
    expect((await agentClient.get('/desk/api/operators')).status).toBe(403);
    expect((await agentClient.post('/desk/api/operators', {})).status).toBe(403);
    const input = { email: 'New.Agent@Desk.Example.com', displayName: 'Nadia', role: 'AGENT', languages: ['uk', 'ru'], password: 'Sunflower-Harbour-Kettle-71' };
    expect((await supClient.post<ErrorBody>('/desk/api/operators', { ...input, password: 'password1234' })).body.error.code).toBe('WeakPassword');
    expect((await supClient.post<ErrorBody>('/desk/api/operators', { ...input, languages: ['de'] })).status).toBe(400);
    const created = await supClient.post<{ operator: { id: string; email: string; languages: string[] } }>('/desk/api/operators', input);
    expect(created.status).toBe(201);
    expect(created.body.operator).toMatchObject({ email: 'new.agent@desk.example.com', languages: ['uk', 'ru'] });
    expect((await supClient.post<ErrorBody>('/desk/api/operators', input)).body.error.code).toBe('EmailTaken');
    const list = await supClient.get<{ operators: { id: string }[] }>('/desk/api/operators');
    expect(list.body.operators.map((o) => o.id)).toContain(created.body.operator.id);
    expect(JSON.stringify(list.body)).not.toMatch(/scrypt|passwordHash/);

    const nadia = await DeskClient.signIn(server.url, 'new.agent@desk.example.com', input.password);
    expect((await supClient.post<ErrorBody>(`/desk/api/operators/${supervisor.id}/deactivate`)).body.error.code).toBe('CannotDeactivateSelf');
    const off = await supClient.post<{ sessionsEnded: number }>(`/desk/api/operators/${created.body.operator.id}/deactivate`);
    expect(off.body.sessionsEnded).toBe(1);
    expect((await nadia.get('/desk/api/me')).status).toBe(401);
    expect((await new DeskClient(server.url).post('/desk/api/session', { email: input.email, password: input.password })).status).toBe(401);
    const actions = await db.prisma.auditEvent.findMany({ where: { actorId: supervisor.id, action: { startsWith: 'operator.' } } });
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['operator.created', 'operator.deactivated']));
  });

  it('adds the demo operators to an empty desk only, with the passwords the demo README documents', async () => {
    const fresh = await backend.create();
    try {
      const demo = JSON.parse(readFileSync('demo/operators.json', 'utf8')) as { operators: { email: string; role: string; password: string; languages: string[] }[] };
      expect(await loadDemoOperators(fresh.db.prisma, demo)).toBe(2);
      expect(await loadDemoOperators(fresh.db.prisma, demo)).toBe(0);
      expect(demo.operators.map((o) => [o.role, o.languages.join(',')])).toEqual([['AGENT', 'ru,uk'], ['SUPERVISOR', 'ru,uk,pl,en']]);
      const readme = readFileSync('demo/README.md', 'utf8');
      const demoServer = await startBot(fresh.db);
      try {
        for (const operator of demo.operators) {
          expect(readme).toContain(operator.email);
          expect(readme).toContain(operator.password);
          expect((await DeskClient.signIn(demoServer.url, operator.email, operator.password)).csrf).toBeDefined();
        }
      } finally {
        await demoServer.close();
      }
    } finally {
      await fresh.cleanup();
    }
  });

  // Four separate processes (tsx start-up each): on a busy machine that alone can take half a minute.
  it('manages operators from the command line: add (password given or generated once), list, deactivate', { timeout: 120_000 }, async () => {
    if (backend.name !== 'sqlite') return;
    const url = await backend.createUrl();
    const env = { DATABASE_URL: url };
    const added = await runTsx({ script: 'scripts/desk-operator.ts', args: ['add', '--email', 'cli@desk.example.com', '--name', 'CLI Agent', '--role', 'AGENT', '--languages', 'pl,en'] }, env);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const password = /Password \(shown once, store it now\): (\S+)/.exec(added.stdout)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const again = await runTsx({ script: 'scripts/desk-operator.ts', args: ['add', '--email', 'cli@desk.example.com', '--name', 'X', '--role', 'AGENT', '--languages', 'pl', '--password', PASSWORD] }, env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
    const bad = await runTsx({ script: 'scripts/desk-operator.ts', args: ['add', '--email', 'x@desk.example.com', '--name', 'X', '--role', 'BOSS', '--languages', 'pl'] }, env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--role');
    const listed = await runTsx({ script: 'scripts/desk-operator.ts', args: ['list'] }, env);
    expect(listed.stdout).toMatch(/active\s+AGENT\s+pl,en\s+CLI Agent <cli@desk\.example\.com>/);
    const off = await runTsx({ script: 'scripts/desk-operator.ts', args: ['deactivate', '--email', 'cli@desk.example.com'] }, env);
    expect(off.code).toBe(0);
    expect((await runTsx({ script: 'scripts/desk-operator.ts', args: ['list'] }, env)).stdout).toMatch(/^inactive\s+AGENT/m);
  });
});
