import { mkdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDirectory } from '../../core/import/import-directory.js';
import { createTranslator } from '../../bot/i18n/translator.js';
import type { DeskOperator } from '../../desk/operators/desk-operator.js';
import { testBackends, type TestDatabase } from '../helpers/test-db.js';
import fixture from '../fixtures/directory.json' with { type: 'json' };
import { startServer, type RunningServer } from '../directline/server.js';
import { addCase, addOperator, PASSWORD } from '../desk/desk-kit.js';
import { CHROMIUM_PATH, IN_CI, MISSING_CHROMIUM, launch, type Browser } from './chromium.js';
import { WidgetPage } from './widget-page.js';

const t = createTranslator();
const WAIT_MS = 15_000;
const ARTIFACTS = 'test-artifacts/e2e';
const NEW_EMAIL = 'anna.new@example.net';
// Markup and script in a shopper's message: the desk must show these characters, not run them.
const HOSTILE = 'Помогите <img src="x" onerror="window.__pwned = 1"> <script>window.__pwned = 2</script> & "спасибо"';
const OPERATOR_REPLY = 'Здравствуйте! Я проверяю ваши данные, это займёт пару минут.';
const CONSOLE_BUILT = (() => {
  try {
    return readFileSync('dist/desk-console/index.html', 'utf8').includes('/desk/assets/');
  } catch {
    return false;
  }
})();

type Tree = { [key: string]: string | Tree };
const consoleTexts = (locale: string) =>
  ({ ...JSON.parse(readFileSync(`locales/${locale}/desk.json`, 'utf8')), ...JSON.parse(readFileSync(`locales/${locale}/desk-admin.json`, 'utf8')) }) as Tree;
/** A text of the operator's console in a language, with {{placeholders}} filled. */
function consoleText(texts: Tree, key: string, params: Record<string, string | number> = {}): string {
  let node: string | Tree | undefined = texts;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  if (typeof node !== 'string') throw new Error(`no desk text ${key}`);
  return node.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name]));
}
const ukTexts = consoleTexts('uk');
const plTexts = consoleTexts('pl');
/** The agent's console is in Ukrainian, the supervisor's in Polish. */
const desk = (key: string, params?: Record<string, string | number>) => consoleText(ukTexts, key, params);
const deskPl = (key: string, params?: Record<string, string | number>) => consoleText(plTexts, key, params);

const SKIP = !CHROMIUM_PATH && !IN_CI;
if (SKIP) console.error(`e2e: SKIPPING the desk browser test. ${MISSING_CHROMIUM}.`);

describe.skipIf(SKIP)(SKIP ? `the desk and the chat in Chromium (skipped: ${MISSING_CHROMIUM})` : 'the desk and the chat in Chromium, side by side', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let agent: DeskOperator;
  let supervisor: DeskOperator;
  let supervisorBrowser: Browser | undefined;
  let shopperBrowser: Browser;
  let operatorBrowser: Browser;

  beforeAll(async () => {
    if (!CHROMIUM_PATH) throw new Error(`${MISSING_CHROMIUM} (CI is set, so this fails instead of skipping)`);
    if (!CONSOLE_BUILT) throw new Error('The desk console is not built: run `npm run build` before the browser tests.');
    mkdirSync(ARTIFACTS, { recursive: true });
    database = await testBackends()[0]!.create();
    await importDirectory(database.db, fixture);
    server = await startServer(database.db);
    agent = await addOperator(database.db, 'AGENT', ['ru', 'uk'], 'Оксана');
    supervisor = await addOperator(database.db, 'SUPERVISOR', ['ru', 'uk', 'pl', 'en'], 'Marek');
    // Two browsers at once: the shopper's (Russian) and the operator's (Ukrainian console).
    [shopperBrowser, operatorBrowser] = await Promise.all([launch('ru-RU'), launch('uk-UA', { width: 1360, height: 900 })]);
  });

  afterAll(async () => {
    await shopperBrowser?.close();
    await operatorBrowser?.close();
    await supervisorBrowser?.close();
    await server?.stop();
    await database?.cleanup();
  });

  const firstPage = async (browser: Browser): Promise<Page> => browser.context.pages()[0] ?? (await browser.context.newPage());

  /** On a failure, both screens go to test-artifacts/ for whoever reads the CI log. */
  async function keepScreens(): Promise<void> {
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const [name, browser] of [['shopper', shopperBrowser], ['operator', operatorBrowser], ['supervisor', supervisorBrowser]] as const) {
      const page = browser?.context.pages()[0];
      if (page) await page.screenshot({ path: `${ARTIFACTS}/desk-${name}.png`, fullPage: true }).catch(() => undefined);
    }
  }

  it('a lost mailbox: the case appears live, the operator claims it, both talk, the email changes by a code from the outbox, the bot takes over', async () => {
    try {
      await lostMailboxStory();
    } catch (error) {
      await keepScreens();
      throw error;
    }
  }, 150_000);

  it('two operators claim one case at the same moment: one gets it, the other is told; a supervisor approves an agent\'s email change live, reads the audit log, manages operators', async () => {
    try {
      await supervisorStory();
    } catch (error) {
      await keepScreens();
      throw error;
    }
  }, 150_000);

  async function signIn(page: Page, email: string, texts: Tree): Promise<void> {
    await page.goto(`${server.url}/desk`);
    // Signed in already (the agent's browser from the first story), or the sign-in form.
    await page.locator('[data-testid="operator-name"], input[name="email"]').first().waitFor({ timeout: WAIT_MS });
    if (await page.getByTestId('operator-name').isVisible()) return;
    await page.getByLabel(consoleText(texts, 'signIn.email')).fill(email);
    await page.getByLabel(consoleText(texts, 'signIn.password')).fill(PASSWORD);
    await page.getByRole('button', { name: consoleText(texts, 'signIn.submit') }).click();
    await page.getByTestId('stream-state').filter({ hasText: consoleText(texts, 'stream.live') }).waitFor({ timeout: WAIT_MS });
  }

  async function supervisorStory(): Promise<void> {
    supervisorBrowser = await launch('pl-PL', { width: 1360, height: 900 });
    const boss$ = await firstPage(supervisorBrowser);
    await WidgetPage.watchPolicy(boss$);
    const agent$ = await firstPage(operatorBrowser);
    await Promise.all([signIn(boss$, supervisor.email, plTexts), signIn(agent$, agent.email, ukTexts)]);
    expect(await boss$.locator('html').getAttribute('lang')).toBe('pl');

    // Both see a new case in the queue and click "claim" at the same moment.
    const anna = await database.db.prisma.account.findUniqueOrThrow({ where: { loginId: 'ru1000000002' } });
    const raced = await addCase(database.db, { type: 'GENERAL', locale: 'ru' });
    const rowOf = (page: Page, number: number) => page.locator(`[data-testid="queue-row"][data-case-number="${number}"]`);
    // (Written straight into the database, so no live event announces it: the pages reload.)
    await Promise.all([boss$.reload(), agent$.reload()]);
    await Promise.all([rowOf(boss$, raced.number).waitFor({ timeout: WAIT_MS }), rowOf(agent$, raced.number).waitFor({ timeout: WAIT_MS })]);
    // Both queues are frozen as they are until both clicks are sent, as when two operators click
    // within the same moment, before either screen has heard of the other's claim.
    let thaw = () => undefined as void;
    const frozen = new Promise<void>((resolve) => (thaw = resolve));
    await Promise.all(
      [boss$, agent$].map((page) =>
        page.route('**/desk/api/queue*', async (route) => {
          await frozen;
          // (A page that navigated away meanwhile has already dropped the request.)
          await route.continue().catch(() => undefined);
        }),
      ),
    );
    await Promise.all([
      rowOf(boss$, raced.number).getByRole('button', { name: deskPl('queue.claim') }).click(),
      rowOf(agent$, raced.number).getByRole('button', { name: desk('queue.claim') }).click(),
    ]);
    thaw();
    await Promise.all([boss$.unrouteAll({ behavior: 'wait' }), agent$.unrouteAll({ behavior: 'wait' })]);
    const held = await (async () => {
      for (let i = 0; i < 50; i++) {
        const row = await database.db.prisma.case.findUniqueOrThrow({ where: { id: raced.caseId } });
        if (row.claimedById) return row;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('nobody holds the raced case');
    })();
    const [winner$, loser$, loserText] = held.claimedById === agent.id ? [agent$, boss$, deskPl] : [boss$, agent$, desk];
    expect([agent.id, supervisor.id]).toContain(held.claimedById);
    await winner$.waitForURL(`${server.url}/desk/cases/${raced.caseId}`, { timeout: WAIT_MS });
    await loser$.getByRole('status').getByText(loserText('queue.alreadyClaimed', { number: raced.number })).waitFor({ timeout: WAIT_MS });
    expect(loser$.url()).toBe(`${server.url}/desk`);
    await winner$.getByRole('button', { name: winner$ === agent$ ? desk('actions.release') : deskPl('actions.release') }).click();
    await winner$.waitForURL(`${server.url}/desk`, { timeout: WAIT_MS });

    // An agent with one match asks for an email change with a note; the supervisor watches the approvals.
    await boss$.getByRole('link', { name: deskPl('nav.approvals') }).click();
    await boss$.getByRole('heading', { name: deskPl('approvals.title') }).waitFor({ timeout: WAIT_MS });
    const lost = await addCase(database.db, {
      type: 'EMAIL_CHANGE_LOCKED_MAILBOX',
      locale: 'ru',
      accountId: anna.id,
      requestedEmail: 'k2h8x.new@example.net',
      evidence: [{ kind: 'ORDER_NUMBER', display: '812345******2346', matched: true, accountId: anna.id }],
    });
    await agent$.reload();
    await rowOf(agent$, lost.number).getByRole('button', { name: desk('queue.claim') }).click();
    await agent$.waitForURL(`${server.url}/desk/cases/${lost.caseId}`, { timeout: WAIT_MS });
    const form = agent$.getByTestId('email-change-form');
    await form.getByLabel(desk('emailChange.note')).fill('Покупатель назвал состав последнего заказа и город доставки.');
    await form.getByRole('button', { name: desk('emailChange.start') }).click();
    await agent$.locator('[data-testid="email-changes"] li[data-state="AWAITING_APPROVAL"]').waitFor({ timeout: WAIT_MS });

    // It reaches the supervisor's list without a reload, note and all; approving needs a reason.
    const request = boss$.getByTestId('approvals-row');
    await request.waitFor({ timeout: WAIT_MS });
    expect(await request.getByTestId('approvals-note').innerText()).toContain('Покупатель назвал состав последнего заказа');
    expect(await request.getByTestId('approvals-approve').isDisabled()).toBe(true);
    await request.getByTestId('approvals-reason').fill('Oddzwoniłem na numer z konta; dane się zgadzają.');
    await request.getByTestId('approvals-approve').click();
    await boss$.getByText(deskPl('approvals.emptyAwaiting')).waitFor({ timeout: WAIT_MS });
    // The agent's case page moves on by itself: the code went to the new mailbox.
    await agent$.locator('[data-testid="email-changes"] li[data-state="PENDING_CODE"]').waitFor({ timeout: WAIT_MS });

    // The audit log shows who did it, filtered to email changes.
    await boss$.getByRole('link', { name: deskPl('nav.audit') }).click();
    await boss$.getByTestId('audit-action').fill('email_change.');
    await boss$.getByTestId('audit-filters').getByRole('button', { name: deskPl('audit.apply') }).click();
    const approved = boss$.locator('[data-testid="audit-row"][data-action="email_change.approved"]');
    await approved.first().waitFor({ timeout: WAIT_MS });
    expect(await approved.first().innerText()).toContain('Marek');
    expect(await boss$.locator('[data-testid="audit-row"]:not([data-action^="email_change."])').count()).toBe(0);
    await boss$.screenshot({ path: `${ARTIFACTS}/desk-audit-pl.png` });

    // Operators: add one, then deactivate them after a confirmation.
    await boss$.getByRole('link', { name: deskPl('nav.operators') }).click();
    await boss$.getByTestId('operator-email').fill('nowy.konsultant@desk.example.com');
    await boss$.getByTestId('operator-display-name').fill('Nowy Konsultant');
    await boss$.getByTestId('operator-language-pl').check();
    await boss$.getByTestId('operator-password').fill('Przystań-Latarnia-Cicha-58');
    await boss$.getByTestId('operator-form').getByRole('button', { name: deskPl('operators.create') }).click();
    const added = boss$.locator('[data-testid="operator-row"][data-operator-email="nowy.konsultant@desk.example.com"]');
    await added.waitFor({ timeout: WAIT_MS });
    await added.getByTestId('operator-deactivate').click();
    await added.getByTestId('operator-confirm-deactivate').click();
    await boss$.locator('[data-testid="operator-row"][data-operator-email="nowy.konsultant@desk.example.com"][data-active="false"]').waitFor({ timeout: WAIT_MS });
    expect(await database.db.prisma.operator.findUniqueOrThrow({ where: { email: 'nowy.konsultant@desk.example.com' } })).toMatchObject({ active: false, role: 'AGENT' });
    await boss$.screenshot({ path: `${ARTIFACTS}/desk-operators-pl.png`, fullPage: true });

    expect(await WidgetPage.prototype.policyViolations.call({ page: boss$ })).toEqual([]);
  }

  async function lostMailboxStory(): Promise<void> {
    // The operator signs in and waits at the queue.
    const desk$ = await firstPage(operatorBrowser);
    await WidgetPage.watchPolicy(desk$);
    await desk$.goto(`${server.url}/desk`);
    await desk$.getByLabel(desk('signIn.email')).fill(agent.email);
    await desk$.getByLabel(desk('signIn.password')).fill('not the password');
    await desk$.getByRole('button', { name: desk('signIn.submit') }).click();
    await desk$.getByRole('alert').filter({ hasText: desk('signIn.invalid') }).waitFor({ timeout: WAIT_MS });
    await desk$.getByLabel(desk('signIn.password')).fill(PASSWORD);
    await desk$.getByRole('button', { name: desk('signIn.submit') }).click();
    await desk$.getByRole('heading', { name: desk('queue.title') }).waitFor({ timeout: WAIT_MS });
    await desk$.getByTestId('stream-state').filter({ hasText: desk('stream.live') }).waitFor({ timeout: WAIT_MS });
    expect(await desk$.locator('html').getAttribute('lang')).toBe('uk');
    expect(await desk$.getByText(desk('queue.empty')).isVisible()).toBe(true);

    // The shopper lost the mailbox: the bot checks the order number and asks for the new address.
    const chat$ = await firstPage(shopperBrowser);
    const chat = new WidgetPage(chat$);
    await chat$.goto(`${server.url}/chat`);
    await chat.waitForMessage(t('ru', 'menu.prompt'));
    await chat.click(t('ru', 'buttons.menu.changeEmail'));
    await chat.waitForMessage(t('ru', 'email.hasMailbox'));
    await chat.click(t('ru', 'buttons.no'));
    await chat.waitForMessage(t('ru', 'retrieval.hasOrders'));
    await chat.click(t('ru', 'buttons.yes'));
    await chat.waitForMessage(t('ru', 'retrieval.hasOrderNumber'));
    await chat.click(t('ru', 'buttons.yes'));
    await chat.waitForMessage(t('ru', 'retrieval.askOrderNumber'));
    await chat.type('8123 4567 8901 2345');
    // (Only its start: Web Chat renders the example address as a link with extra words for screen readers.)
    await chat.waitForMessage(t('ru', 'email.askNew').slice(0, 40));
    await chat.type(NEW_EMAIL);
    const opened = await database.db.prisma.case.findFirstOrThrow({ where: { type: 'EMAIL_CHANGE_LOCKED_MAILBOX' } }).catch(async () => {
      // The case is written by the turn the widget just sent; give it a moment.
      await new Promise((r) => setTimeout(r, 1000));
      return database.db.prisma.case.findFirstOrThrow({ where: { type: 'EMAIL_CHANGE_LOCKED_MAILBOX' } });
    });

    // It appears in the operator's queue by itself, with a notice, its type and its evidence.
    const row = desk$.locator(`[data-testid="queue-row"][data-case-number="${opened.number}"]`);
    await row.waitFor({ timeout: WAIT_MS });
    await desk$.getByRole('status').getByText(desk('queue.newCase', { number: opened.number, type: desk('caseTypes.EMAIL_CHANGE_LOCKED_MAILBOX'), language: desk('languages.ru') })).waitFor({ timeout: WAIT_MS });
    expect(await row.innerText()).toContain(desk('caseTypes.EMAIL_CHANGE_LOCKED_MAILBOX'));
    expect(await row.innerText()).toContain(desk('evidenceKinds.ORDER_NUMBER'));
    await desk$.screenshot({ path: `${ARTIFACTS}/desk-queue.png` });

    // Claim: the case page opens; the shopper is told an operator joined.
    await row.getByRole('button', { name: desk('queue.claim') }).click();
    await desk$.getByRole('heading', { name: new RegExp(desk('case.title', { number: opened.number })) }).waitFor({ timeout: WAIT_MS });
    expect(desk$.url()).toBe(`${server.url}/desk/cases/${opened.id}`);
    await chat.waitForMessage(t('ru', 'handoff.operatorJoined', { name: 'Оксана' }));

    // The shopper writes markup; the operator reads it as text, live, and nothing runs.
    await chat.type(HOSTILE);
    const lastShopperLine = desk$.locator('[data-direction="IN"] .line__text').last();
    await expect.poll(() => lastShopperLine.innerText(), { timeout: WAIT_MS }).toBe(HOSTILE);
    expect(await desk$.getByTestId('transcript').locator('img, script').count()).toBe(0);
    expect(await desk$.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

    // The operator answers; the shopper reads it in the same chat.
    await desk$.getByTestId('reply-text').fill(OPERATOR_REPLY);
    await desk$.getByTestId('reply-text').press('Enter');
    await chat.waitForMessage(OPERATOR_REPLY);
    await expect.poll(() => desk$.locator('[data-direction="OPERATOR"] .line__text').last().innerText(), { timeout: WAIT_MS }).toBe(OPERATOR_REPLY);
    expect(await desk$.getByTestId('reply-text').inputValue()).toBe('');

    // One match is not enough to change the email: the operator asks for a card payment.
    expect(await desk$.getByTestId('two-matches').innerText()).toBe(desk('evidence.oneMatch'));
    await desk$.getByRole('button', { name: desk('evidenceRequests.CARD') }).click();
    await chat.waitForMessage(t('ru', 'desk.requestEvidence.CARD'));
    await chat.type('427601 1234');
    await chat.waitForMessage(t('ru', 'retrieval.askAmount'));
    await chat.type('1 520,50 ₽');
    await chat.waitForMessage(t('ru', 'retrieval.askDate'));
    await chat.type('01.10.2026');
    await chat.waitForMessage(t('ru', 'desk.evidence.received'));
    await desk$.getByTestId('two-matches').filter({ hasText: desk('evidence.twoMatches') }).waitFor({ timeout: WAIT_MS });

    // Two independent matches: the operator changes the email to the address the shopper gave.
    const form = desk$.getByTestId('email-change-form');
    expect(await form.getByLabel(desk('emailChange.newEmail')).inputValue()).toBe(NEW_EMAIL);
    await form.getByRole('button', { name: desk('emailChange.start') }).click();
    await desk$.locator('[data-testid="email-changes"] li[data-state="PENDING_CODE"]').waitFor({ timeout: WAIT_MS });
    await chat.waitForMessage(t('ru', 'code.sentToNew', { email: NEW_EMAIL }).split(NEW_EMAIL)[0]!);

    // The shopper reads the code in the development outbox and types it in the chat.
    const outbox$ = await shopperBrowser.context.newPage();
    await outbox$.goto(`${server.url}/dev/outbox?to=${encodeURIComponent(NEW_EMAIL)}&limit=1`);
    const code = /\b(\d{6})\b/.exec(await outbox$.locator('main').innerText())?.[1];
    expect(code).toMatch(/^\d{6}$/);
    await outbox$.close();
    await chat.type(code!);
    await chat.waitForMessage(t('ru', 'desk.emailChange.onHold', { count: 24 }));
    await desk$.locator('[data-testid="email-changes"] li[data-state="ON_HOLD"]').waitFor({ timeout: WAIT_MS });
    // The code is not in the operator's transcript: a note in the operator's language stands in.
    expect(await desk$.getByTestId('transcript').innerText()).not.toContain(code!);
    expect(await desk$.locator('[data-not-kept="true"]').last().innerText()).toBe(desk('chat.notKept.code'));
    await desk$.screenshot({ path: `${ARTIFACTS}/desk-case.png`, fullPage: true });

    // Resolved: the shopper is told, and the bot answers again.
    await desk$.getByRole('button', { name: desk('actions.resolve'), exact: true }).click();
    await desk$.getByTestId('case-status').filter({ hasText: desk('statuses.RESOLVED') }).waitFor({ timeout: WAIT_MS });
    await chat.waitForMessage(t('ru', 'handoff.closed'));
    await chat.click(t('ru', 'buttons.menu.whereId'));
    await chat.waitForMessage(t('ru', 'whereId.info'));

    expect(await WidgetPage.prototype.policyViolations.call({ page: desk$ })).toEqual([]);
    const audit = await database.db.prisma.auditEvent.findMany({ where: { caseId: opened.id }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(['case.claimed', 'case.replied', 'case.evidence_requested', 'email_change.requested', 'email_change.code_confirmed', 'case.resolved']),
    );
  }
});
