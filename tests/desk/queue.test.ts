import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../core/db/client.js';
import type { DeskOperator } from '../../desk/operators/desk-operator.js';
import { startBot, type Harness } from '../helpers/bot-harness.js';
import { testBackends, type TestDatabase } from '../helpers/test-db.js';
import { addCase, addOperator, DeskClient } from './desk-kit.js';

type QueueItem = { id: string; type: string; locale: string; waitingSeconds: number; evidence: unknown[]; evidenceMatched: number; evidenceTotal: number };
type ErrorBody = { error: { code: string; message: string } };

describe.each(testBackends())('the desk queue: claim, release, reassign on $name', (backend) => {
  let database: TestDatabase;
  let db: Db;
  let server: Harness;
  let agentRu: DeskOperator;
  let agentRu2: DeskOperator;
  let agentPl: DeskOperator;
  let supervisor: DeskOperator;
  let ru: DeskClient;
  let ru2: DeskClient;
  let pl: DeskClient;
  let sup: DeskClient;

  beforeAll(async () => {
    database = await backend.create();
    db = database.db;
    server = await startBot(db);
    [agentRu, agentRu2, agentPl, supervisor] = await Promise.all([
      addOperator(db, 'AGENT', ['ru', 'uk'], 'Olena'),
      addOperator(db, 'AGENT', ['ru'], 'Ivan'),
      addOperator(db, 'AGENT', ['pl'], 'Kasia'),
      addOperator(db, 'SUPERVISOR', ['ru', 'uk', 'pl', 'en'], 'Marek'),
    ]);
    const signIn = (o: DeskOperator) => DeskClient.signIn(server.url, o.email);
    [ru, ru2, pl, sup] = await Promise.all([signIn(agentRu), signIn(agentRu2), signIn(agentPl), signIn(supervisor)]);
  });

  afterAll(async () => {
    await server.close();
    await database.cleanup();
  });

  const queueIds = async (client: DeskClient, query = '') => (await client.get<{ cases: QueueItem[] }>(`/desk/api/queue${query}`)).body.cases.map((c) => c.id);

  it('shows an agent the waiting cases of their languages only, oldest first, with the evidence summary; a supervisor all', async () => {
    const ruCase = await addCase(db, {
      locale: 'ru',
      type: 'EMAIL_CHANGE_LOCKED_MAILBOX',
      evidence: [
        { kind: 'ORDER_NUMBER', display: '812345******2341', matched: true },
        { kind: 'CARD', display: '427601******4417', matched: false },
      ],
    });
    const ukCase = await addCase(db, { locale: 'uk', type: 'UNBLOCK' });
    const plCase = await addCase(db, { locale: 'pl' });
    const enCase = await addCase(db, { locale: 'en', type: 'ACCOUNT_NOT_FOUND' });

    const mine = await ru.get<{ cases: QueueItem[] }>('/desk/api/queue');
    expect(mine.status).toBe(200);
    const ids = mine.body.cases.map((c) => c.id);
    expect(ids).toContain(ruCase.caseId);
    expect(ids.indexOf(ruCase.caseId)).toBeLessThan(ids.indexOf(ukCase.caseId));
    expect(ids).not.toContain(plCase.caseId);
    expect(ids).not.toContain(enCase.caseId);
    expect(mine.body.cases.every((c) => c.locale === 'ru' || c.locale === 'uk')).toBe(true);
    const item = mine.body.cases.find((c) => c.id === ruCase.caseId)!;
    expect(item).toMatchObject({ type: 'EMAIL_CHANGE_LOCKED_MAILBOX', locale: 'ru', evidenceMatched: 1, evidenceTotal: 2 });
    expect(item.waitingSeconds).toBeGreaterThanOrEqual(0);
    expect(item.evidence).toEqual([
      { kind: 'ORDER_NUMBER', display: '812345******2341', matched: true },
      { kind: 'CARD', display: '427601******4417', matched: false },
    ]);

    expect(await queueIds(pl)).toEqual(expect.arrayContaining([plCase.caseId]));
    expect(await queueIds(pl)).not.toContain(ruCase.caseId);
    expect(await queueIds(sup)).toEqual(expect.arrayContaining([ruCase.caseId, ukCase.caseId, plCase.caseId, enCase.caseId]));

    // Filters narrow; a language the agent does not serve gives nothing, not another queue.
    expect(await queueIds(ru, '?language=uk')).toContain(ukCase.caseId);
    expect(await queueIds(ru, '?language=uk')).not.toContain(ruCase.caseId);
    expect(await queueIds(ru, '?type=UNBLOCK')).toEqual(expect.arrayContaining([ukCase.caseId]));
    expect(await queueIds(ru, '?type=UNBLOCK')).not.toContain(ruCase.caseId);
    expect(await queueIds(ru, '?language=pl')).toEqual([]);
    expect((await ru.get<ErrorBody>('/desk/api/queue?language=de')).status).toBe(400);
    expect((await ru.get<ErrorBody>('/desk/api/queue?type=NOPE')).body.error.code).toBe('BadRequest');
  });

  it('lets exactly one of ten operators claiming at once have the case; the others are told it is taken', async () => {
    const { caseId } = await addCase(db, { locale: 'ru' });
    const agents = await Promise.all(Array.from({ length: 10 }, (_, i) => addOperator(db, 'AGENT', ['ru'], `racer ${i}`)));
    const clients = await Promise.all(agents.map((a) => DeskClient.signIn(server.url, a.email)));
    const answers = await Promise.all(clients.map((c) => c.post<ErrorBody & { claimedById: string }>(`/desk/api/cases/${caseId}/claim`)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, ...Array<number>(9).fill(409)]);
    const winner = answers.find((a) => a.status === 200)!;
    for (const lost of answers.filter((a) => a.status === 409)) expect(lost.body.error.code).toBe('AlreadyClaimed');
    const row = await db.prisma.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(row.status).toBe('CLAIMED');
    expect(row.claimedById).toBe(winner.body.claimedById);
    expect(await db.prisma.auditEvent.count({ where: { caseId, action: 'case.claimed' } })).toBe(1);
    expect(await queueIds(ru)).not.toContain(caseId);
  });

  it('answers 404 for a case in another language, an unknown id and a case the agent does not hold; 400 for a malformed id', async () => {
    const plCase = await addCase(db, { locale: 'pl' });
    const ruCase = await addCase(db, { locale: 'ru' });
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const res of [
      await ru.post<ErrorBody>(`/desk/api/cases/${plCase.caseId}/claim`),
      await ru.post<ErrorBody>(`/desk/api/cases/${unknown}/claim`),
      await ru.get<ErrorBody>(`/desk/api/cases/${unknown}`),
      // Waiting in the agent's own queue, but not theirs to open before claiming.
      await ru.get<ErrorBody>(`/desk/api/cases/${ruCase.caseId}`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: { code: 'NotFound', message: 'No such case.' } });
    }
    expect((await ru.get<ErrorBody>('/desk/api/cases/not-an-id')).status).toBe(400);
    expect((await ru.post<ErrorBody>('/desk/api/cases/1%27%20OR%201=1/claim')).status).toBe(400);
    expect((await db.prisma.case.findUniqueOrThrow({ where: { id: plCase.caseId } })).status).toBe('WAITING');

    expect((await ru.post(`/desk/api/cases/${ruCase.caseId}/claim`)).status).toBe(200);
    expect((await ru.get(`/desk/api/cases/${ruCase.caseId}`)).status).toBe(200);
    // Another agent of the same language, guessing the id: the same 404 for every read and action.
    for (const res of [
      await ru2.get<ErrorBody>(`/desk/api/cases/${ruCase.caseId}`),
      await ru2.post<ErrorBody>(`/desk/api/cases/${ruCase.caseId}/messages`, { text: 'hello' }),
      await ru2.post<ErrorBody>(`/desk/api/cases/${ruCase.caseId}/release`),
      await ru2.post<ErrorBody>(`/desk/api/cases/${ruCase.caseId}/resolve`),
      await ru2.post<ErrorBody>(`/desk/api/cases/${ruCase.caseId}/reject`, { reason: 'outOfScope' }),
      await ru2.post<ErrorBody>(`/desk/api/cases/${ruCase.caseId}/unblock`),
      await ru2.post<ErrorBody>(`/desk/api/cases/${ruCase.caseId}/evidence-requests`, { kind: 'CARD' }),
      await ru2.post<ErrorBody>(`/desk/api/cases/${ruCase.caseId}/email-change`, { newEmail: 'x@example.com' }),
    ]) {
      expect(res.status).toBe(404);
    }
    expect((await ru2.post<ErrorBody>(`/desk/api/cases/${ruCase.caseId}/claim`)).body.error.code).toBe('AlreadyClaimed');
    // A supervisor sees every case, but acts on the cases they hold.
    expect((await sup.get(`/desk/api/cases/${ruCase.caseId}`)).status).toBe(200);
    expect((await sup.post<ErrorBody>(`/desk/api/cases/${ruCase.caseId}/messages`, { text: 'hi' })).body.error.code).toBe('HeldByAnother');
  });

  it('lists an agent their own cases only; a supervisor anyone\'s', async () => {
    const a = await addCase(db, { locale: 'ru' });
    const b = await addCase(db, { locale: 'ru' });
    await ru.post(`/desk/api/cases/${a.caseId}/claim`);
    await ru2.post(`/desk/api/cases/${b.caseId}/claim`);
    const mine = (await ru.get<{ cases: { id: string; claimedBy: { id: string } }[] }>('/desk/api/cases?status=CLAIMED&operatorId=' + agentRu2.id)).body.cases;
    expect(mine.map((c) => c.id)).toContain(a.caseId);
    expect(mine.map((c) => c.id)).not.toContain(b.caseId);
    expect(mine.every((c) => c.claimedBy.id === agentRu.id)).toBe(true);
    const theirs = (await sup.get<{ cases: { id: string }[] }>(`/desk/api/cases?status=CLAIMED&operatorId=${agentRu2.id}`)).body.cases.map((c) => c.id);
    expect(theirs).toContain(b.caseId);
    expect(theirs).not.toContain(a.caseId);
  });

  it('releases a case back to the queue (its holder, or a supervisor), audited', async () => {
    const { caseId } = await addCase(db, { locale: 'uk' });
    await ru.post(`/desk/api/cases/${caseId}/claim`);
    expect((await ru.post(`/desk/api/cases/${caseId}/release`)).status).toBe(200);
    expect(await db.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({ status: 'WAITING', claimedById: null, claimedAt: null });
    expect(await queueIds(ru)).toContain(caseId);
    expect((await ru.get(`/desk/api/cases/${caseId}`)).status, 'no longer the agent\'s').toBe(404);
    expect((await ru.post<ErrorBody>(`/desk/api/cases/${caseId}/release`)).status).toBe(404);

    await ru.post(`/desk/api/cases/${caseId}/claim`);
    expect((await sup.post(`/desk/api/cases/${caseId}/release`)).status).toBe(200);
    const audit = await db.prisma.auditEvent.findMany({ where: { caseId, action: 'case.released' }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((e) => e.actorId)).toEqual([agentRu.id, supervisor.id]);
    expect(JSON.parse(audit[0]!.before!)).toEqual({ status: 'CLAIMED', claimedById: agentRu.id });
    expect(JSON.parse(audit[0]!.after!)).toEqual({ status: 'WAITING', claimedById: null });
  });

  it('lets supervisors only reassign, to an active operator who speaks the case\'s language', async () => {
    const { caseId } = await addCase(db, { locale: 'ru' });
    await ru.post(`/desk/api/cases/${caseId}/claim`);
    const byAgent = await ru.post<ErrorBody>(`/desk/api/cases/${caseId}/reassign`, { operatorId: agentRu2.id });
    expect(byAgent.status).toBe(403);
    expect(byAgent.body.error.code).toBe('Forbidden');
    expect((await sup.post<ErrorBody>(`/desk/api/cases/${caseId}/reassign`, { operatorId: agentPl.id })).body.error.code).toBe('LanguageNotServed');
    expect((await sup.post<ErrorBody>(`/desk/api/cases/${caseId}/reassign`, { operatorId: '00000000-0000-4000-8000-000000000001' })).status).toBe(404);
    expect((await sup.post<ErrorBody>(`/desk/api/cases/${caseId}/reassign`, {})).status).toBe(400);

    const moved = await sup.post<{ claimedById: string; status: string }>(`/desk/api/cases/${caseId}/reassign`, { operatorId: agentRu2.id });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ status: 'CLAIMED', claimedById: agentRu2.id });
    expect((await ru.get(`/desk/api/cases/${caseId}`)).status).toBe(404);
    expect((await ru2.get(`/desk/api/cases/${caseId}`)).status).toBe(200);
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { caseId, action: 'case.reassigned' } });
    expect(event.actorId).toBe(supervisor.id);
    expect(JSON.parse(event.before!)).toEqual({ status: 'CLAIMED', claimedById: agentRu.id });
    expect(JSON.parse(event.after!)).toEqual({ status: 'CLAIMED', claimedById: agentRu2.id });

    // A waiting case can be given straight to someone, the supervisor included.
    const waiting = await addCase(db, { locale: 'pl' });
    expect((await sup.post(`/desk/api/cases/${waiting.caseId}/reassign`, { operatorId: supervisor.id })).status).toBe(200);
    expect((await db.prisma.case.findUniqueOrThrow({ where: { id: waiting.caseId } })).claimedById).toBe(supervisor.id);
  });
});
