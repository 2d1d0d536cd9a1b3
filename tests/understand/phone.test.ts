import { describe, expect, it } from 'vitest';
import { checkPhoneReset } from '../../bot/understand/phone.js';

describe('checkPhoneReset — global site', () => {
  it.each([
    ['+33 6 12 34 56 78', 'FR', '+33612345678'],
    ['+33612345678', 'FR', '+33612345678'],
    ['0033 6 12 34 56 78', 'FR', '+33612345678'],
    ['+39 312 345 6789', 'IT', '+393123456789'],
    ['+34 612 34 56 78', 'ES', '+34612345678'],
    ['+31 6 12345678', 'NL', '+31612345678'],
    ['+966 50 123 4567', 'SA', '+966501234567'],
    ['+971 50 123 4567', 'AE', '+971501234567'],
  ])('%j is eligible on the global site (%s)', (text, country, e164) => {
    expect(checkPhoneReset(text)).toEqual({ kind: 'eligible', site: 'global', country, e164 });
  });
});

describe('checkPhoneReset — Russian local site', () => {
  it.each([
    ['+7 999 123-45-67', 'RU', '+79991234567'],
    ['+7 (999) 123-45-67', 'RU', '+79991234567'],
    ['8 999 123-45-67', 'RU', '+79991234567'],
    ['89991234567', 'RU', '+79991234567'],
    ['79991234567', 'RU', '+79991234567'],
    ['мой номер: +7 999 123 45 67', 'RU', '+79991234567'],
    ['+7 701 123 45 67', 'KZ', '+77011234567'],
    ['8 (701) 123-45-67', 'KZ', '+77011234567'],
    ['+374 77 123456', 'AM', '+37477123456'],
    ['+994 50 123 45 67', 'AZ', '+994501234567'],
    ['+375 29 123-45-67', 'BY', '+375291234567'],
    ['8 029 123-45-67', 'BY', '+375291234567'],
    ['+373 69 123 456', 'MD', '+37369123456'],
    ['+996 700 123 456', 'KG', '+996700123456'],
    ['+992 93 123 4567', 'TJ', '+992931234567'],
    ['+998 90 123 45 67', 'UZ', '+998901234567'],
    ['+993 65 123456', 'TM', '+99365123456'],
    ['+995 555 12 34 56', 'GE', '+995555123456'],
  ])('%j is eligible on the Russian local site (%s)', (text, country, e164) => {
    expect(checkPhoneReset(text)).toEqual({ kind: 'eligible', site: 'ruLocal', country, e164 });
  });
});

describe('checkPhoneReset — not eligible', () => {
  it.each([
    ['+380 67 123 45 67', 'UA', '+380671234567'],
    ['+48 512 345 678', 'PL', '+48512345678'],
    ['0048 512 345 678', 'PL', '+48512345678'],
    ['+49 1512 3456789', 'DE', '+4915123456789'],
    ['+1 202 555 0123', 'US', '+12025550123'],
    ['+44 7400 123456', 'GB', '+447400123456'],
  ])('%j is valid but not eligible (%s)', (text, country, e164) => {
    expect(checkPhoneReset(text)).toEqual({ kind: 'notEligible', country, e164 });
  });

  it('reports a non-geographic number with a null country', () => {
    expect(checkPhoneReset('+800 1234 5678')).toEqual({ kind: 'notEligible', country: null, e164: '+80012345678' });
  });
});

describe('checkPhoneReset — invalid', () => {
  it.each([
    ['', 'empty'],
    ['не помню', 'no digits'],
    ['+7 999', 'too short'],
    ['+7 000 000 00 00', 'not a real range'],
    ['+33 1234', 'too short'],
    ['067 123 45 67', 'national format without a country'],
    ['612345678', 'national format without a country'],
    ['33612345678', 'international without + or 00'],
    ['9991234567', 'Russian number without 8/7'],
    ['+7 999 123 45 67 доб. 5', 'extra words'],
    ['+7 999 abc 45 67', 'letters inside'],
    ['+7 999 123 45 67 / +33 6 12 34 56 78', 'two numbers'],
  ])('%j (%s)', (text) => {
    expect(checkPhoneReset(text)).toEqual({ kind: 'invalid' });
  });
});
