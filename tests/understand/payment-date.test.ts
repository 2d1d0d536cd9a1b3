import { describe, expect, it } from 'vitest';
import { parsePaymentDate } from '../../bot/understand/payment-date.js';
import type { DateLocale } from '../../bot/understand/payment-date.js';

const TODAY = new Date('2026-10-20T12:00:00Z');
const LOCALES: DateLocale[] = ['ru', 'uk', 'pl', 'en'];
const on = (text: string, locale: DateLocale = 'ru', today = TODAY) => parsePaymentDate(text, locale, today);

describe('parsePaymentDate — numeric', () => {
  it.each([
    ['01.10.2026', '2026-10-01'],
    ['1.10.2026', '2026-10-01'],
    ['1.10.26', '2026-10-01'],
    ['01.10.26', '2026-10-01'],
    ['01/10/2026', '2026-10-01'],
    ['1/10/26', '2026-10-01'],
    ['01-10-2026', '2026-10-01'],
    ['2026-10-01', '2026-10-01'],
    ['2026.10.01', '2026-10-01'],
    ['2026/10/1', '2026-10-01'],
    ['29.02.2024', '2024-02-29'],
    ['31.12.2000', '2000-12-31'],
    ['01.01.2000', '2000-01-01'],
    ['оплатил 01.10.2026 в 14:30', '2026-10-01'],
    ['01.10.2026.', '2026-10-01'],
    ['01.10.2026 г.', '2026-10-01'],
    ['01.10.2026 р.', '2026-10-01'],
    ['01.10', '2026-10-01'],
    ['1/10', '2026-10-01'],
    ['25.12', '2025-12-25'],
  ])('ru/uk/pl read %j day first as %s', (text, iso) => {
    for (const locale of ['ru', 'uk', 'pl'] as const) expect(on(text, locale)).toEqual([iso]);
  });

  it('takes the only valid reading when the day-first one is impossible', () => {
    expect(on('10/25/2025', 'ru')).toEqual(['2025-10-25']);
    expect(on('10/25/2025', 'en')).toEqual(['2025-10-25']);
    expect(on('25/10/2025', 'en')).toEqual(['2025-10-25']);
  });

  it('gives both readings for an ambiguous English date, month first first', () => {
    expect(on('10/01/2026', 'en')).toEqual(['2026-10-01', '2026-01-10']);
    expect(on('1/2/2026', 'en')).toEqual(['2026-01-02', '2026-02-01']);
    expect(on('10-01-2026', 'en')).toEqual(['2026-10-01', '2026-01-10']);
  });

  it('gives one reading when both orders name the same day', () => {
    expect(on('05/05/2026', 'en')).toEqual(['2026-05-05']);
  });

  it('drops the reading that lies in the future', () => {
    // 12 Oct 2026 is past, 10 Dec 2026 is ahead of 20 Oct 2026.
    expect(on('12/10/2026', 'en')).toEqual(['2026-10-12']);
  });

  it('reads dotted dates day first even in English', () => {
    expect(on('10.01.2026', 'en')).toEqual(['2026-01-10']);
  });

  it('does not read 1-10 without a year as a date', () => {
    expect(on('1-10', 'ru')).toBeNull();
  });
});

describe('parsePaymentDate — month names from ICU, all languages', () => {
  const genitive: Record<DateLocale, string[]> = {
    ru: ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'],
    uk: ['січня', 'лютого', 'березня', 'квітня', 'травня', 'червня', 'липня', 'серпня', 'вересня', 'жовтня', 'листопада', 'грудня'],
    pl: ['stycznia', 'lutego', 'marca', 'kwietnia', 'maja', 'czerwca', 'lipca', 'sierpnia', 'września', 'października', 'listopada', 'grudnia'],
    en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  };
  const nominative: Record<DateLocale, string[]> = {
    ru: ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'],
    uk: ['січень', 'лютий', 'березень', 'квітень', 'травень', 'червень', 'липень', 'серпень', 'вересень', 'жовтень', 'листопад', 'грудень'],
    pl: ['styczeń', 'luty', 'marzec', 'kwiecień', 'maj', 'czerwiec', 'lipiec', 'sierpień', 'wrzesień', 'październik', 'listopad', 'grudzień'],
    en: genitive.en,
  };
  const short: Record<DateLocale, string[]> = {
    ru: ['янв', 'февр', 'мар', 'апр', 'май', 'июн', 'июл', 'авг', 'сент', 'окт', 'нояб', 'дек'],
    uk: ['січ', 'лют', 'бер', 'квіт', 'трав', 'черв', 'лип', 'серп', 'вер', 'жовт', 'лист', 'груд'],
    pl: ['sty', 'lut', 'mar', 'kwi', 'maj', 'cze', 'lip', 'sie', 'wrz', 'paź', 'lis', 'gru'],
    en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
  };
  const iso = (month: number) => `2025-${String(month).padStart(2, '0')}-15`;

  for (const lang of LOCALES) {
    it(`${lang}: "15 <genitive> 2025" for every month, read in every locale`, () => {
      genitive[lang].forEach((name, i) => {
        for (const locale of LOCALES) expect(on(`15 ${name} 2025`, locale)).toEqual([iso(i + 1)]);
      });
    });

    it(`${lang}: "<nominative> 15, 2025" and "15 <short>. 2025" for every month`, () => {
      nominative[lang].forEach((name, i) => expect(on(`${name} 15, 2025`, 'en')).toEqual([iso(i + 1)]));
      short[lang].forEach((name, i) => {
        expect(on(`15 ${name} 2025`, 'ru')).toEqual([iso(i + 1)]);
        expect(on(`15 ${name}. 2025`, 'pl')).toEqual([iso(i + 1)]);
      });
    });

    it(`${lang}: upper case and lower case alike`, () => {
      genitive[lang].forEach((name, i) => {
        expect(on(`15 ${name.toUpperCase()} 2025`, lang)).toEqual([iso(i + 1)]);
        expect(on(`15 ${name.toLowerCase()} 2025`, lang)).toEqual([iso(i + 1)]);
      });
    });
  }

  it.each([
    ['1 октября 2026', 'ru'],
    ['1 окт 2026', 'ru'],
    ['1 окт. 2026', 'ru'],
    ['1-го октября 2026 года', 'ru'],
    ['октябрь 1', 'ru'],
    ['1 октября', 'ru'],
    ['1 жовтня 2026', 'uk'],
    ['1 жовтня 2026 р.', 'uk'],
    ['1 жовт 2026', 'uk'],
    ['жовтень 1', 'uk'],
    ['1 października 2026', 'pl'],
    ['1 pazdziernika 2026', 'pl'],
    ['1 paź 2026', 'pl'],
    ['1 paz', 'pl'],
    ['1 października 2026 r.', 'pl'],
    ['October 1, 2026', 'en'],
    ['October 1st, 2026', 'en'],
    ['1st of October 2026', 'en'],
    ['1 Oct 2026', 'en'],
    ['Oct 1', 'en'],
    ['oct 1', 'en'],
    ['OCT 1 2026', 'en'],
    ['1 October', 'ru'],
    ['1 октября', 'en'],
    ['paid on October 1, 2026 at 10:45', 'en'],
  ])('%j (%s) → 2026-10-01', (text, locale) => {
    expect(on(text, locale as DateLocale)).toEqual(['2026-10-01']);
  });

  it('accepts inflected forms that start with a known name', () => {
    expect(on('1 октябре', 'ru')).toEqual(['2026-10-01']);
    expect(on('1 listopadzie 2025', 'pl')).toEqual(['2025-11-01']);
  });
});

describe('parsePaymentDate — no year: the most recent such date', () => {
  it('picks this year when the date has passed', () => {
    expect(on('1 октября')).toEqual(['2026-10-01']);
    expect(on('20 октября')).toEqual(['2026-10-20']);
  });

  it('accepts tomorrow (time zones) but otherwise falls back to last year', () => {
    expect(on('21 октября')).toEqual(['2026-10-21']);
    expect(on('22 октября')).toEqual(['2025-10-22']);
    expect(on('25 December', 'en')).toEqual(['2025-12-25']);
  });

  it('finds the last 29 February', () => {
    expect(on('29 февраля')).toEqual(['2024-02-29']);
    expect(on('29.02')).toEqual(['2024-02-29']);
  });

  it('crosses the new year', () => {
    const newYear = new Date('2027-01-02T08:00:00Z');
    expect(on('31 декабря', 'ru', newYear)).toEqual(['2026-12-31']);
    expect(on('2 января', 'ru', newYear)).toEqual(['2027-01-02']);
    expect(on('3 января', 'ru', newYear)).toEqual(['2027-01-03']);
    expect(on('4 января', 'ru', newYear)).toEqual(['2026-01-04']);
  });
});

describe('parsePaymentDate — today and yesterday', () => {
  it.each([
    ['сегодня', '2026-10-20'],
    ['Сегодня!', '2026-10-20'],
    ['вчера', '2026-10-19'],
    ['вчера вечером', '2026-10-19'],
    ['вчера в 23:15', '2026-10-19'],
    ['позавчера', '2026-10-18'],
    ['сьогодні', '2026-10-20'],
    ['вчора', '2026-10-19'],
    ['учора', '2026-10-19'],
    ['позавчора', '2026-10-18'],
    ['dzisiaj', '2026-10-20'],
    ['dziś', '2026-10-20'],
    ['dzis', '2026-10-20'],
    ['wczoraj', '2026-10-19'],
    ['przedwczoraj', '2026-10-18'],
    ['today', '2026-10-20'],
    ['Yesterday.', '2026-10-19'],
    ['the day before yesterday', '2026-10-18'],
  ])('%j → %s in every locale', (text, iso) => {
    for (const locale of LOCALES) expect(on(text, locale)).toEqual([iso]);
  });

  it('uses the UTC calendar day of `today`', () => {
    expect(on('сегодня', 'ru', new Date('2026-10-20T23:59:59Z'))).toEqual(['2026-10-20']);
    expect(on('вчера', 'ru', new Date('2026-03-01T00:00:00Z'))).toEqual(['2026-02-28']);
  });

  it('refuses two different relative days', () => {
    expect(on('вчера или сегодня')).toBeNull();
  });
});

describe('parsePaymentDate — refused', () => {
  it.each([
    ['31.02.2026', 'no 31 February'],
    ['29.02.2025', 'not a leap year'],
    ['13/13/2026', 'no month 13'],
    ['00.10.2026', 'day 0'],
    ['32 октября 2026', 'day 32'],
    ['22.10.2026', 'two days ahead'],
    ['2027-01-01', 'next year'],
    ['31.12.1999', 'before 2000'],
    ['1 января 1999', 'before 2000'],
    ['1.10.99', '2099 is in the future'],
    ['01.10.2026 и 02.10.2026', 'two dates'],
    ['1 октября или 2 октября', 'two days'],
    ['1 октября 2 ноября', 'two months'],
    ['октябрь', 'no day'],
    ['в октябре', 'no day'],
    ['1 октября 2025 2026', 'two years'],
    ['1 октября 123', 'a stray number'],
    ['3 дня назад', 'unsupported phrase'],
    ['не помню', 'no date'],
    ['', 'empty'],
    ['1520,50', 'an amount'],
    ['2026-13-01', 'no month 13'],
  ])('%j (%s)', (text) => {
    for (const locale of LOCALES) expect(on(text, locale)).toBeNull();
  });
});
