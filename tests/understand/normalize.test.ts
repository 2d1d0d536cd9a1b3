import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../bot/understand/normalize.js';

describe('normalizeText', () => {
  it.each([
    ['  Забыл   ПАРОЛЬ  ', 'забыл пароль'],
    ['Забыл пароль!!!', 'забыл пароль'],
    ['«Восстановить аккаунт»', 'восстановить аккаунт'],
    ['Ещё раз', 'еще раз'],
    ['ЁЛКА', 'елка'],
    ['Не можу увійти...', 'не можу увійти'],
    ['пам’ять', "пам'ять"],
    ['памʼять', "пам'ять"],
    ["пам'ять", "пам'ять"],
    ['пам‘ять', "пам'ять"],
    ['пам`ять', "пам'ять"],
    ['Zapomniałem HASŁA?', 'zapomniałem hasła'],
    ['Nie pamiętam e-maila.', 'nie pamiętam e-maila'],
    ["I DON’T remember", "i don't remember"],
    ['Help 🙏', 'help'],
    ['🙏 помогите 😢', 'помогите'],
    ['забыл 😢 пароль', 'забыл пароль'],
    ['👍🏽 да', 'да'],
    ['👨‍👩‍👧 семья', 'семья'],
    ['🇺🇦 так', 'так'],
    ['ok\u00A0\u00A0thanks', 'ok thanks'],
    ['line\nbreak\tand tab', 'line break and tab'],
    ['zero\u200Bwidth', 'zerowidth'],
    ['(да)', 'да'],
    ['#8123', '8123'],
    ['e-mail', 'e-mail'],
  ])('%j → %j', (input, output) => {
    expect(normalizeText(input)).toBe(output);
  });

  it('composes decomposed letters (NFD input from some keyboards)', () => {
    expect(normalizeText('Ещё'.normalize('NFD'))).toBe('еще');
    expect(normalizeText('ї'.normalize('NFD'))).toBe('ї');
    expect(normalizeText('й'.normalize('NFD'))).toBe('й');
  });

  it('returns an empty string for punctuation or emoji only', () => {
    expect(normalizeText('???')).toBe('');
    expect(normalizeText('😀😀')).toBe('');
    expect(normalizeText('   ')).toBe('');
  });

  it('is idempotent', () => {
    for (const text of ['  Ещё РАЗ!!! 🙏', 'пам’ять', 'Zapomniałem HASŁA?']) {
      expect(normalizeText(normalizeText(text))).toBe(normalizeText(text));
    }
  });

  it('handles 10,000 characters of punctuation in one pass', () => {
    const inner = 'a' + ' !'.repeat(5000) + 'b';
    expect(normalizeText(inner)).toBe(inner);
    expect(normalizeText('!'.repeat(5000) + 'да' + ' ?'.repeat(5000))).toBe('да');
  });
});
