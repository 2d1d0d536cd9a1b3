import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LOCALES, type Locale } from '../../core/domain.js';

/** The project's locales/ folder, found from this file in both the sources and dist/. */
export function localesDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const root = here.includes('/dist/') ? here.slice(0, here.lastIndexOf('/dist/')) : fileURLToPath(new URL('../..', import.meta.url));
  return `${root.replace(/\/$/, '')}/locales`;
}

export type LocaleFile = 'bot' | 'intents';

export function readLocaleFile(locale: Locale, file: LocaleFile): Record<string, unknown> {
  const text = readFileSync(`${localesDir()}/${locale}/${file}.json`, 'utf8');
  return JSON.parse(text) as Record<string, unknown>;
}

export function readAllLocales(file: LocaleFile): Record<Locale, Record<string, unknown>> {
  return Object.fromEntries(LOCALES.map((l) => [l, readLocaleFile(l, file)])) as Record<Locale, Record<string, unknown>>;
}
