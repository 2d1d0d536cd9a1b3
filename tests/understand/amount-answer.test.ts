import { describe, expect, it } from 'vitest';
import { readAmountAnswer } from '../../bot/understand/amount-answer.js';
import { parsePaymentDate } from '../../bot/understand/payment-date.js';

const TODAY = new Date('2026-11-20T12:00:00Z');

describe('readAmountAnswer', () => {
  it.each([
    ['1520,50', 'ru', 152050],
    ['2349 руб 90 коп', 'ru', 234990],
    ['1520 рублей 50 копеек', 'ru', 152050],
    ['1520 грн 50 коп', 'uk', 152050],
    ['349 zł 99 gr', 'pl', 34999],
    ['349 złotych 9 groszy', 'pl', 34909],
    ['20 dollars and 5 cents', 'en', 2005],
    ['$1,520.50', 'en', 152050],
  ] as const)('%j is the amount %i', (text, locale, minor) => {
    expect(readAmountAnswer(text, locale, TODAY)).toEqual({ kind: 'amount', minor, dates: null });
  });

  it.each([
    ['14 сентября', 'ru'],
    ['14 вересня', 'uk'],
    ['14 września', 'pl'],
    ['September 14', 'en'],
    ['01.10.2026', 'ru'],
    ['21.VIII.2026', 'pl'],
  ] as const)('%j is a date, never an amount', (text, locale) => {
    expect(readAmountAnswer(text, locale, TODAY)).toEqual({ kind: 'date' });
  });

  it.each([
    ['около 1520', 'ru'],
    ['примерно 1500 руб', 'ru'],
    ['где-то 1500', 'ru'],
    ['приблизно 1520', 'uk'],
    ['około 1520 zł', 'pl'],
    ['ok. 300 zł', 'pl'],
    ['mniej więcej 300', 'pl'],
    ['about $25', 'en'],
    ['~1520', 'en'],
    ['1500-1600', 'ru'],
    ['от 1500 до 1600', 'ru'],
  ] as const)('%j is approximate, not taken as exact', (text, locale) => {
    expect(readAmountAnswer(text, locale, TODAY)).toEqual({ kind: 'approximate' });
  });

  it.each([
    ['1520,50 руб 1 октября 2026', 'ru', ['2026-10-01']],
    ['1520,50 zł, 21.VIII.2026', 'pl', ['2026-08-21']],
    ['1520.50 on 01.10.2026', 'ru', ['2026-10-01']],
  ] as const)('%j holds the amount and the date', (text, locale, dates) => {
    expect(readAmountAnswer(text, locale, TODAY)).toEqual({ kind: 'amount', minor: 152050, dates });
  });

  it('gives nothing for words only', () => {
    expect(readAmountAnswer('не помню', 'ru', TODAY)).toEqual({ kind: 'none' });
  });
});

describe('Roman-numeral months', () => {
  it.each([
    ['21.VIII.2026', '2026-08-21'],
    ['1.X.2026', '2026-10-01'],
    ['3 xi 2026', '2026-11-03'],
    ['21/IV/26', '2026-04-21'],
  ])('%j is %s', (text, iso) => {
    expect(parsePaymentDate(text, 'pl', TODAY)).toEqual([iso]);
  });

  it('refuses a Roman numeral that is no month', () => {
    expect(parsePaymentDate('21.XIV.2026', 'pl', TODAY)).toBeNull();
  });
});
