import { parseAmount } from './amount.js';
import { matchMonth } from './month-names.js';
import { parsePaymentDate, type DateLocale } from './payment-date.js';

/** What the shopper's answer to "how much did you pay?" holds. */
export type AmountAnswer =
  | { kind: 'amount'; minor: number; dates: string[] | null }
  | { kind: 'approximate' }
  | { kind: 'date' }
  | { kind: 'none' };

/*
 * Words that make an amount approximate, in the four languages (folded for comparison):
 * "около 1520", "где-то 1500", "близько", "około", "mniej więcej", "about", "~1520".
 */
const APPROXIMATE = new Set([
  'около', 'примерно', 'приблизительно', 'где-то', 'гдето', 'порядка', 'почти', 'вроде', 'наверное', 'кажется', 'около-того',
  'близько', 'приблизно', 'десь', 'майже', 'мабуть', 'здається',
  'około', 'okolo', 'jakieś', 'jakies', 'prawie', 'chyba', 'mniej', 'circa', 'ca',
  'about', 'around', 'approximately', 'approx', 'roughly', 'nearly', 'almost', 'maybe', 'probably', 'something',
]);
const APPROXIMATE_PHRASES = [/где[\s-]то/u, /mniej więcej/u, /mniej wiecej/u, /coś koło/u, /cos kolo/u, /more or less/u, /or so\b/u, /(?:^|\s)ok\.\s*\d/u];
/* "1500-1600", "от 1500 до 1600", "between 1500 and 1600": a range is not one amount. */
const RANGE = /\d\s*[-–—]\s*\d|(?:от|від|od|from|between)\s+\d[\d\s.,]*\s+(?:до|do|to|and)\s+\d/u;

/*
 * Minor units written as words after the major ones: "1520 руб 50 коп", "349 zł 99 gr",
 * "20 dollars and 5 cents". Rewritten as one decimal amount before parsing.
 */
const MINOR_IN_WORDS =
  /(\d[\d\s\u00A0]*?)\s*((?:руб\p{L}*|р\.?|грн\.?|грив\p{L}*|zł\p{L}*|zl\p{L}*|złot\p{L}*|zlot\p{L}*|dollars?|usd|\$|€|eur\p{L}*)?)\s*(?:и|і|й|та|i|and|,)?\s*(\d{1,2})\s*(?:коп\p{L}*|копій\p{L}*|gr\.?|grosz\p{L}*|cents?|ц\.)(?!\p{L})/iu;

function minorInWords(text: string): string {
  return text.replace(MINOR_IN_WORDS, (_whole, major: string, currency: string, minor: string) => {
    return `${major.trim()},${minor.padStart(2, '0')} ${currency ?? ''}`.trim();
  });
}

function isApproximate(text: string): boolean {
  const lower = text.toLowerCase();
  if (lower.includes('~') || lower.includes('≈') || RANGE.test(lower)) return true;
  if (APPROXIMATE_PHRASES.some((re) => re.test(lower))) return true;
  return (lower.match(/[\p{L}-]+/gu) ?? []).some((w) => APPROXIMATE.has(w));
}

/* Numeric dates and a day next to a month name: what has to go before the amount is read. */
const NUMERIC_DATE = /(?<![\d.,])\d{1,4}[./-]\d{1,2}(?:[./-]\d{2,4})?(?![\d,])(?!\.\d)|\d{1,2}[.\s/-]+[ivxIVX]{1,4}[.\s/-]+\d{2,4}/gu;

function withoutNamedMonth(text: string): string | null {
  const tokens = text.match(/\p{L}+|\d+|[^\p{L}\d]+/gu) ?? [];
  const monthAt = tokens.findIndex((t) => /\p{L}/u.test(t) && matchMonth(t) !== null);
  if (monthAt < 0) return null;
  // The day (and year) next to the month name belong to the date, not to the amount.
  const drop = new Set([monthAt]);
  for (const step of [-1, 1]) {
    let i = monthAt + step;
    while (tokens[i] !== undefined && /^[\s,.]+$/u.test(tokens[i] ?? '')) i += step;
    const token = tokens[i];
    if (token && /^\d{1,2}$/.test(token)) drop.add(i);
    if (step === 1 && token && /^\d{1,2}$/.test(token)) {
      let j = i + 1;
      while (tokens[j] !== undefined && /^[\s,.]+$/u.test(tokens[j] ?? '')) j += 1;
      if (/^\d{4}$/.test(tokens[j] ?? '')) drop.add(j);
    }
    if (step === 1 && token && /^\d{4}$/.test(token)) drop.add(i);
  }
  return tokens.map((t, i) => (drop.has(i) ? ' ' : t)).join('');
}

/** The message split into the date it holds (if any) and the rest. */
function splitDate(text: string, locale: DateLocale, today: Date): { dates: string[] | null; rest: string } {
  const named = withoutNamedMonth(text);
  if (named !== null) return { dates: parseDateOnly(text, named, locale, today), rest: named };
  const numeric = [...text.matchAll(NUMERIC_DATE)].filter((m) => /[./-]/.test(m[0]) && !/^\d+[.,]\d{1,2}$/.test(m[0]));
  const [only] = numeric;
  if (numeric.length !== 1 || !only) return { dates: null, rest: text };
  const dates = parsePaymentDate(only[0], locale, today);
  return dates ? { dates, rest: text.replace(only[0], ' ') } : { dates: null, rest: text };
}

/* The date part of a message with a month name: what the amount reading did not keep. */
function parseDateOnly(text: string, rest: string, locale: DateLocale, today: Date): string[] | null {
  const restTokens = new Set(rest.match(/\d+(?:[.,]\d+)?/g) ?? []);
  const kept = (text.match(/\p{L}+|\d+(?:[.,]\d+)?|[^\p{L}\d]+/gu) ?? []).filter((t) => !restTokens.has(t)).join('');
  return parsePaymentDate(kept, locale, today);
}

/**
 * Reads the answer to the amount question. A date is never read as an amount ("14 сентября"
 * is a date); an amount typed with its date ("1520,50 руб 1 октября") gives both; kopecks,
 * grosze and cents in words are understood; an approximate amount ("около 1520") is not
 * taken as exact.
 */
export function readAmountAnswer(text: string, locale: DateLocale, today: Date): AmountAnswer {
  const { dates, rest } = splitDate(text, locale, today);
  const amount = parseAmount(minorInWords(rest));
  if (isApproximate(rest) && (amount !== null || /\d/.test(rest))) return { kind: 'approximate' };
  if (amount) return { kind: 'amount', minor: amount.minor, dates };
  return dates ? { kind: 'date' } : { kind: 'none' };
}
