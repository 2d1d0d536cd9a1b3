import { describe, expect, it } from 'vitest';
import { classifyOrderInput, findOrderNumberInText } from '../../bot/understand/order-number.js';

const ORDER16 = '8123456789012345';

describe('classifyOrderInput — order numbers', () => {
  it.each([
    ['8123456789012345', ORDER16],
    ['8123 4567 8901 2345', ORDER16],
    ['8123-4567-8901-2345', ORDER16],
    ['8123 - 4567 - 8901 - 2345', ORDER16],
    ['#8123456789012345', ORDER16],
    ['# 8123456789012345', ORDER16],
    ['№8123456789012345', ORDER16],
    ['№ 8123 4567 8901 2345', ORDER16],
    ['  8123456789012345.  ', ORDER16],
    ['«8123456789012345»', ORDER16],
    ['8123\u00A04567\u00A08901\u00A02345', ORDER16],
    ['заказ 8123456789012345', ORDER16],
    ['Заказ № 8123 4567 8901 2345', ORDER16],
    ['номер заказа: 8123456789012345', ORDER16],
    ['заказ:8123456789012345', ORDER16],
    ['nr:#8123456789012345', ORDER16],
    ['замовлення №8123456789012345', ORDER16],
    ['zamówienie nr 8123-4567-8901-2345', ORDER16],
    ['order #8123456789012345', ORDER16],
    ['Order no. 8123456789012345, thanks', ORDER16],
    ['812345678901234', '812345678901234'],
    ['8123456789012345678', '8123456789012345678'],
    ['3012345678901234', '3012345678901234'],
  ])('%j is order %s', (text, digits) => {
    expect(classifyOrderInput(text)).toEqual({ kind: 'order', digits });
  });

  it('keeps Luhn-invalid card-prefixed numbers as orders (only Luhn-valid ones are card-like)', () => {
    expect(classifyOrderInput('4276011234567890')).toEqual({ kind: 'order', digits: '4276011234567890' });
  });

  it('keeps Luhn-valid numbers without a card prefix as orders', () => {
    for (const digits of ['81234567890123454', '5600123456789018', '2205123456789014', '2220123456789015', '2721123456789019', '353011133330001']) {
      expect(classifyOrderInput(digits)).toEqual({ kind: 'order', digits });
    }
  });
});

describe('classifyOrderInput — tracking numbers', () => {
  it.each([
    ['RB123456789CN', 'RB123456789CN'],
    ['UA123456789CN', 'UA123456789CN'],
    ['LY123456789CN', 'LY123456789CN'],
    ['LZ123456789CN', 'LZ123456789CN'],
    ['rb123456789cn', 'RB123456789CN'],
    ['RB 123 456 789 CN', 'RB123456789CN'],
    ['RB-123-456-789-CN', 'RB123456789CN'],
    ['LP00123456789012', 'LP00123456789012'],
    ['lp 0012 3456 7890 12', 'LP00123456789012'],
    ['YT2412345678901234', 'YT2412345678901234'],
    ['CN123456789012345', 'CN123456789012345'],
    ['CNRU12345678901', 'CNRU12345678901'],
    ['0B0480381140003007', '0B0480381140003007'],
    ['трек RB123456789CN', 'RB123456789CN'],
    ['трек-номер: UA123456789CN', 'UA123456789CN'],
    ['numer przesyłki LP00123456789012', 'LP00123456789012'],
    ['tracking YT2412345678901234', 'YT2412345678901234'],
  ])('%j is tracking %s', (text, value) => {
    expect(classifyOrderInput(text)).toEqual({ kind: 'tracking', value });
  });

  it.each(['LP0012345678901', 'LP001234567890123', 'YT241234567890123', 'RB12345678CN', 'R123456789CN', 'RB123456789C'])(
    'wrong-length lookalike %j is not a tracking number',
    (text) => {
      expect(classifyOrderInput(text).kind).not.toBe('tracking');
    },
  );
});

describe('classifyOrderInput — card-like numbers', () => {
  it.each([
    ['4111111111111111', '411111', '1111'],
    ['4111 1111 1111 1111', '411111', '1111'],
    ['4111-1111-1111-1111', '411111', '1111'],
    ['4222222222222', '422222', '2222'],
    ['4276011234567890128', '427601', '0128'],
    ['5105105105105100', '510510', '5100'],
    ['5454545454545454', '545454', '5454'],
    ['5300123456789011', '530012', '9011'],
    ['2200000000000004', '220000', '0004'],
    ['2204123456789015', '220412', '9015'],
    ['2221000000000009', '222100', '0009'],
    ['2720123456789010', '272012', '9010'],
    ['6011000000000004', '601100', '0004'],
    ['622123456789012348', '622123', '2348'],
    ['моя карта 4111 1111 1111 1111', '411111', '1111'],
  ])('%j is card-like', (text, bin, last4) => {
    expect(classifyOrderInput(text)).toEqual({ kind: 'cardLike', bin, last4 });
  });

  it.each(['378282246310005', '341234567890127', '3782 8224 6310 005'])(
    '%j: 15 Luhn-valid digits starting 34/37 may be an order number, so it is taken as one',
    (text) => {
      expect(classifyOrderInput(text)).toEqual({ kind: 'order', digits: text.replace(/\D/g, '') });
      expect(findOrderNumberInText(`заказ ${text}`)).toBe(text.replace(/\D/g, ''));
    },
  );

  it('never carries the middle digits of a card', () => {
    const result = classifyOrderInput('4111 1111 1111 1111');
    expect(JSON.stringify(result)).not.toContain('11111111');
  });

  it('treats 34/37 as card-like only with 15 digits', () => {
    expect(classifyOrderInput('37123456789012')).toEqual({ kind: 'wrongLength', length: 14 });
  });
});

describe('classifyOrderInput — wrong length and none', () => {
  it.each([
    ['12345', 5],
    ['1', 1],
    ['81234567890123', 14],
    ['8123 4567 8901 23', 14],
    ['81234567890123456789', 20],
    ['89991234567', 11],
    ['заказ 123456', 6],
    ['заказ:123456', 6],
  ])('%j has the wrong length', (text, length) => {
    expect(classifyOrderInput(text)).toEqual({ kind: 'wrongLength', length });
  });

  it.each([
    '',
    '   ',
    'не помню',
    'nie pamiętam',
    "не пам'ятаю",
    'I do not know',
    '8123abc4567',
    'abc123',
    '8123456789012345 и 8123456789012346',
    '8123 4567 или 8901 2345',
    '01.10.2026',
    '1520,50',
    '+79991234567',
    'RB123456789CN 8123456789012345',
    'RB123456789CN UA123456789CN',
  ])('%j is none', (text) => {
    expect(classifyOrderInput(text)).toEqual({ kind: 'none' });
  });
});

describe('findOrderNumberInText', () => {
  it.each([
    ['мой заказ 8123 4567 8901 2345 пришёл', ORDER16],
    ['мій замовлення 8123-4567-8901-2345 не прийшло', ORDER16],
    ['zamówienie 8123456789012345 nie dotarło', ORDER16],
    ['order #8123456789012345', ORDER16],
    ['order №8123456789012345, please check', ORDER16],
    ['(8123456789012345)', ORDER16],
    ['8123456789012345', ORDER16],
    ['заказ 8123456789012345 2 шт.', ORDER16],
    ['first 12, then 8123456789012345', ORDER16],
    ['заказ 812345678901234', '812345678901234'],
    ['заказ 8123456789012345678', '8123456789012345678'],
  ])('finds the order in %j', (text, digits) => {
    expect(findOrderNumberInText(text)).toBe(digits);
  });

  it('returns the first order number when there are two', () => {
    expect(findOrderNumberInText('8123456789012345 и 8123456789012346')).toBe(ORDER16);
  });

  it('skips a card-like run and keeps looking', () => {
    expect(findOrderNumberInText('карта 4111 1111 1111 1111, заказ 8123456789012345')).toBe(ORDER16);
  });

  it.each([
    'у меня нет номера заказа',
    'трек LP00123456789012',
    'RB123456789CN',
    'YT2412345678901234',
    'ABC8123456789012345',
    '8123456789012345XYZ',
    'моя карта 4111 1111 1111 1111',
    'код 123456',
    'заказ 81234567890123',
    'заказ 81234567890123456789',
    'сумма 1520,50, дата 01.10.2026',
    'телефон +7 999 123 45 67 89 01 23',
    '1520.8123456789012345',
    '',
  ])('finds nothing in %j', (text) => {
    expect(findOrderNumberInText(text)).toBeNull();
  });

  it('classifies 10,000-character noise in one pass', () => {
    expect(classifyOrderInput('a' + ','.repeat(10000) + 'a')).toEqual({ kind: 'none' });
    expect(classifyOrderInput('"'.repeat(5000) + '8123456789012345' + '.'.repeat(5000))).toEqual({ kind: 'order', digits: ORDER16 });
    expect(classifyOrderInput('1 '.repeat(5000))).toEqual({ kind: 'wrongLength', length: 5000 });
  });

  it('stays linear on long digit-and-space input', () => {
    expect(findOrderNumberInText('1 '.repeat(5000))).toBeNull();
    expect(findOrderNumberInText('12 '.repeat(3000) + 'x')).toBeNull();
  });
});
