import { readFileSync } from 'node:fs';
import { LOCALES, type Locale } from '../../core/domain.js';
import { projectPath } from '../../core/project-root.js';

/** The project's locales/ folder, in both the sources and dist/. */
export function localesDir(): string {
  return projectPath('locales');
}

export type LocaleFile = 'bot' | 'intents';

export function readLocaleFile(locale: Locale, file: LocaleFile): Record<string, unknown> {
  const text = readFileSync(`${localesDir()}/${locale}/${file}.json`, 'utf8');
  return JSON.parse(text) as Record<string, unknown>;
}

export function readAllLocales(file: LocaleFile): Record<Locale, Record<string, unknown>> {
  return Object.fromEntries(LOCALES.map((l) => [l, readLocaleFile(l, file)])) as Record<Locale, Record<string, unknown>>;
}
