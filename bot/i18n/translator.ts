import i18next, { type i18n } from 'i18next';
import type { Locale } from '../../core/domain.js';
import { readAllLocales } from './locale-files.js';

export type Translate = (locale: Locale, key: string, params?: Record<string, string | number>) => string;

/** Builds the translator over locales/<lng>/bot.json; missing keys fail loudly in tests. */
export function createTranslator(): Translate {
  const bundles = readAllLocales('bot');
  const instance: i18n = i18next.createInstance();
  void instance.init({
    initAsync: false,
    resources: Object.fromEntries(Object.entries(bundles).map(([lng, bot]) => [lng, { bot }])),
    ns: ['bot'],
    defaultNS: 'bot',
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return (locale, key, params) => instance.t(key, { lng: locale, ...params });
}
