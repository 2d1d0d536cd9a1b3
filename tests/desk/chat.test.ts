import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../core/db/client.js';
import { LOCALES, type Locale } from '../../core/domain.js';
import { readOutbox } from '../../core/mail/read-outbox.js';
import { createTranslator } from '../../bot/i18n/translator.js';
import { applyDueEmailChanges } from '../../desk/email-change/apply-due-email-changes.js';
import type { DeskOperator } from '../../desk/operators/desk-operator.js';
import { REJECT_REASONS } from '../../desk/cases/reject-reasons.js';
import { Shopper, startBot, type Harness, type Reply } from '../helpers/bot-harness.js';
import { ConnectorStub } from '../helpers/connector-stub.js';
import type { TestDatabase } from '../helpers/test-db.js';
import { directorySetups, openDirectory } from '../helpers/directory-setups.js';
import type { DirectoryUnderTest } from '../helpers/directory-under-test.js';
import { SPEECH } from '../bot/speech.js';
import fixture from '../fixtures/directory.json' with { type: 'json' };
import { addOperator, Clock, DeskClient, EventStream } from './desk-kit.js';

const t = createTranslator();
const texts = (replies: Reply[]) => replies.map((r) => r.text);
const HOSTILE = 'Здравствуйте! <b>Помогите</b> <script>alert("x")</script> & "спасибо"';

type CaseView = {
  status: string;
  accountProven: boolean;
  twoIndependentMatches: boolean;
  account: { revealed: boolean; email: string; loginId: string } | null;
  evidence: { kind: string; matched: boolean | null; matchesAccount: boolean }[];
  emailChanges: { id: string; state: string; approval: string | null }[];
  transcript: { direction: string; text: string; operator: { id: string; displayName: string } | null }[];
};

describe.each(directorySetups())('the desk in the chat: operator and shopper in one conversation on $name', (setup) => {
  let database: TestDatabase;
  let directory: DirectoryUnderTest;
  let db: Db;
  let server: Harness;
  let stub: ConnectorStub;
  let agent: DeskOperator;
  let agentClient: DeskClient;
  const clock = new Clock();

  beforeAll(async () => {
    database = await setup.backend.create();
    db = database.db;
    directory = await openDirectory(setup, db, fixture, { now: clock.now });
    stub = await ConnectorStub.start();
    server = await startBot(db, { now: clock.now, directory: directory.directory });
    agent = await addOperator(db, 'AGENT', ['ru', 'uk', 'pl', 'en'], 'Olena');
    agentClient = await DeskClient.signIn(server.url, agent.email);
  });

  afterAll(async () => {
    await server.close();
    await stub.close();
    await directory.close();
    await database.cleanup();
  });

  /** A shopper on a channel whose connector is the stub: proactive messages land there. */
  function shopper(locale: Locale) {
    const s = new Shopper(() => server.url, `${locale}-${locale.toUpperCase()}`, undefined, 'stubchan');
    const say = (text: string) => s.send(s.activity({ text, serviceUrl: stub.url }));
    return { s, say, id: s.conversationId };
  }

  async function caseOf(conversationId: string) {
    return db.prisma.case.findFirstOrThrow({ where: { conversation: { externalId: conversationId } }, orderBy: { createdAt: 'desc' } });
  }

  const view = async (client: DeskClient, caseId: string) => (await client.get<CaseView>(`/desk/api/cases/${caseId}`)).body;

  async function latestLetter(to: string, kind: string): Promise<string> {
    const letter = (await readOutbox(db.prisma, server.config.secret, { to, limit: 50 })).find((l) => l.kind === kind);
    if (!letter) throw new Error(`no ${kind} letter to ${to}`);
    return letter.text;
  }

  it('a locked mailbox, start to end: queue push, claim, silent bot, replies both ways, evidence, code, hold, resolve', async () => {
    const events = await EventStream.open(agentClient);
    const { say, id } = shopper('ru');
    const ru = SPEECH.ru;
    await say(t('ru', 'buttons.menu.changeEmail'));
    await say(ru.no);
    await say(ru.yes);
    await say(ru.yes);
    expect(texts(await say('8123456789012345'))).toContain(t('ru', 'email.askNew'));
    await say('anna.new@example.net');
    const opened = await caseOf(id);
    expect(opened).toMatchObject({ type: 'EMAIL_CHANGE_LOCKED_MAILBOX', status: 'WAITING', requestedEmail: 'anna.new@example.net' });

    // The new case reaches the operator's queue live.
    const pushed = await events.waitFor((e) => e.event === 'queue' && e.data.caseId === opened.id);
    expect(pushed.data).toMatchObject({ change: 'opened', caseType: 'EMAIL_CHANGE_LOCKED_MAILBOX', locale: 'ru' });

    // Before the claim the operator cannot open it; the account is masked until evidence matched it.
    expect((await agentClient.post(`/desk/api/cases/${opened.id}/claim`)).status).toBe(200);
    expect(await stub.waitFor(id, 1)).toEqual([t('ru', 'handoff.operatorJoined', { name: 'Olena' })]);
    let page = await view(agentClient, opened.id);
    expect(page.accountProven).toBe(true);
    expect(page.account).toMatchObject({ revealed: true, email: 'anna.k@example.com', loginId: 'ru1000000001' });
    expect(page.twoIndependentMatches).toBe(false);

    // The shopper writes: the bot stays silent, the operator sees the words live, as data.
    expect(await say(HOSTILE)).toEqual([]);
    const line = await events.waitFor((e) => e.event === 'message' && e.data.caseId === opened.id);
    expect(line.data.line).toMatchObject({ direction: 'IN', text: HOSTILE });
    page = await view(agentClient, opened.id);
    expect(page.transcript.at(-1)).toMatchObject({ direction: 'IN', text: HOSTILE, operator: null });

    // The operator answers in the same chat.
    const reply = await agentClient.post<{ delivered: boolean; lines: { direction: string; text: string }[] }>(`/desk/api/cases/${opened.id}/messages`, { text: 'Добрый день! Проверяю данные.' });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ delivered: true, lines: [{ direction: 'OPERATOR', text: 'Добрый день! Проверяю данные.' }] });
    expect((await stub.waitFor(id, 2)).at(-1)).toBe('Добрый день! Проверяю данные.');
    page = await view(agentClient, opened.id);
    expect(page.transcript.at(-1)).toMatchObject({ direction: 'OPERATOR', text: 'Добрый день! Проверяю данные.', operator: { id: agent.id, displayName: 'Olena' } });

    // Requested evidence: the bot asks and checks the card payment, step by step, for the operator.
    expect((await agentClient.post(`/desk/api/cases/${opened.id}/evidence-requests`, { kind: 'CARD' })).status).toBe(200);
    expect((await stub.waitFor(id, 3)).at(-1)).toBe(t('ru', 'desk.requestEvidence.CARD'));
    expect(texts(await say('427601 1234'))).toEqual([t('ru', 'retrieval.askAmount')]);
    expect(texts(await say(ru.amount))).toEqual([t('ru', 'retrieval.askDate')]);
    expect(texts(await say(ru.date))).toEqual([t('ru', 'desk.evidence.received')]);
    await events.waitFor((e) => e.event === 'case' && e.data.change === 'evidence');
    page = await view(agentClient, opened.id);
    expect(page.evidence.filter((e) => e.matchesAccount).map((e) => e.kind).sort()).toEqual(['AMOUNT', 'CARD', 'ORDER_NUMBER', 'PAYMENT_DATE']);
    expect(page.twoIndependentMatches).toBe(true);

    // Two independent matches: the agent changes the email; the code goes to the new mailbox.
    const started = await agentClient.post<{ request: { id: string; state: string; approval: string }; code: string }>(`/desk/api/cases/${opened.id}/email-change`, {});
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ code: 'sent', request: { state: 'PENDING_CODE', approval: 'TWO_MATCHES' } });
    expect((await stub.waitFor(id, 4)).at(-1)).toBe(t('ru', 'code.sentToNew', { email: 'anna.new@example.net' }));
    const code = /\b(\d{6})\b/.exec(await latestLetter('anna.new@example.net', 'emailChangeNewCode'))![1]!;

    // The shopper types it in the chat: wrong first, then right; the code never reaches the transcript.
    const wrong = code === '000000' ? '111111' : '000000';
    expect(texts(await say(wrong))).toEqual([t('ru', 'code.wrong', { count: 4 })]);
    expect(texts(await say(code.replace(/(\d{3})/, '$1 ')))).toEqual([t('ru', 'desk.emailChange.onHold', { count: 24 })]);
    page = await view(agentClient, opened.id);
    expect(page.emailChanges).toEqual([expect.objectContaining({ state: 'ON_HOLD' })]);
    expect(page.transcript.filter((l) => l.direction === 'IN').slice(-2).map((l) => l.text)).toEqual(['[code, not kept]', '[code, not kept]']);
    expect(await database.dump()).not.toContain(`"${code}"`);
    const notice = await latestLetter('anna.k@example.com', 'emailChangeHold');
    expect(notice).toMatch(/\/desk\/cancel-email-change\?token=[A-Za-z0-9_-]{43}/);
    expect(notice).toContain('a***w@example.net');

    // Resolved: the conversation is the bot's again, and the shopper is told so in the chat.
    expect((await agentClient.post(`/desk/api/cases/${opened.id}/resolve`)).status).toBe(200);
    expect((await stub.waitFor(id, 6)).slice(-2)).toEqual([t('ru', 'handoff.closed'), t('ru', 'menu.prompt')]);
    expect(texts(await say(t('ru', 'buttons.menu.whereId')))).toEqual([t('ru', 'whereId.info'), t('ru', 'menu.prompt')]);

    // The hold runs its course after the case ended: then the account has the new address.
    expect(await applyDueEmailChanges(server.app.desk.deps, new Date(clock.now().getTime() + 23 * 3_600_000))).toEqual({ applied: 0, cancelled: 0 });
    expect(await applyDueEmailChanges(server.app.desk.deps, new Date(clock.now().getTime() + 25 * 3_600_000))).toEqual({ applied: 1, cancelled: 0 });
    const account = await directory.store.prisma.account.findUniqueOrThrow({ where: { loginId: 'ru1000000001' } });
    expect(account).toMatchObject({ email: 'anna.new@example.net', emailNormalized: 'anna.new@example.net', emailConfirmed: true });
    expect(await latestLetter('anna.k@example.com', 'emailChanged')).toContain('a***w@example.net');
    const audit = await db.prisma.auditEvent.findMany({ where: { caseId: opened.id }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((e) => e.action)).toEqual([
      'case.opened',
      'case.claimed',
      'case.replied',
      'case.evidence_requested',
      'case.evidence_checked',
      'email_change.requested',
      'email_change.code_confirmed',
      'case.resolved',
      'account.email_changed',
    ]);
    events.close();
  });

  it('release: the shopper hears the operator left and the bot keeps them informed in the queue', async () => {
    const { say, id } = shopper('uk');
    await say(SPEECH.uk.operator);
    const opened = await caseOf(id);
    await agentClient.post(`/desk/api/cases/${opened.id}/claim`);
    expect(await say('алло?')).toEqual([]);
    expect((await agentClient.post(`/desk/api/cases/${opened.id}/release`)).status).toBe(200);
    expect((await stub.waitFor(id, 2)).at(-1)).toBe(t('uk', 'handoff.operatorLeft', { name: 'Olena' }));
    const answer = texts(await say('є хтось?'));
    expect(answer[0]).toMatch(new RegExp(t('uk', 'handoff.stillWaiting', { caseNumber: opened.number, count: 1 }).slice(0, 20)));
  });

  it.each(LOCALES)('rejects with a reason the shopper reads in their language (%s), then the bot takes over', async (locale) => {
    const { say, id } = shopper(locale);
    await say(SPEECH[locale].operator);
    const opened = await caseOf(id);
    await agentClient.post(`/desk/api/cases/${opened.id}/claim`);
    const reason = REJECT_REASONS[LOCALES.indexOf(locale) % REJECT_REASONS.length]!;
    expect((await agentClient.post(`/desk/api/cases/${opened.id}/reject`, { reason })).status).toBe(200);
    expect((await stub.waitFor(id, 4)).slice(-3)).toEqual([t(locale, `desk.rejectReasons.${reason}`), t(locale, 'handoff.closed'), t(locale, 'menu.prompt')]);
    expect(await db.prisma.case.findUniqueOrThrow({ where: { id: opened.id } })).toMatchObject({ status: 'REJECTED', resolution: reason });
    const lines = await db.prisma.transcriptEntry.findMany({ where: { conversationId: opened.conversationId }, orderBy: { createdAt: 'asc' } });
    expect(lines.slice(-3).map((l) => [l.direction, l.text])).toEqual([
      ['OPERATOR', t(locale, `desk.rejectReasons.${reason}`)],
      ['OUT', t(locale, 'handoff.closed')],
      ['OUT', t(locale, 'menu.prompt')],
    ]);
    expect(texts(await say(t(locale, 'buttons.menu.whereId')))[0]).toBe(t(locale, 'whereId.info'));
    expect((await agentClient.post(`/desk/api/cases/${opened.id}/reject`, { reason: 'no-such-reason' })).status).toBe(400);
  });

  it('an order number asked for by the operator is checked against the case\'s account, not just any account', async () => {
    const { say, id } = shopper('pl');
    await say(SPEECH.pl.operator);
    const opened = await caseOf(id);
    await db.prisma.case.update({ where: { id: opened.id }, data: { accountId: (await directory.store.prisma.account.findUniqueOrThrow({ where: { loginId: 'pl1000000004' } })).id } });
    await agentClient.post(`/desk/api/cases/${opened.id}/claim`);
    let page = await view(agentClient, opened.id);
    expect(page.account).toMatchObject({ revealed: false, loginId: 'pl********04', email: 'j***k@example.com' });

    await agentClient.post(`/desk/api/cases/${opened.id}/evidence-requests`, { kind: 'ORDER_NUMBER' });
    expect(texts(await say('LP00123456789012'))).toEqual([t('pl', 'retrieval.trackingNotOrder')]);
    // Anna's order exists, but it is not this account's: recorded as not matching.
    expect(texts(await say('8123 4567 8901 2345'))).toEqual([t('pl', 'desk.evidence.received')]);
    page = await view(agentClient, opened.id);
    expect(page.evidence.at(-1)).toMatchObject({ kind: 'ORDER_NUMBER', matched: false, matchesAccount: false });
    expect(page.account?.revealed).toBe(false);
    // No question pending any more: an order number now is just a message for the operator.
    expect(await say('8123456789012348')).toEqual([]);
    await agentClient.post(`/desk/api/cases/${opened.id}/evidence-requests`, { kind: 'ORDER_NUMBER' });
    expect(texts(await say('mój numer to 8123456789012348'))).toEqual([t('pl', 'desk.evidence.received')]);
    page = await view(agentClient, opened.id);
    expect(page.evidence.at(-1)).toMatchObject({ kind: 'ORDER_NUMBER', matched: true, matchesAccount: true });
    expect(page.account).toMatchObject({ revealed: true, loginId: 'pl1000000004', email: 'jan.nowak@example.com' });

    // Proven, so the operator can lift the block; the shopper is told in their language.
    const unblocked = await agentClient.post(`/desk/api/cases/${opened.id}/unblock`);
    expect(unblocked.status).toBe(200);
    expect((await stub.waitFor(id, 4)).at(-1)).toBe(t('pl', 'desk.unblocked'));
    expect((await directory.store.prisma.account.findUniqueOrThrow({ where: { loginId: 'pl1000000004' } })).status).toBe('ACTIVE');
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { caseId: opened.id, action: 'account.unblocked' } });
    expect([event.actorId, JSON.parse(event.before!), JSON.parse(event.after!)]).toEqual([agent.id, { status: 'TEMP_BLOCKED' }, { status: 'ACTIVE' }]);
    expect((await agentClient.post<{ error: { code: string } }>(`/desk/api/cases/${opened.id}/unblock`)).body.error.code).toBe('NotBlocked');
  });

  it('reaches a shopper in the chat widget (our Direct Line channel) as well', async () => {
    const generated = (await (
      await fetch(`${server.url}/v3/directline/tokens/generate`, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.url }, body: JSON.stringify({ locale: 'ru-RU' }) })
    ).json()) as { conversationId: string; token: string };
    const auth = { authorization: `Bearer ${generated.token}` };
    expect((await fetch(`${server.url}/v3/directline/conversations`, { method: 'POST', headers: auth })).status).toBe(201);
    const post = (text: string) =>
      fetch(`${server.url}/v3/directline/conversations/${generated.conversationId}/activities`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', text, locale: 'ru-RU', from: { id: 'web-user' } }),
      });
    const feed = async () =>
      ((await (await fetch(`${server.url}/v3/directline/conversations/${generated.conversationId}/activities`, { headers: auth })).json()) as { activities: { text?: string; from: { role?: string } }[] }).activities;
    expect((await post(SPEECH.ru.operator)).status).toBe(200);
    const opened = await db.prisma.case.findFirstOrThrow({ where: { conversation: { channelId: 'directline', externalId: generated.conversationId } } });
    await agentClient.post(`/desk/api/cases/${opened.id}/claim`);
    const before = (await feed()).length;
    await post('Мне нужна помощь');
    const reply = await agentClient.post<{ delivered: boolean }>(`/desk/api/cases/${opened.id}/messages`, { text: 'Здравствуйте, это оператор.' });
    expect(reply.body.delivered).toBe(true);
    const after = await feed();
    // The shopper's own message (echoed) and the operator's line; no bot answer in between.
    expect(after.slice(before).map((a) => [a.from.role, a.text])).toEqual([
      ['user', 'Мне нужна помощь'],
      ['bot', 'Здравствуйте, это оператор.'],
    ]);
    expect(after.map((a) => a.text)).toContain(t('ru', 'handoff.operatorJoined', { name: 'Olena' }));
  });
});
