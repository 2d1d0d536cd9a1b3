import { describe, expect, it } from 'vitest';
import { foldText } from '../../bot/understand/nlu/fold-text.js';
import { otherLayoutReadings } from '../../bot/understand/nlu/keyboard-layout.js';

describe('foldText (matching only)', () => {
  it.each([
    ['Забыл ПАРОЛЬ!!!', 'забыл пароль'],
    // A Latin "a" inside a Cyrillic word, and a Cyrillic "о" inside a Latin one.
    ['забыл пaроль', 'забыл пароль'],
    ['passwоrd', 'password'],
    ['Zapomniałem hasła', 'zapomnialem hasla'],
    ['zapomnialem haslo', 'zapomnialem haslo'],
    ['не пам’ятаю', 'не памятаю'],
    ["не пам'ятаю", 'не памятаю'],
    ['ЁЖИК и йогурт', 'ежик и иогурт'],
    ['пароооооль', 'пароль'],
    ['heeeelp', 'help'],
    ["I'd like a new account", 'i like a new account'],
    ['мой заказ 8123 4567', 'мои заказ'],
    ['Ｆｕｌｌ ｗｉｄｔｈ', 'full width'],
    ['🙏 помогите 😢', 'помогите'],
  ])('%j → %j', (text, folded) => {
    expect(foldText(text)).toBe(folded);
  });

  it('is idempotent', () => {
    for (const text of ['Zapomniałem hasła', 'забыл пaроль', "I'd", 'пароооль']) expect(foldText(foldText(text))).toBe(foldText(text));
  });

  it('leaves the message itself alone: it returns a new string', () => {
    const typed = 'Забыл пaроль';
    foldText(typed);
    expect(typed).toBe('Забыл пaроль');
  });
});

describe('otherLayoutReadings', () => {
  it('reads Latin typing as Russian and Ukrainian on the same keys', () => {
    expect(otherLayoutReadings('pf,sk gfhjkm')).toContain('забыл пароль');
    expect(otherLayoutReadings('pf,ed gfhjkm')).toContain('забув пароль');
  });

  it('reads Cyrillic typing as Latin on the same keys', () => {
    expect(otherLayoutReadings('ащкпще зфыыцщкв')).toContain('forgot password');
  });

  it('offers nothing for mixed scripts', () => {
    expect(otherLayoutReadings('забыл password')).toEqual([]);
  });
});
