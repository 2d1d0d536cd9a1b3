import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../../core/domain.js';
import { importDirectory } from '../../core/import/import-directory.js';
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
