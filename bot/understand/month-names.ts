/*
 * Month names are not typed in by hand: they come from the ICU data in Node
 * (Intl.DateTimeFormat), in all four chat languages, so spelling and
 * grammatical case follow CLDR. Built once at module load.
 */
const LOCALES = ['ru', 'uk', 'pl', 'en'] as const;
const MIN_PREFIX = 3;

/**
 * Folds a word for loose matching: lower case, diacritics dropped (ź→z, ł→l,
 * ё→е, й→и) so "pazdziernika" and "października" compare equal.
 */
export function foldWord(word: string): string {
  return word
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ł/g, 'l');
}

type MonthForm = { form: string; month: number };

function formsOf(locale: string, month: number): string[] {
  const date = new Date(Date.UTC(2026, month - 1, 15));
  const format = (options: Intl.DateTimeFormatOptions): string =>
    new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(date);
  return [
    // Genitive ("октября", "października"): the form used after a day number.
    format({ day: 'numeric', month: 'long' }).replace(/\d+/g, ''),
    // Nominative / standalone ("октябрь", "październik").
    format({ month: 'long' }),
    format({ month: 'short' }),
  ].map((name) => foldWord(name.replace(/[.,\s]/g, '')));
}

function buildForms(): MonthForm[] {
  const forms: MonthForm[] = [];
  for (const locale of LOCALES) {
    for (let month = 1; month <= 12; month += 1) {
      for (const form of new Set(formsOf(locale, month))) forms.push({ form, month });
    }
  }
  return forms;
}

const MONTH_FORMS: readonly MonthForm[] = buildForms();

/**
 * The month (1–12) a word names, in any of the four languages, whatever the
 * shopper's language: the word is a prefix of a known form ("окт", "paź",
 * "sept"), or a form of at least 3 letters starts the word ("октябре",
 * "listopadzie"). Words shorter than 3 letters, or matching two months, give
 * null.
 */
export function matchMonth(word: string): number | null {
  const folded = foldWord(word);
  if (folded.length < MIN_PREFIX) return null;
  const months = new Set<number>();
  for (const { form, month } of MONTH_FORMS) {
    const matches = form.startsWith(folded) || (form.length >= MIN_PREFIX && folded.startsWith(form));
    if (matches) months.add(month);
  }
  const [only] = months;
  return months.size === 1 && only !== undefined ? only : null;
}
