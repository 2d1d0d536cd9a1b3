import { describe, expect, it } from 'vitest';
import { luhnValid } from '../../../core/text/luhn.js';

describe('luhnValid', () => {
  it.each([
    '4111111111111111', // Visa test card
    '4222222222222', // 13-digit Visa
    '5105105105105100', // Mastercard
    '378282246310005', // Amex, 15 digits
    '6011000000000004', // Discover
    '2200000000000004', // Mir
    '4276011234567890128', // 19 digits
    '79927398713', // the textbook example
    '00',
  ])('accepts %s', (digits) => {
    expect(luhnValid(digits)).toBe(true);
  });

  it.each([
    '4111111111111112',
    '4276011234567890',
    '79927398710',
    '5105105105105101',
    '378282246310006',
  ])('rejects the wrong check digit in %s', (digits) => {
    expect(luhnValid(digits)).toBe(false);
  });

  it('catches a single changed digit and a swap of neighbours', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111121111')).toBe(false);
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927389713')).toBe(false);
  });

  it.each(['', '0', '4111 1111 1111 1111', '4111-1111-1111-1111', '41111111111111a1', ' 4111111111111111', '٤١١١'])(
    'refuses anything but plain ASCII digits (at least two): %j',
    (input) => {
      expect(luhnValid(input)).toBe(false);
    },
  );
});
