import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../core/db/client.js';
import type { EvidenceItem, Locale } from '../../core/domain.js';
import { readOutbox } from '../../core/mail/read-outbox.js';
import { createTranslator } from '../../bot/i18n/translator.js';
import { applyDueEmailChanges } from '../../desk/email-change/apply-due-email-changes.js';
import type { DeskOperator } from '../../desk/operators/desk-operator.js';
import { Shopper, startBot, type Harness } from '../helpers/bot-harness.js';
import { ConnectorStub } from '../helpers/connector-stub.js';
import { testBackends, type TestDatabase } from '../helpers/test-db.js';
import { addCase, addOperator, Clock, DeskClient, EventStream, type TestCase } from './desk-kit.js';

const t = createTranslator();
const HOUR = 3_600_000;

type Started = {
  request: { id: string; state: string; approval: string | null; approverId: string | null; approvalReason: string | null; requestNote: string | null; requestedById: string };
  code: string;
};
type ErrorBody = { error: { code: string; message: string } };

describe.each(testBackends())('the operator\'s email change for a locked mailbox on $name', (backend) => {
  let database: TestDatabase;
  let db: Db;
  let server: Harness;
  let stub: ConnectorStub;
  let agent: DeskOperator;
  let supervisor: DeskOperator;
  let agentClient: DeskClient;
  let supClient: DeskClient;
  const clock = new Clock();

  beforeAll(async () => {
    database = await backend.create();
    db = database.db;
    stub = await ConnectorStub.start();
    server = await startBot(db, { now: clock.now, env: { PUBLIC_BASE_URL: 'https://help.example.com' } });
    agent = await addOperator(db, 'AGENT', ['ru', 'uk', 'pl', 'en'], 'Olena');
    supervisor = await addOperator(db, 'SUPERVISOR', ['ru', 'uk', 'pl', 'en'], 'Marek');
    agentClient = await DeskClient.signIn(server.url, agent.email);
    supClient = await DeskClient.signIn(server.url, supervisor.email);
  });

  afterAll(async () => {
    await server.close();
    await stub.close();
    await database.cleanup();
  });

  let serial = 0;
  async function account() {
    serial += 1;
    const email = `owner${serial}.${Date.now()}@example.com`;
    return db.prisma.account.create({
      data: { loginId: `ru7${String(Date.now() % 1e6).padStart(6, '0')}${serial}`, email, emailNormalized: email, emailConfirmed: true, country: 'RU', status: 'ACTIVE' },
    });
  }

  const bound = (accountId: string, kinds: ('ORDER_NUMBER' | 'CARD')[]): EvidenceItem[] =>
    kinds.map((kind) => ({ kind, display: kind === 'CARD' ? '427601******1234' : '812345******2345', matched: true, accountId }));

  /** A held EMAIL_CHANGE_LOCKED_MAILBOX case about a fresh account, with the evidence given. */
  async function heldCase(client: DeskClient, kinds: ('ORDER_NUMBER' | 'CARD')[], locale: Locale = 'ru') {
    const owner = await account();
    const newEmail = `new.${owner.email}`;
    const opened = await addCase(db, { locale, type: 'EMAIL_CHANGE_LOCKED_MAILBOX', accountId: owner.id, evidence: bound(owner.id, kinds), requestedEmail: newEmail });
    expect((await client.post(`/desk/api/cases/${opened.caseId}/claim`)).status).toBe(200);
    return { ...opened, owner, newEmail };
  }

  /** The shopper of the case's conversation typing in the chat (on a channel whose connector is the stub). */
  const shopperOf = (c: TestCase, locale = 'ru-RU') => async (text: string) => {
    const row = await db.prisma.conversation.findUniqueOrThrow({ where: { id: c.conversationId } });
    const shopper = new Shopper(() => server.url, locale, row.externalId, 'desk-test');
    return (await shopper.send(shopper.activity({ text, serviceUrl: stub.url }))).map((r) => r.text);
  };

  async function codeSentTo(email: string): Promise<string> {
    const letter = (await readOutbox(db.prisma, server.config.secret, { to: email, limit: 5 })).find((l) => l.kind === 'emailChangeNewCode');
    if (!letter) throw new Error(`no code letter to ${email}`);
    return /\b(\d{6})\b/.exec(letter.text)![1]!;
  }

  async function cancelLink(email: string): Promise<string> {
    const letter = (await readOutbox(db.prisma, server.config.secret, { to: email, limit: 5 })).find((l) => l.kind === 'emailChangeHold');
    if (!letter) throw new Error(`no hold notice to ${email}`);
    return /https:\/\/help\.example\.com(\/desk\/cancel-email-change\?token=[A-Za-z0-9_-]+)/.exec(letter.text)![1]!;
  }

  it('two independent matches (order number and card payment on the account): the agent may go ahead', async () => {
    const c = await heldCase(agentClient, ['ORDER_NUMBER', 'CARD']);
    const res = await agentClient.post<Started>(`/desk/api/cases/${c.caseId}/email-change`, {});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: 'sent', request: { state: 'PENDING_CODE', approval: 'TWO_MATCHES', approverId: null } });
    expect(await codeSentTo(c.newEmail)).toMatch(/^\d{6}$/);
    expect((await agentClient.post<ErrorBody>(`/desk/api/cases/${c.caseId}/email-change`, {})).body.error.code, 'one at a time').toBe('EmailChangeUnderway');
  });

  it('one match, or matches on another account, are not two: the agent\'s request waits for a supervisor', async () => {
    const c = await heldCase(agentClient, ['ORDER_NUMBER']);
    // A card payment that matched some other account does not count for this one.
    const stranger = await account();
    await db.prisma.evidence.create({ data: { caseId: c.caseId, kind: 'CARD', display: '414949******4321', matched: true, accountId: stranger.id } });
    await db.prisma.evidence.create({ data: { caseId: c.caseId, kind: 'CARD', display: '535561******7305', matched: true, accountId: null } });
    const supervisorStream = await EventStream.open(supClient);
    const res = await agentClient.post<Started>(`/desk/api/cases/${c.caseId}/email-change`, { newEmail: c.newEmail, approvalReason: 'I am sure it is them, trust me' });
    expect(res.status).toBe(200);
    // The request reaches the supervisors' approvals list live, though they do not hold the case.
    await supervisorStream.waitFor((e) => e.event === 'case' && e.data.caseId === c.caseId && e.data.change === 'emailChange');
    supervisorStream.close();
    expect(res.body).toMatchObject({ code: 'awaitingApproval', request: { state: 'AWAITING_APPROVAL', approval: null, approvalReason: null } });
    expect(await readOutbox(db.prisma, server.config.secret, { to: c.newEmail })).toEqual([]);

    // Only a supervisor approves, and only with a written reason.
    const id = res.body.request.id;
    expect((await agentClient.post<ErrorBody>(`/desk/api/email-changes/${id}/approve`, { reason: 'Looks fine to me, approving' })).status).toBe(403);
    expect((await agentClient.get('/desk/api/email-changes?state=AWAITING_APPROVAL')).status).toBe(403);
    const waiting = (await supClient.get<{ emailChanges: { id: string }[] }>('/desk/api/email-changes?state=AWAITING_APPROVAL')).body.emailChanges;
    expect(waiting.map((w) => w.id)).toContain(id);
    expect((await supClient.post<ErrorBody>(`/desk/api/email-changes/${id}/approve`, { reason: 'ok' })).status).toBe(400);
    const reason = 'Called the shopper back on the phone number on file; details match.';
    const approved = await supClient.post<Started>(`/desk/api/email-changes/${id}/approve`, { reason });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ code: 'sent', request: { state: 'PENDING_CODE', approval: 'SUPERVISOR', approverId: supervisor.id, approvalReason: reason } });
    expect(await codeSentTo(c.newEmail)).toMatch(/^\d{6}$/);
    expect((await supClient.post<ErrorBody>(`/desk/api/email-changes/${id}/approve`, { reason })).body.error.code).toBe('NotAwaitingApproval');
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { caseId: c.caseId, action: 'email_change.approved' } });
    expect(event.actorId).toBe(supervisor.id);
    expect(JSON.parse(event.after!)).toMatchObject({ approval: 'SUPERVISOR', reason });
  });

  it('an agent may add a note for the supervisor: kept (card numbers masked), shown on the case and the approval list, audited', async () => {
    const c = await heldCase(agentClient, ['ORDER_NUMBER']);
    const note = '  Shopper described the last order in detail; paid with 4276 0112 3456 7890.  ';
    const kept = 'Shopper described the last order in detail; paid with 427601******7890.';
    const res = await agentClient.post<Started>(`/desk/api/cases/${c.caseId}/email-change`, { requestNote: note });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: 'awaitingApproval', request: { state: 'AWAITING_APPROVAL', approval: null, requestNote: kept, requestedById: agent.id } });
    const id = res.body.request.id;
    expect(await db.prisma.emailChangeRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ requestNote: kept });

    type Listed = { emailChanges: { id: string; requestNote: string | null }[] };
    const onCase = await agentClient.get<Listed>(`/desk/api/cases/${c.caseId}`);
    expect(onCase.status).toBe(200);
    expect(onCase.body.emailChanges.find((e) => e.id === id)).toMatchObject({ requestNote: kept });
    const waiting = await supClient.get<Listed>('/desk/api/email-changes?state=AWAITING_APPROVAL');
    expect(waiting.body.emailChanges.find((e) => e.id === id)).toMatchObject({ requestNote: kept, state: 'AWAITING_APPROVAL' });

    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { caseId: c.caseId, action: 'email_change.requested' } });
    expect(event).toMatchObject({ actorType: 'OPERATOR', actorId: agent.id, accountId: c.owner.id });
    expect(JSON.parse(event.after!)).toMatchObject({ requestId: id, state: 'AWAITING_APPROVAL', requestNote: kept });
    expect(event.after).not.toContain('0112 3456');

    // The supervisor's approval keeps the note beside the reason.
    const approved = await supClient.post<Started>(`/desk/api/email-changes/${id}/approve`, { reason: 'The order details match what the shop has on file.' });
    expect(approved.body.request).toMatchObject({ state: 'PENDING_CODE', approval: 'SUPERVISOR', requestNote: kept });
  });

  it('a note over 1000 characters is refused; a blank note is no note; a supervisor\'s note is kept with the reason', async () => {
    const c = await heldCase(agentClient, []);
    const long = await agentClient.post<ErrorBody>(`/desk/api/cases/${c.caseId}/email-change`, { requestNote: 'x'.repeat(1001) });
    expect(long.status).toBe(400);
    expect(long.body).toEqual({ error: { code: 'BadRequest', message: expect.stringMatching(/^requestNote: /) } });
    expect(await db.prisma.emailChangeRequest.count({ where: { caseId: c.caseId } })).toBe(0);
    const notString = await agentClient.post<ErrorBody>(`/desk/api/cases/${c.caseId}/email-change`, { requestNote: 42 });
    expect(notString.status).toBe(400);
    expect(notString.body.error.code).toBe('BadRequest');

    // 1000 characters once trimmed is still fine; whitespace alone stores nothing.
    const blank = await agentClient.post<Started>(`/desk/api/cases/${c.caseId}/email-change`, { requestNote: '   ' });
    expect(blank.status).toBe(200);
    expect(blank.body.request.requestNote).toBeNull();
    const requested = await db.prisma.auditEvent.findFirstOrThrow({ where: { caseId: c.caseId, action: 'email_change.requested' } });
    expect(JSON.parse(requested.after!)).toMatchObject({ requestNote: null });
    expect((await agentClient.post(`/desk/api/email-changes/${blank.body.request.id}/cancel`)).status).toBe(200);
    const full = await agentClient.post<Started>(`/desk/api/cases/${c.caseId}/email-change`, { requestNote: ` ${'y'.repeat(1000)} ` });
    expect(full.status).toBe(200);
    expect(full.body.request.requestNote).toBe('y'.repeat(1000));

    const own = await heldCase(supClient, []);
    const reason = 'Passport shown on a video call, matches the order name.';
    const res = await supClient.post<Started>(`/desk/api/cases/${own.caseId}/email-change`, { approvalReason: reason, requestNote: 'Shopper called from the number on file.' });
    expect(res.status).toBe(200);
    expect(res.body.request).toMatchObject({ state: 'PENDING_CODE', approval: 'SUPERVISOR', approvalReason: reason, requestNote: 'Shopper called from the number on file.' });
  });

  it('a supervisor may deny an approval; a supervisor holding the case approves with a reason in one step', async () => {
    const c = await heldCase(agentClient, []);
    const asked = await agentClient.post<Started>(`/desk/api/cases/${c.caseId}/email-change`, {});
    const denied = await supClient.post<{ state: string; cancelReason: string }>(`/desk/api/email-changes/${asked.body.request.id}/deny`, {
      reason: 'Not enough to go on; the card 4276 0112 3456 7890 is not on this account.',
    });
    expect(denied.body).toMatchObject({ state: 'CANCELLED', cancelReason: 'DENIED' });
    // A supervisor's words are kept with card numbers masked, like every line an operator writes.
    const deniedAudit = await db.prisma.auditEvent.findFirstOrThrow({ where: { caseId: c.caseId, action: { startsWith: 'email_change.' }, after: { contains: 'not on this account' } } });
    expect(deniedAudit.after).toContain('427601******7890');
    expect(await database.dump()).not.toMatch(/4276 ?0112 ?3456 ?7890/);

    const own = await heldCase(supClient, []);
    const noReason = await supClient.post<ErrorBody>(`/desk/api/cases/${own.caseId}/email-change`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.code).toBe('ReasonRequired');
    const res = await supClient.post<Started>(`/desk/api/cases/${own.caseId}/email-change`, {
      approvalReason: 'Passport shown on a video call, matches the order name; paid with 5355610012347305.',
    });
    expect(res.body).toMatchObject({ code: 'sent', request: { state: 'PENDING_CODE', approval: 'SUPERVISOR', approverId: supervisor.id } });
    expect(res.body.request.approvalReason).toBe('Passport shown on a video call, matches the order name; paid with 535561******7305.');
    expect(await database.dump()).not.toContain('5355610012347305');
  });

  it('refuses what cannot be: the same address, an address another account uses, a case without an account', async () => {
    const c = await heldCase(agentClient, ['ORDER_NUMBER', 'CARD']);
    expect((await agentClient.post<ErrorBody>(`/desk/api/cases/${c.caseId}/email-change`, { newEmail: c.owner.email.toUpperCase() })).body.error.code).toBe('SameEmail');
    const other = await account();
    expect((await agentClient.post<ErrorBody>(`/desk/api/cases/${c.caseId}/email-change`, { newEmail: other.email })).body.error.code).toBe('EmailTaken');
    expect((await agentClient.post<ErrorBody>(`/desk/api/cases/${c.caseId}/email-change`, { newEmail: 'not an address' })).status).toBe(400);
    const anonymous = await addCase(db, { locale: 'ru', type: 'ACCOUNT_NOT_FOUND' });
    await agentClient.post(`/desk/api/cases/${anonymous.caseId}/claim`);
    expect((await agentClient.post<ErrorBody>(`/desk/api/cases/${anonymous.caseId}/email-change`, { newEmail: 'x@example.org' })).body.error.code).toBe('NoAccount');
  });

  it('the hold: the code typed in the chat starts it; the cancel link to the old address stops it and nothing changes', async () => {
    const c = await heldCase(agentClient, ['ORDER_NUMBER', 'CARD'], 'uk');
    const say = shopperOf(c, 'uk-UA');
    await agentClient.post(`/desk/api/cases/${c.caseId}/email-change`, {});
    expect(await say(await codeSentTo(c.newEmail))).toEqual([t('uk', 'desk.emailChange.onHold', { count: 24 })]);
    const link = await cancelLink(c.owner.email);

    const page = await fetch(`${server.url}${link}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
    const html = await page.text();
    expect(html).toContain('<html lang="uk">');
    expect(html).toContain('Зміну пошти скасовано');
    const request = await db.prisma.emailChangeRequest.findFirstOrThrow({ where: { caseId: c.caseId } });
    expect(request).toMatchObject({ state: 'CANCELLED', cancelReason: 'OLD_ADDRESS' });
    expect(await applyDueEmailChanges(server.app.desk.deps, new Date(clock.now().getTime() + 48 * HOUR))).toEqual({ applied: 0, cancelled: 0 });
    expect(await db.prisma.account.findUniqueOrThrow({ where: { id: c.owner.id } })).toMatchObject({ email: c.owner.email, emailNormalized: c.owner.email });
    expect(await readOutbox(db.prisma, server.config.secret, { to: c.owner.email }).then((l) => l.map((x) => x.kind))).toEqual(['emailChangeHold']);

    const again = await fetch(`${server.url}${link}`);
    expect(await again.text()).toContain('вже скасовано');
    const forged = await fetch(`${server.url}/desk/cancel-email-change?token=${'x'.repeat(43)}`);
    expect(forged.status).toBe(400);
    const cancelled = await db.prisma.auditEvent.findFirstOrThrow({ where: { caseId: c.caseId, action: 'email_change.cancelled' } });
    expect(cancelled).toMatchObject({ actorType: 'SYSTEM', actorId: null });
    expect(JSON.parse(cancelled.after!)).toMatchObject({ state: 'CANCELLED', reason: 'OLD_ADDRESS' });
  });

  it('after the hold the change applies (audited, notice to the old address); the link then says it is too late', async () => {
    const c = await heldCase(agentClient, ['ORDER_NUMBER', 'CARD']);
    const say = shopperOf(c);
    await agentClient.post(`/desk/api/cases/${c.caseId}/email-change`, {});
    await say(await codeSentTo(c.newEmail));
    const request = await db.prisma.emailChangeRequest.findFirstOrThrow({ where: { caseId: c.caseId } });
    expect(request.state).toBe('ON_HOLD');
    expect(request.holdUntil!.getTime() - clock.now().getTime()).toBeGreaterThan(23.9 * HOUR);

    expect((await applyDueEmailChanges(server.app.desk.deps, new Date(request.holdUntil!.getTime() - 1000))).applied).toBe(0);
    expect(await applyDueEmailChanges(server.app.desk.deps, request.holdUntil!)).toEqual({ applied: 1, cancelled: 0 });
    expect(await applyDueEmailChanges(server.app.desk.deps, request.holdUntil!), 'applied once').toEqual({ applied: 0, cancelled: 0 });
    expect(await db.prisma.account.findUniqueOrThrow({ where: { id: c.owner.id } })).toMatchObject({ email: c.newEmail, emailConfirmed: true });
    const kinds = (await readOutbox(db.prisma, server.config.secret, { to: c.owner.email })).map((l) => l.kind);
    expect(kinds).toEqual(['emailChanged', 'emailChangeHold']);
    const changed = await db.prisma.auditEvent.findFirstOrThrow({ where: { accountId: c.owner.id, action: 'account.email_changed' } });
    expect(JSON.parse(changed.before!)).toMatchObject({ email: expect.stringMatching(/^o\*\*\*\d@example\.com$/) });
    expect(JSON.parse(changed.after!)).toMatchObject({ requestId: request.id, approval: 'TWO_MATCHES', requestedById: agent.id });
    const late = await fetch(`${server.url}${await cancelLink(c.owner.email)}`);
    expect(late.status).toBe(410);
  });

  it('an address taken by another account during the hold cancels the change instead', async () => {
    const c = await heldCase(agentClient, ['ORDER_NUMBER', 'CARD']);
    await agentClient.post(`/desk/api/cases/${c.caseId}/email-change`, {});
    await shopperOf(c)(await codeSentTo(c.newEmail));
    await db.prisma.account.create({
      data: { loginId: `ru8${Date.now() % 1e8}`, email: c.newEmail, emailNormalized: c.newEmail, emailConfirmed: true, country: 'RU', status: 'ACTIVE' },
    });
    expect(await applyDueEmailChanges(server.app.desk.deps, new Date(clock.now().getTime() + 25 * HOUR))).toEqual({ applied: 0, cancelled: 1 });
    expect(await db.prisma.emailChangeRequest.findFirstOrThrow({ where: { caseId: c.caseId } })).toMatchObject({ state: 'CANCELLED', cancelReason: 'EMAIL_TAKEN' });
    expect((await db.prisma.account.findUniqueOrThrow({ where: { id: c.owner.id } })).email).toBe(c.owner.email);
  });

  it('a code typed when none is awaited is just a message; a wrong code counts; closing the case stops a change not yet confirmed', async () => {
    const c = await heldCase(agentClient, ['ORDER_NUMBER', 'CARD']);
    const say = shopperOf(c);
    expect(await say('123456')).toEqual([]);
    await agentClient.post(`/desk/api/cases/${c.caseId}/email-change`, {});
    const code = await codeSentTo(c.newEmail);
    const wrong = code === '999999' ? '888888' : '999999';
    expect(await say(wrong)).toEqual([t('ru', 'code.wrong', { count: 4 })]);
    const resent = await agentClient.post<{ kind: string }>(`/desk/api/cases/${c.caseId}/email-change/resend`);
    expect(resent.body.kind).toBe('tooSoon');
    // A code whose challenge is gone is still a code: not written down, and the shopper is told to ask again.
    const request = await db.prisma.emailChangeRequest.findFirstOrThrow({ where: { caseId: c.caseId } });
    await db.prisma.verificationCode.update({ where: { id: request.challengeId! }, data: { voidedAt: new Date() } });
    expect(await say(code)).toEqual([t('ru', 'desk.emailChange.expired')]);
    const lines = await db.prisma.transcriptEntry.findMany({ where: { conversationId: c.conversationId, direction: 'IN' }, orderBy: { createdAt: 'asc' } });
    expect(lines.map((l) => l.text)).toEqual(['123456', '[code, not kept]', '[code, not kept]']);
    expect((await agentClient.post(`/desk/api/cases/${c.caseId}/resolve`)).status).toBe(200);
    expect(await db.prisma.emailChangeRequest.findFirstOrThrow({ where: { caseId: c.caseId } })).toMatchObject({ state: 'CANCELLED', cancelReason: 'CASE_CLOSED' });
    // The conversation is the bot's again (here it had never talked to the bot: it greets).
    expect((await say(code))[0]).toBe(t('ru', 'greeting'));
    expect((await db.prisma.account.findUniqueOrThrow({ where: { id: c.owner.id } })).email).toBe(c.owner.email);
  });

  it('an agent cannot touch email changes of cases they do not hold', async () => {
    const c = await heldCase(supClient, []);
    const started = await supClient.post<Started>(`/desk/api/cases/${c.caseId}/email-change`, { approvalReason: 'Identity confirmed by a video call today.' });
    const id = started.body.request.id;
    expect((await agentClient.post<ErrorBody>(`/desk/api/email-changes/${id}/cancel`)).status).toBe(404);
    expect((await agentClient.post<ErrorBody>(`/desk/api/email-changes/${id}/deny`, { reason: 'I do not like this one' })).status).toBe(403);
    expect((await supClient.post<{ state: string }>(`/desk/api/email-changes/${id}/cancel`)).body.state).toBe('CANCELLED');
  });
});
