import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

// CHROMIUM_PATH, when set, is the only candidate: a wrong path is reported, not silently replaced.
const CANDIDATES = process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** Debian's Chromium (never a downloaded browser), or null when this machine has none. */
export const CHROMIUM_PATH = CANDIDATES.find((path) => existsSync(path)) ?? null;

/** In CI a missing browser is a failure, not a reason to skip. */
export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

export const MISSING_CHROMIUM =
  'Chromium was not found (set CHROMIUM_PATH, or `apt-get install chromium` for /usr/bin/chromium); the browser tests need it';

export type Browser = { context: BrowserContext; close(): Promise<void> };

/** A fresh headless Chromium profile with the given browser language (and window size). */
export async function launch(locale: string, viewport = { width: 480, height: 760 }): Promise<Browser> {
  if (!CHROMIUM_PATH) throw new Error(MISSING_CHROMIUM);
  const profile = mkdtempSync(join(tmpdir(), 'rd-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    locale,
    viewport,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
