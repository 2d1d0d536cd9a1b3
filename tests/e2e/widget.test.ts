import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../../core/domain.js';
import { importDirectory } from '../../core/import/import-directory.js';
import { verifyPassword } from '../../core/security/password.js';
import { createTranslator } from '../../bot/i18n/translator.js';
import { testBackends, type TestDatabase } from '../helpers/test-db.js';
import fixture from '../fixtures/directory.json' with { type: 'json' };
import { startServer, type RunningServer } from '../directline/server.js';
import { CHROMIUM_PATH, IN_CI, MISSING_CHROMIUM, launch } from './chromium.js';
import { WidgetPage } from './widget-page.js';

const t = createTranslator();
const ARTIFACTS = 'test-artifacts/e2e';
const BROWSER_LANGUAGE: Record<Locale, string> = { ru: 'ru-RU', uk: 'uk-UA', pl: 'pl-PL', en: 'en-US' };
const ORDER = '8123 4567 8901 2345';
const LOGIN_ID = 'ru1000000001';
/** What the channel echoes, and the widget shows at once, instead of a secret answer. */
const MASK = '••••••••';

const widgetStrings = (locale: Locale) => JSON.parse(readFileSync(`locales/${locale}/widget.json`, 'utf8')) as { title: string; placeholder: string; error: string };

const SKIP = !CHROMIUM_PATH && !IN_CI;
if (SKIP) console.error(`e2e: SKIPPING the chat widget browser tests. ${MISSING_CHROMIUM}.`);

describe.skipIf(SKIP)(SKIP ? `the chat widget in Chromium (skipped: ${MISSING_CHROMIUM})` : 'the chat widget in Chromium', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let shopPage: Server;
  let shopOrigin: string;

  beforeAll(async () => {
    if (!CHROMIUM_PATH) throw new Error(`${MISSING_CHROMIUM} (CI is set, so this fails instead of skipping)`);
    mkdirSync(ARTIFACTS, { recursive: true });
    // A shop's own page on another origin, embedding the widget as the README shows.
    shopPage = createServer((req, res) => {
      const chat = process.env.E2E_CHAT_ORIGIN ?? '';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html><head><meta charset="utf-8"><title>Shop</title>
<link rel="stylesheet" href="${chat}/chat/widget.css"></head><body>
<h1>Example shop</h1>
<div id="recovery-desk-chat" style="width: 400px; height: 620px"></div>
<script src="${chat}/chat/webchat.js"></script>
<script src="${chat}/chat/widget.js" data-target="recovery-desk-chat" data-locale="${new URL(req.url ?? '/', 'http://x').searchParams.get('lang') ?? 'pl'}"></script>
</body></html>`);
    });
    await new Promise<void>((resolve) => shopPage.listen(0, '127.0.0.1', resolve));
    shopOrigin = `http://127.0.0.1:${(shopPage.address() as AddressInfo).port}`;
    database = await testBackends()[0]!.create();
    await importDirectory(database.db, fixture);
    server = await startServer(database.db, { env: { WIDGET_ALLOWED_ORIGINS: shopOrigin } });
    process.env.E2E_CHAT_ORIGIN = server.url;
  });

  afterAll(async () => {
    await server?.stop();
    await database?.cleanup();
    await new Promise<void>((resolve) => (shopPage ? shopPage.close(() => resolve()) : resolve()));
  });

  it.each(LOCALES)('in %s: greets with the menu, finds an account by order number, keeps the history over a reload', async (locale) => {
    const browser = await launch(BROWSER_LANGUAGE[locale]);
    try {
      const page = browser.context.pages()[0] ?? (await browser.context.newPage());
      await WidgetPage.watchPolicy(page);
      const widget = new WidgetPage(page);
      await page.goto(`${server.url}/chat`);

      await widget.waitForMessage(t(locale, 'greeting'));
      expect(await widget.title()).toBe(widgetStrings(locale).title);
      expect(await page.locator('html').getAttribute('lang')).toBe(locale);
      expect(await page.title()).toBe(widgetStrings(locale).title);
      expect(await page.locator('input[data-id="webchat-sendbox-input"]').filter({ visible: true }).getAttribute('placeholder')).toBe(widgetStrings(locale).placeholder);
      await widget.waitForMessage(t(locale, 'menu.prompt'));
      expect(await widget.buttons()).toEqual(
        ['forgotPassword', 'forgotAccount', 'changeEmail', 'blocked', 'whereId', 'operator'].map((k) => t(locale, `buttons.menu.${k}`)),
      );

      await widget.click(t(locale, 'buttons.menu.forgotAccount'));
      await widget.waitForMessage(t(locale, 'retrieval.hasOrders'));
      await widget.click(t(locale, 'buttons.yes'));
      await widget.waitForMessage(t(locale, 'retrieval.hasOrderNumber'));
      await widget.click(t(locale, 'buttons.yes'));
      await widget.waitForMessage(t(locale, 'retrieval.askOrderNumber'));
      await widget.type(ORDER);
      await widget.waitForMessage(LOGIN_ID);
      // The shopper's own message came back masked from the server (SPEC §8).
      await widget.waitForMessage('812345******2345');
      await widget.settle();
      await page.screenshot({ path: `${ARTIFACTS}/widget-${locale}.png` });

      await page.reload();
      await widget.waitForMessage(LOGIN_ID);
      expect(await widget.count(t(locale, 'greeting'))).toBe(1);
      expect(await widget.count(LOGIN_ID)).toBe(1);
      expect(await widget.count(t(locale, 'retrieval.hasOrders'))).toBe(1);
      await widget.settle();
      await page.screenshot({ path: `${ARTIFACTS}/widget-${locale}-reloaded.png` });
      expect(await widget.policyViolations()).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('hides a code and a new password: a password field while asked, the mask in the bubble at once, the text never on the page', async () => {
    const email = 'widget.secret@example.com';
    const loginId = 'ru3999000001';
    await database.db.prisma.account.create({
      data: { loginId, email, emailNormalized: email, emailConfirmed: true, country: 'RU', status: 'ACTIVE' },
    });
    // ":)" would be an emoji with Web Chat's default emoticon replacement; the bot must get it as typed.
    const password = 'Wind over a quiet river :) 42';
    const browser = await launch('en-US');
    try {
      const page = browser.context.pages()[0] ?? (await browser.context.newPage());
      await WidgetPage.watchPolicy(page);
      await WidgetPage.watchSecrets(page);
      const widget = new WidgetPage(page);
      const sendBox = widget.sendBox();
      const masks = () => widget.count(MASK);
      const expectHidden = async (secret: string) => {
        expect(await widget.secretSightings()).toEqual({ sightings: [], nowInHtml: false });
        expect(await page.evaluate(() => (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText)).not.toContain(secret);
      };
      const expectSendBox = async (type: string, autocomplete: string | null) => {
        await expect.poll(() => sendBox.getAttribute('type')).toBe(type);
        expect(await sendBox.getAttribute('autocomplete')).toBe(autocomplete);
        expect(await sendBox.getAttribute('spellcheck')).toBe(type === 'password' ? 'false' : null);
        expect(await sendBox.getAttribute('autocorrect')).toBe(type === 'password' ? 'off' : null);
        expect(await sendBox.getAttribute('autocapitalize')).toBe(type === 'password' ? 'off' : null);
      };
      /** Types a secret key by key, sends it, and sees it masked at once. */
      const sendSecret = async (secret: string, masksBefore: number) => {
        await widget.watchFor(secret);
        await widget.typeKeys(secret);
        expect(await sendBox.inputValue()).toBe(secret);
        await expectHidden(secret);
        await widget.pressEnter();
        await expectHidden(secret);
        await expect.poll(masks).toBe(masksBefore + 1);
        await expectHidden(secret);
      };

      await page.goto(`${server.url}/chat?locale=en`);
      await widget.waitForMessage(t('en', 'menu.prompt'));
      await expectSendBox('text', null);
      await widget.click(t('en', 'buttons.menu.forgotPassword'));
      await widget.waitForMessage(t('en', 'password.remembersEmail'));
      await widget.click(t('en', 'buttons.yes'));
      await widget.waitForMessage(t('en', 'password.askEmail'));
      await expectSendBox('text', null);
      await widget.type(email);
      await widget.waitForMessage(email);

      // The code question: a password field that browsers may fill with a code from a message.
      await widget.waitForMessage(t('en', 'code.ask'));
      await expectSendBox('password', 'one-time-code');
      const outbox = await browser.context.newPage();
      await outbox.goto(`${server.url}/dev/outbox?to=${encodeURIComponent(email)}&limit=1`);
      const code = /\b(\d{6})\b/.exec(await outbox.locator('main').innerText())?.[1];
      expect(code).toMatch(/^\d{6}$/);
      await outbox.close();
      await sendSecret(code!, 0);

      // The new password: a password field for a new password; a refused one is hidden too.
      await widget.waitForMessage(t('en', 'password.askNew'));
      await expectSendBox('password', 'new-password');
      await expectHidden(code!);
      await sendSecret('Qz7vK2xw', 1);
      await widget.waitForMessage(t('en', 'password.rejected.tooShort'));
      await expect.poll(() => widget.count(t('en', 'password.askNew'))).toBe(2);
      await expectSendBox('password', 'new-password');
      await sendSecret(password, 2);
      // Until the bot answers, the send box stays a password field.
      expect(await sendBox.getAttribute('type')).toBe('password');
      await widget.waitForMessage(t('en', 'password.askRepeat'));
      await expectSendBox('password', 'new-password');
      await expectHidden(password);

      // A reload restores the history (masked by the channel) and the question's password field.
      await page.reload();
      await widget.waitForMessage(t('en', 'password.askRepeat'));
      await expect.poll(masks).toBe(3);
      await expectSendBox('password', 'new-password');
      await sendSecret(password, 3);
      await widget.waitForMessage(t('en', 'password.changed'));
      await widget.waitForMessage(t('en', 'menu.prompt'));
      await expectHidden(password);

      // Past the question the send box is a text field again.
      await expectSendBox('text', null);
      await widget.settle();
      await page.screenshot({ path: `${ARTIFACTS}/widget-password-en.png` });
      await widget.type('hello there');
      await widget.waitForMessage('hello there');
      expect(await masks()).toBe(4);
      expect(await widget.policyViolations()).toEqual([]);

      // The bot got the password as typed.
      const account = await database.db.prisma.account.findUniqueOrThrow({ where: { loginId } });
      expect(await verifyPassword(password, account.passwordHash!)).toBe(true);
    } finally {
      await browser.close();
    }
  });

  it('follows ?locale= over the browser language', async () => {
    const browser = await launch('en-US');
    try {
      const page = browser.context.pages()[0] ?? (await browser.context.newPage());
      const widget = new WidgetPage(page);
      await page.goto(`${server.url}/chat?locale=uk`);
      await widget.waitForMessage(t('uk', 'greeting'));
      expect(await widget.title()).toBe(widgetStrings('uk').title);
    } finally {
      await browser.close();
    }
  });

  it('runs embedded on an allowed shop page of another origin (the README snippet)', async () => {
    const browser = await launch('en-US');
    try {
      const page = browser.context.pages()[0] ?? (await browser.context.newPage());
      const widget = new WidgetPage(page);
      await page.goto(`${shopOrigin}/?lang=pl`);
      await widget.waitForMessage(t('pl', 'greeting'));
      await widget.click(t('pl', 'buttons.menu.whereId'));
      await widget.waitForMessage(t('pl', 'whereId.info'));
      await widget.settle();
      await page.screenshot({ path: `${ARTIFACTS}/widget-embedded-pl.png` });
    } finally {
      await browser.close();
    }
  });
});
