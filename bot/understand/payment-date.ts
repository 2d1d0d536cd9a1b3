import relativeDays from './relative-days.json' with { type: 'json' };
import { foldWord, matchMonth } from './month-names.js';

export type DateLocale = 'ru' | 'uk' | 'pl' | 'en';

const DAY_MS = 86_400_000;
const MIN_YEAR = 2000;
/* A payment dated "tomorrow" by the server clock is today for a shopper further east. */
const FUTURE_TOLERANCE_DAYS = 1;
/* Looking back this many years finds the last 29 February even across 2100. */
const YEARLESS_LOOKBACK = 8;

type Interpretation = { day: number; month: number; year: number | null };

function utcDay(date: Date): number {
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
}

function isoOf(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** The UTC midnight of a real calendar date, or null (31.02, month 13…). */
function calendarDay(year: number, month: number, day: number): number | null {
  const time = Date.UTC(year, month - 1, day);
  const d = new Date(time);
  const real = d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
  return real ? time : null;
}

function resolve({ day, month, year }: Interpretation, today: number): string | null {
  const latest = today + FUTURE_TOLERANCE_DAYS * DAY_MS;
  const thisYear = new Date(today).getUTCFullYear();
  // Without a year the shopper means the most recent such date.
  const years = year !== null ? [year] : Array.from({ length: YEARLESS_LOOKBACK + 2 }, (_, i) => thisYear + 1 - i);
  for (const y of years) {
    if (y < MIN_YEAR) continue;
    const time = calendarDay(y, month, day);
    if (time !== null && time <= latest) return isoOf(time);
  }
  return null;
}

function fullYear(text: string | undefined): number | null {
  if (text === undefined) return null;
  return text.length === 2 ? 2000 + Number(text) : Number(text);
}

const YEAR_FIRST = /(?<![\d./-])(\d{4})([-./])(\d{1,2})\2(\d{1,2})(?![\d/-]|\.\d)/g;
const DAY_OR_MONTH_FIRST = /(?<![\d./-])(\d{1,2})([-./])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?![\d/-]|\.\d)/g;

/*
 * Numeric dates. Year first is ISO order. Otherwise ru/uk/pl write day first;
 * English with / or - may be either (US month first, UK day first), so both
 * readings are offered. When the day-first reading cannot be a date (second
 * number > 12) but the other can, the other is taken in every language: a
 * receipt in US format pasted into a Russian chat is still unambiguous.
 */
function numericDates(text: string, locale: DateLocale): Interpretation[] | null {
  const ymd = [...text.matchAll(YEAR_FIRST)];
  const dmy = [...text.matchAll(DAY_OR_MONTH_FIRST)];
  if (ymd.length + dmy.length !== 1) return ymd.length + dmy.length > 1 ? [] : null;
  const [iso] = ymd;
  if (iso) return [{ year: Number(iso[1]), month: Number(iso[3]), day: Number(iso[4]) }];
  const [, a = '', sep = '', b = '', y] = dmy[0] ?? [];
  // "1-10" without a year reads as a range, not a date.
  if (y === undefined && sep === '-') return [];
  const year = fullYear(y);
  const dayFirst = { day: Number(a), month: Number(b), year };
  const monthFirst = { day: Number(b), month: Number(a), year };
  if (locale === 'en' && sep !== '.') return [monthFirst, dayFirst];
  return dayFirst.month <= 12 ? [dayFirst] : [monthFirst];
}

/* "1 октября 2026", "October 1, 2026", "1 paź", "Oct 1": one month word, one day, maybe a year. */
function namedMonthDate(text: string): Interpretation[] | null {
  const tokens = text.match(/\p{L}+|\d+/gu) ?? [];
  const months = tokens.filter((t) => /\p{L}/u.test(t)).map(matchMonth).filter((m) => m !== null);
  const [month] = months;
  if (month === undefined) return null;
  const numbers = tokens.filter((t) => /^\d+$/.test(t));
  const days = numbers.filter((n) => n.length <= 2);
  const years = numbers.filter((n) => n.length === 4);
  const [day] = days;
  if (months.length !== 1 || days.length !== 1 || day === undefined || years.length > 1) return [];
  if (days.length + years.length !== numbers.length) return [];
  return [{ day: Number(day), month, year: fullYear(years[0]) }];
}

/* Longest phrases first, so "day before yesterday" is not read as "yesterday". */
const RELATIVE: ReadonlyArray<readonly [string, number]> = Object.values(
  relativeDays as Record<string, Record<string, number>>,
)
  .flatMap((words) => Object.entries(words))
  .map(([phrase, offset]) => [foldWord(phrase), offset] as const)
  .sort(([a], [b]) => b.length - a.length);

function relativeDate(text: string, today: number): string[] | null {
  if (/\d/.test(text)) return null;
  let rest = ` ${(text.match(/\p{L}+/gu) ?? []).map(foldWord).join(' ')} `;
  const offsets = new Set<number>();
  for (const [phrase, offset] of RELATIVE) {
    if (!rest.includes(` ${phrase} `)) continue;
    offsets.add(offset);
    rest = rest.replaceAll(` ${phrase} `, ' ');
  }
  const [offset] = offsets;
  return offsets.size === 1 && offset !== undefined ? [isoOf(today + offset * DAY_MS)] : null;
}

const ROMAN_MONTHS = ['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii', 'ix', 'x', 'xi', 'xii'];
/* "21.VIII.2026", "21 viii 2026": a Roman-numeral month between a day and a year, common in Polish. */
const ROMAN_DATE = /(?<![\p{L}\d])(\d{1,2})([.\s/-]+)([ivx]{1,4})\2(\d{2}|\d{4})(?![\p{L}\d])/gu;

function romanMonthsToNumbers(text: string): string {
  return text.replace(ROMAN_DATE, (whole, day: string, _sep: string, roman: string, year: string) => {
    const month = ROMAN_MONTHS.indexOf(roman) + 1;
    return month > 0 ? `${day}.${month}.${year}` : whole;
  });
}

/**
 * Reads the date of a payment from the shopper's answer and returns candidate
 * ISO dates (`YYYY-MM-DD`), usually one; two only for an ambiguous English
 * numeric date such as `10/01/2026`.
 *
 * Accepts numeric dates (`01.10.2026`, `1.10.26`, `01/10/2026`, `2026-10-01`),
 * dates with a month name in Russian, Ukrainian, Polish or English, whatever
 * `locale` is (`1 октября 2026`, `1 paź`, `October 1, 2026`, `Oct 1`), Roman-numeral
 * months (`21.VIII.2026`), and
 * today / yesterday / the day before in the four languages. A time of day is
 * ignored. "Today" is the UTC calendar date of `today`; a date without a year
 * is the most recent one not after tomorrow.
 *
 * Null for impossible dates, dates before 2000 or more than one day after
 * `today`, two dates in one answer, or no date at all.
 */
export function parsePaymentDate(text: string, locale: DateLocale, today: Date): string[] | null {
  const day = utcDay(today);
  const clean = romanMonthsToNumbers(text.normalize('NFC').toLowerCase()).replace(/\b\d{1,2}:\d{2}(?::\d{2})?\b/g, ' ');
  const readings = numericDates(clean, locale) ?? namedMonthDate(clean);
  if (readings === null) return relativeDate(clean, day);
  const dates = [...new Set(readings.map((r) => resolve(r, day)).filter((d) => d !== null))];
  return dates.length > 0 ? dates : null;
}
