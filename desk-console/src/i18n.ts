import i18next, { type TFunction } from 'i18next';
import { useCallback } from 'react';
import { initReactI18next, useTranslation } from 'react-i18next';
import en from '../../locales/en/desk.json';
import enAdmin from '../../locales/en/desk-admin.json';
import pl from '../../locales/pl/desk.json';
import plAdmin from '../../locales/pl/desk-admin.json';
import ru from '../../locales/ru/desk.json';
import ruAdmin from '../../locales/ru/desk-admin.json';
import uk from '../../locales/uk/desk.json';
import ukAdmin from '../../locales/uk/desk-admin.json';
import { isLanguage, LANGUAGES, type Language } from './types.js';

const STORAGE_KEY = 'rd-desk-language';

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  // desk-admin.json holds the supervisors' pages (approvals, audit, operators): same namespace.
  resources: {
    en: { desk: { ...en, ...enAdmin } },
    ru: { desk: { ...ru, ...ruAdmin } },
    uk: { desk: { ...uk, ...ukAdmin } },
    pl: { desk: { ...pl, ...plAdmin } },
  },
  ns: ['desk'],
  defaultNS: 'desk',
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  lng: initialLanguage(),
  // React escapes what it renders; i18next must not escape a second time.
  interpolation: { escapeValue: false },
  initAsync: false,
  // Every string is bundled, so nothing suspends while it loads.
  react: { useSuspense: false },
});

/** The operator's last choice, else the browser's first language we have, else English. */
function initialLanguage(): Language {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(saved)) return saved;
  } catch {
    // Storage can be disabled; the browser's language still works.
  }
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

function saveLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not kept across visits; nothing else depends on it.
  }
}

export type Texts = {
  language: Language;
  setLanguage(language: Language): void;
  t: TFunction<'desk'>;
};

/** The console's language, the way to change it (kept for the next visit) and its `t`. */
export function useTexts(): Texts {
  const { t, i18n: instance } = useTranslation('desk');
  const current = instance.resolvedLanguage;
  const setLanguage = useCallback(
    (language: Language) => {
      saveLanguage(language);
      void instance.changeLanguage(language);
    },
    [instance],
  );
  return { language: isLanguage(current) ? current : 'en', setLanguage, t };
}

/** "5 min", "2 h 10 min", "3 d": how long a case has waited, in the operator's language. */
export function formatWaiting(t: TFunction<'desk'>, seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  if (minutes < 1) return t('time.justNow');
  if (minutes < 60) return t('time.minutes', { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t('time.hours', { count: hours });
  return t('time.days', { count: Math.floor(hours / 24) });
}

export function formatDateTime(language: Language, iso: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
}
