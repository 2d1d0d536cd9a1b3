import { readFileSync } from 'node:fs';
import i18next, { type i18n } from 'i18next';
import { LOCALES, type Locale } from '../domain.js';
import { projectPath } from '../project-root.js';

export type MailTranslate = (locale: Locale, key: string, params?: Record<string, string | number>) => string;

function readMailBundle(locale: Locale): Record<string, unknown> {
  return JSON.parse(readFileSync(projectPath('locales', locale, 'mail.json'), 'utf8')) as Record<string, unknown>;
}

let cached: MailTranslate | undefined;

/**
 * The translator over locales/<lng>/mail.json, built once. A separate i18next instance from the
 * bot's, so letters can be rendered by the desk or a script without loading the bot.
 * Values are not escaped here: the HTML layout escapes every finished paragraph itself.
 */
export function mailTranslator(): MailTranslate {
  if (cached) return cached;
  const instance: i18n = i18next.createInstance();
  void instance.init({
    initAsync: false,
    resources: Object.fromEntries(LOCALES.map((lng) => [lng, { mail: readMailBundle(lng) }])),
    ns: ['mail'],
    defaultNS: 'mail',
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  const translate: MailTranslate = (locale, key, params) => {
    // A missing key would otherwise go out as the key itself, in a letter nobody proofreads.
    if (!instance.exists(key, { lng: locale, ...params })) throw new Error(`mail text ${locale}:${key} is missing`);
    return instance.t(key, { lng: locale, ...params });
  };
  cached = translate;
  return translate;
}
