import { describe, expect, it } from 'vitest';
import { parseCardDigits } from '../../bot/understand/card-digits.js';

const PARTIAL = { bin: '427601', last4: '1234', wasFullNumber: false };

describe('parseCardDigits — first 6 and last 4', () => {
  it.each([
    '427601 1234',
    '4276011234',
    '427601-1234',
    '4276 01 1234',
    '427601\u00A01234',
    '427601****1234',
    '427601 **** 1234',
    '427601 **** **** 1234',
    '4276 01** **** 1234',
    '4276-01**-****-1234',
    '427601xxxxxx1234',
    '427601XXXXXX1234',
    '427601хххххх1234', // Cyrillic х
    '427601••••••1234',
    '427601…1234',
    '427601...1234',
    '427601______1234',
    'first 427601 last 1234',
    'первые 6 цифр 427601, последние 4 цифры 1234',
    'First 6: 427601, last 4: 1234',
    'первые 427601, последние 1234',
    'Первые шесть — 427601, последние четыре — 1234.',
    'перші 427601, останні 1234',
    'pierwsze 427601, ostatnie 1234',
    'последние 1234, первые 427601',
    'last 1234 first 427601',
    'ostatnie 1234 i pierwsze 427601',
    'карта 427601 1234',
  ])('%j', (text) => {
    expect(parseCardDigits(text)).toEqual(PARTIAL);
  });

  it('keeps leading zeros in the last 4', () => {
    expect(parseCardDigits('220000 0004')).toEqual({ bin: '220000', last4: '0004', wasFullNumber: false });
  });
});

describe('parseCardDigits — a full card number', () => {
  it.each([
    ['4276 0112 3456 7890', '427601', '7890'],
    ['4276-0112-3456-7890', '427601', '7890'],
    ['4276011234567890', '427601', '7890'],
    ['4111111111111111', '411111', '1111'],
    ['4222222222222', '422222', '2222'],
    ['3782 822463 10005', '378282', '0005'],
    ['4276011234567890128', '427601', '0128'],
    ['моя карта 4276 0112 3456 7890', '427601', '7890'],
    ['4276 0112 3456 7890, срок 12/27', '427601', '7890'],
    ['karta 4276011234567890 ważna do 12/27 CVV 123', '427601', '7890'],
  ])('%j is reduced to first 6 + last 4', (text, bin, last4) => {
    expect(parseCardDigits(text)).toEqual({ bin, last4, wasFullNumber: true });
  });

  it('treats any 13–19 digit run as a full number, even grouped 6-4-4 (safer to warn)', () => {
    expect(parseCardDigits('427601 1234 1520')).toEqual({ bin: '427601', last4: '1520', wasFullNumber: true });
  });

  it('never returns the middle digits', () => {
    const result = parseCardDigits('4276 0112 3456 7890');
    expect(JSON.stringify(result)).not.toMatch(/123456|0112|3456/);
  });
});

describe('parseCardDigits — refused', () => {
  it.each([
    '',
    'не помню',
    '42760 1234',
    '427601 123',
    '4276011 1234',
    '427601',
    '1234',
    '427601 12345',
    '42760112345',
    '427601123456',
    '1234 427601',
    '4276 0112 34',
    '1234****427601',
    '4276********1234',
    '427601 1234, 1520',
    '427601 1234, сумма 1520',
    '123456789012345678901',
    '4276 0112 3456 7890 и 5105 1051 0510 5100',
  ])('%j', (text) => {
    expect(parseCardDigits(text)).toBeNull();
  });
});
