import { describe, expect, it } from 'vitest';
import { maskDigits, redactText } from '../../../core/text/redact.js';

describe('maskDigits', () => {
  it.each([
    ['4276011234567890', '427601******7890'],
    ['4222222222222', '422222***2222'],
    ['4276011234567890128', '427601*********0128'],
    ['12345678901234567890123', '123456*************0123'],
    ['4276 0112 3456 7890', '427601******7890'],
    ['4276-0112-3456-7890', '427601******7890'],
  ])('keeps first 6 and last 4 of %s', (input, masked) => {
    expect(maskDigits(input)).toBe(masked);
  });

  it('returns 10 digits or fewer unchanged: nothing beyond first 6 + last 4 to hide', () => {
    expect(maskDigits('4276011234')).toBe('4276011234');
    expect(maskDigits('427601')).toBe('427601');
    expect(maskDigits('')).toBe('');
  });

  it('hides exactly the middle digits, one star each', () => {
    const masked = maskDigits('4276011234567890');
    expect(masked).toHaveLength(16);
    expect(masked).not.toContain('12345678');
    expect(masked.slice(6, 12)).toBe('******');
  });
});

describe('redactText', () => {
  it.each([
    ['4276 0112 3456 7890', '427601******7890'],
    ['4276-0112-3456-7890', '427601******7890'],
    ['4276011234567890', '427601******7890'],
    ['4111111111111111', '411111******1111'],
    ['4222222222222', '422222***2222'],
    ['4276011234567890128', '427601*********0128'],
    ['5105 1051 0510 5100', '510510******5100'],
    ['3782 822463 10005', '378282*****0005'],
  ])('masks a card-like run %j', (input, output) => {
    expect(redactText(input)).toBe(output);
  });

  it.each([
    ['моя карта 4276 0112 3456 7890, помогите', 'моя карта 427601******7890, помогите'],
    ['моя картка 4276-0112-3456-7890.', 'моя картка 427601******7890.'],
    ['moja karta to 4276011234567890!', 'moja karta to 427601******7890!'],
    ['my card is 4276 0112 3456 7890 thanks', 'my card is 427601******7890 thanks'],
  ])('masks inside a sentence in any language: %j', (input, output) => {
    expect(redactText(input)).toBe(output);
  });

  it('masks Luhn-invalid runs and order-number-like runs too (better safe)', () => {
    expect(redactText('4276011234567899')).toBe('427601******7899');
    expect(redactText('заказ 8123 4567 8901 2345')).toBe('заказ 812345******2345');
  });

  it('masks every run in the text, not only the first', () => {
    expect(redactText('a 4111111111111111 b 5105105105105100 c')).toBe('a 411111******1111 b 510510******5100 c');
  });

  it('masks runs longer than 19 digits to first 6 + last 4 as well', () => {
    expect(redactText('12345678901234567890123456')).toBe('123456****************3456');
    expect(redactText('1234 5678 9012 3456 7890 1234')).toBe('123456**************1234');
  });

  it('masks digit runs glued to letters', () => {
    expect(redactText('card:4276011234567890x')).toBe('card:427601******7890x');
  });

  it('accepts NBSP and narrow NBSP as group separators', () => {
    expect(redactText('4276\u00A00112\u00A03456\u00A07890')).toBe('427601******7890');
    expect(redactText('4276\u202F0112\u202F3456\u202F7890')).toBe('427601******7890');
  });

  it.each([
    '427601 1234',
    '4276011234',
    'сумма 1520,50 руб, дата 01.10.2026',
    'kwota 349,99 zł, 1 października 2026',
    'paid $25.40 on 10/01/2026',
    'phone +7 999 123-45-67',
    '123456789012',
    'order 1 of 2',
    '',
  ])('leaves short digit runs alone: %j', (input) => {
    expect(redactText(input)).toBe(input);
  });

  it('joins groups across the separators people use: several spaces, dots, slashes, line breaks', () => {
    expect(redactText('427601  1234567')).toBe('427601***4567');
    expect(redactText('4276.0155.5502.1234')).toBe('427601******1234');
    expect(redactText('4276 - 0155 - 5502 - 1234')).toBe('427601******1234');
    expect(redactText('4276/0155/5502/1234 and 4276_0155_5502_1234')).toBe('427601******1234 and 427601******1234');
    expect(redactText('4276\n0155\t5502 1234')).toBe('427601******1234');
    expect(redactText('４２７６０１５５５５０２１２３４')).toBe('427601******1234');
    // Twelve digits are not a card number, however they are grouped.
    expect(redactText('4276.0112.3456')).toBe('4276.0112.3456');
  });

  it('does not join groups across words or other punctuation', () => {
    expect(redactText('4276 01 and 12 3456 7890')).toBe('4276 01 and 12 3456 7890');
    expect(redactText('427601, 1234567')).toBe('427601, 1234567');
  });

  it('keeps a trailing separator that is not followed by digits', () => {
    expect(redactText('4276 0112 3456 7890 - ok')).toBe('427601******7890 - ok');
  });

  it('handles 10,000 characters of digits and spaces in one pass', () => {
    const grouped = '1234 '.repeat(2000);
    const out = redactText(grouped);
    expect(out.startsWith('123412')).toBe(true);
    expect(out.trimEnd().endsWith('1234')).toBe(true);
    expect(out).not.toMatch(/\d{7}/);

    const ragged = '1 '.repeat(4999) + 'x';
    expect(redactText(ragged)).toMatch(/^111111\*+1111 x$/);

    const shortRuns = '12 34 ; '.repeat(1500);
    expect(redactText(shortRuns)).toBe(shortRuns);
  });
});
