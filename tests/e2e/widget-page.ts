import type { Page } from 'playwright-core';

const WAIT_MS = 15_000;

/**
 * A pattern for a message as Web Chat shows it: its Markdown renderer sets typographic quotes,
 * dashes and ellipses (I'm → I’m), so those characters match either form.
 */
function shown(text: string): RegExp {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(escaped.replace(/'/g, "['’]").replace(/"/g, '["“”]').replace(/\\\.\\\.\\\./g, '(?:\\.\\.\\.|…)').replace(/--/g, '(?:--|–)'));
}

/** The little of the DOM the page functions below use (this project compiles without DOM types). */
type BrowserGlobals = {
  document: {
    querySelector(selector: string): { textContent: string | null; scrollTop: number; clientHeight: number; scrollHeight: number } | null;
  };
};

/** The chat widget as a shopper sees it: visible bubbles and buttons only (Web Chat renders each twice). */
export class WidgetPage {
  constructor(readonly page: Page) {}

  /** Records Content-Security-Policy violations from the first script on, for every page load. */
  static async watchPolicy(page: Page): Promise<void> {
    // Injected before any page script (not through eval, so the page's policy allows it).
    await page.addInitScript(`
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber);
      });
    `);
  }

  /**
   * Records, at every change of the page, whether a secret set later with watchFor() shows in the
   * page's text (innerText) or anywhere in its text nodes (textContent, hidden ones included).
   */
  static async watchSecrets(page: Page): Promise<void> {
    await page.addInitScript(`
      window.secretSightings = [];
      const look = () => {
        const secret = window.watchedSecret;
        if (!secret || !document.body) return;
        if (document.body.innerText.includes(secret)) window.secretSightings.push('innerText');
        else if (document.body.textContent.includes(secret)) window.secretSightings.push('textContent');
      };
      new MutationObserver(look).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    `);
  }

  async watchFor(secret: string): Promise<void> {
    await this.page.evaluate((s) => {
      (globalThis as unknown as { watchedSecret?: string }).watchedSecret = s;
    }, secret);
  }

  /** Where the watched secret was seen so far, and whether the page shows it (anywhere in its HTML) now. */
  async secretSightings(): Promise<{ sightings: string[]; nowInHtml: boolean }> {
    return this.page.evaluate(() => {
      const g = globalThis as unknown as {
        secretSightings?: string[];
        watchedSecret?: string;
        document: { documentElement: { outerHTML: string } };
      };
      return { sightings: g.secretSightings ?? [], nowInHtml: !!g.watchedSecret && g.document.documentElement.outerHTML.includes(g.watchedSecret) };
    });
  }

  async policyViolations(): Promise<string[]> {
    return this.page.evaluate(() => (globalThis as unknown as { cspViolations?: string[] }).cspViolations ?? []);
  }

  title(): Promise<string> {
    return this.page.locator('.rd-header__title').innerText();
  }

  private bubbles(text: string) {
    return this.page.locator('.webchat__bubble__content').filter({ hasText: shown(text), visible: true });
  }

  async waitForMessage(text: string): Promise<void> {
    await this.bubbles(text).last().waitFor({ state: 'visible', timeout: WAIT_MS });
  }

  count(text: string): Promise<number> {
    return this.bubbles(text).count();
  }

  /** Texts of the buttons in the suggested-actions toolbar. */
  async buttons(): Promise<string[]> {
    const toolbar = this.page.locator('.webchat__suggested-actions[role="toolbar"]').filter({ visible: true });
    await toolbar.locator('button').first().waitFor({ state: 'visible', timeout: WAIT_MS });
    return (await toolbar.locator('button').allInnerTexts()).map((s) => s.trim());
  }

  async click(button: string): Promise<void> {
    const toolbar = this.page.locator('.webchat__suggested-actions[role="toolbar"]').filter({ visible: true });
    await toolbar.getByRole('button', { name: button, exact: true }).click({ timeout: WAIT_MS });
  }

  /** Waits until Web Chat shows no connection notice and has scrolled to the latest message. */
  async settle(): Promise<void> {
    // A function, not a string: the page's policy forbids eval, which a string would need.
    await this.page.waitForFunction(
      () => {
        const { document } = globalThis as unknown as BrowserGlobals;
        const notice = document.querySelector('[class*="connectivityStatus"]');
        const scroller = document.querySelector('.webchat__basic-transcript__scrollable');
        const atBottom = !scroller || scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 2;
        return (!notice || notice.textContent?.trim() === '') && atBottom;
      },
      undefined,
      { timeout: WAIT_MS },
    );
  }

  /** The send box's text field. */
  sendBox() {
    return this.page.locator('input[data-id="webchat-sendbox-input"]').filter({ visible: true });
  }

  async type(text: string): Promise<void> {
    const input = this.sendBox();
    await input.fill(text);
    await input.press('Enter');
  }

  /** Types key by key, as a shopper does (Web Chat's input handlers see every keystroke), without sending. */
  async typeKeys(text: string): Promise<void> {
    await this.sendBox().pressSequentially(text, { timeout: WAIT_MS });
  }

  async pressEnter(): Promise<void> {
    await this.sendBox().press('Enter');
  }
}
