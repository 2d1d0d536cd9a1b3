import { describe, expect, it } from 'vitest';
import { foldWord, matchMonth } from '../../bot/understand/month-names.js';

describe('foldWord', () => {
  it.each([
    ['Października', 'pazdziernika'],
    ['WRZEŚNIA', 'wrzesnia'],
    ['Łódź', 'lodz'],
    ['Ёлка', 'елка'],
    ['май', 'маи'],
    ['ЇЖАК', 'іжак'],
  ])('%s → %s', (word, folded) => {
    expect(foldWord(word)).toBe(foldWord(folded));
  });
});

describe('matchMonth', () => {
  it('maps every ICU month form of every language back to its month', () => {
    for (const locale of ['ru', 'uk', 'pl', 'en']) {
      for (let month = 1; month <= 12; month += 1) {
        const date = new Date(Date.UTC(2026, month - 1, 15));
        const fmt = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, { ...o, timeZone: 'UTC' }).format(date);
        const names = [fmt({ day: 'numeric', month: 'long' }).replace(/\d+/g, ''), fmt({ month: 'long' }), fmt({ month: 'short' })];
        for (const name of names) expect(matchMonth(name.replace(/[.,\s]/g, '')), `${locale} ${name}`).toBe(month);
      }
    }
  });

  it.each([
    ['окт', 10],
    ['ОКТЯБРЯ', 10],
    ['октябре', 10],
    ['мар', 3],
    ['июн', 6],
    ['июл', 7],
    ['сен', 9],
    ['сер', 8],
    ['лис', 11],
    ['лип', 7],
    ['жовтні', 10],
    ['paz', 10],
    ['pazdziernika', 10],
    ['wrzesnia', 9],
    ['sept', 9],
    ['Sept', 9],
    ['june', 6],
    ['listopadzie', 11],
  ])('%s → %i', (word, month) => {
    expect(matchMonth(word)).toBe(month);
  });

  it.each(['ок', 'ма', 'ию', 'ju', '', 'сегодня', 'вчера', 'today', 'wczoraj', 'года', 'roku', 'рік', 'order', 'заказ'])(
    '%j is no month',
    (word) => {
      expect(matchMonth(word)).toBeNull();
    },
  );
});
