import { describe, expect, it } from 'vitest';
import { parseAmount } from '../../bot/understand/amount.js';

describe('parseAmount — notations', () => {
  it.each([
    ['1520,50', 152050],
    ['1520.50', 152050],
    ['1 520.50', 152050],
    ['1 520,50', 152050],
    ['1\u00A0520,50', 152050],
    ['1\u202F520,50', 152050],
    ['1,520.50', 152050],
    ['1.520,50', 152050],
    ['1520', 152000],
    ['1520.5', 152050],
    ['1520,5', 152050],
    ['1520,05', 152005],
    ['0,50', 50],
    ['0.01', 1],
    ['1,520', 152000],
    ['1.520', 152000],
    ['1,52', 152],
    ['1.5', 150],
    ['1 520', 152000],
    ['1 520 000', 152000000],
    ['1.520.000', 152000000],
    ['1,520,000.99', 152000099],
    ['1.520.000,99', 152000099],
    ['1 520 000,99', 152000099],
    ['999999999,99', 99999999999],
    ['  1520  ', 152000],
  ])('%j → %i minor units', (text, minor) => {
    expect(parseAmount(text)).toEqual({ minor });
  });

  it('is exact where binary floating point is not (0.29, 1.13, 4.35…)', () => {
    expect(parseAmount('0,29')?.minor).toBe(29);
    expect(parseAmount('1.13')?.minor).toBe(113);
    expect(parseAmount('4.35')?.minor).toBe(435);
    expect(parseAmount('1 005,35')?.minor).toBe(100535);
    expect(parseAmount('19,99')?.minor).toBe(1999);
    for (let cents = 1; cents < 10000; cents += 1) {
      const text = `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
      expect(parseAmount(text)?.minor).toBe(cents);
    }
  });
});

describe('parseAmount — currencies', () => {
  it.each([
    ['1520.5 ₽', 152050, 'RUB'],
    ['₽1520', 152000, 'RUB'],
    ['1520 руб', 152000, 'RUB'],
    ['1520 руб.', 152000, 'RUB'],
    ['1520руб.', 152000, 'RUB'],
    ['1520 рублей', 152000, 'RUB'],
    ['1520р', 152000, 'RUB'],
    ['1520 р.', 152000, 'RUB'],
    ['1520 RUB', 152000, 'RUB'],
    ['1520 rub', 152000, 'RUB'],
    ['1 520 грн', 152000, 'UAH'],
    ['1520,50 грн.', 152050, 'UAH'],
    ['1520 гривень', 152000, 'UAH'],
    ['₴1520', 152000, 'UAH'],
    ['1520 UAH', 152000, 'UAH'],
    ['349,99 zł', 34999, 'PLN'],
    ['349,99zł', 34999, 'PLN'],
    ['349,99 zl', 34999, 'PLN'],
    ['349.99 PLN', 34999, 'PLN'],
    ['349,99 złotych', 34999, 'PLN'],
    ['$25.40', 2540, 'USD'],
    ['$ 25.40', 2540, 'USD'],
    ['25.40 USD', 2540, 'USD'],
    ['25.40usd', 2540, 'USD'],
    ['25 долларов', 2500, 'USD'],
    ['€ 12,00', 1200, 'EUR'],
    ['12,00 €', 1200, 'EUR'],
    ['12 EUR', 1200, 'EUR'],
    ['12 евро', 1200, 'EUR'],
    ['12 євро', 1200, 'EUR'],
    ['10 000 ₸', 1000000, 'KZT'],
    ['10 000 тенге', 1000000, 'KZT'],
    ['10000 KZT', 1000000, 'KZT'],
    ['100 BYN', 10000, 'BYN'],
    ['100 byn', 10000, 'BYN'],
  ])('%j → %i %s', (text, minor, currency) => {
    expect(parseAmount(text)).toEqual({ minor, currency });
  });

  it('ignores other words around the amount', () => {
    expect(parseAmount('я заплатил 1520 руб.')).toEqual({ minor: 152000, currency: 'RUB' });
    expect(parseAmount('сума 349,99 грн')).toEqual({ minor: 34999, currency: 'UAH' });
    expect(parseAmount('zapłaciłem 349,99 zł')).toEqual({ minor: 34999, currency: 'PLN' });
    expect(parseAmount('I paid $25.40')).toEqual({ minor: 2540, currency: 'USD' });
    expect(parseAmount('сумма - 1520 руб')).toEqual({ minor: 152000, currency: 'RUB' });
  });
});

describe('parseAmount — refused', () => {
  it.each([
    ['', 'empty'],
    ['сто рублей', 'words only'],
    ['not sure', 'words only'],
    ['0', 'zero'],
    ['0,00', 'zero'],
    ['0 руб', 'zero'],
    ['-1520', 'negative'],
    ['−1520 ₽', 'negative (minus sign)'],
    ['- 1520', 'negative'],
    ['-$25.40', 'negative'],
    ['$-25.40', 'negative'],
    ['1520.505', 'three decimals'],
    ['1520,505', 'three decimals'],
    ['0.505', 'three decimals'],
    ['1,520.505', 'three decimals'],
    ['1.520,500', 'three decimals'],
    ['1520.5000', 'four decimals'],
    ['1520 и 300', 'two numbers'],
    ['1520 or 1530', 'two numbers'],
    ['1520 руб 50 коп', 'two numbers'],
    ['2 x 760', 'two numbers'],
    ['1520 1530', 'not a grouping'],
    ['1 52', 'not a grouping'],
    ['1.520.30', 'not a grouping'],
    ['1 520.300', 'mixed grouping'],
    ['1,5,5', 'not a grouping'],
    ['1..5', 'double separator'],
    ['1, 520', 'separator then space'],
    ['.50', 'no integer part'],
    [',5 zł', 'no integer part'],
    ['01.10.2026', 'a date'],
    ['14:30', 'a time'],
    ['x1520', 'letters glued'],
    ['1520abc', 'letters glued'],
    ['1520 $ €', 'two currencies'],
    ['1520 руб или грн', 'two currencies'],
    ['1,5 тыс', 'rounded figure'],
    ['2k', 'rounded figure'],
    ['15%', 'percentage'],
    ['8123456789012345', 'order number, not an amount'],
    ['4276 0112 3456 7890', 'card number, not an amount'],
    ['1234567890', 'ten integer digits'],
  ])('%j (%s)', (text) => {
    expect(parseAmount(text)).toBeNull();
  });
});
