import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy } from '../../core/security/password-policy.js';

const anna = { loginId: 'ru4815162342', email: 'anna.kuznetsova@example.com' };

describe('checkPasswordPolicy', () => {
  it.each([
    'Correct-Horse-Battery-7',
    'correcthorsebatterystaple',
    'blue-sofa-under-rain',
    'Lantern-Orbit-4719',
    'all lowercase words only', // no capitals or digits needed (advice, not a rule)
    'Żółta-Kaczka-nad-Wisłą',
    'ЖёлтыйЧайник-на-крыше',
    'мойсупердлинныйпароль',
    'kochammojepsa',
    '😀🎉🐱🚀🌍🍕🎸📚🔑🌈⚡🧩', // 12 different emoji: 12 characters, and nothing guesses them
  ])('accepts %j', (password) => {
    expect(checkPasswordPolicy(password, anna)).toEqual({ ok: true });
  });

  it.each([
    ['', 'tooShort'],
    ['Orbit-47', 'tooShort'],
    ['Lantern-471', 'tooShort'], // 11 characters
    ['😀🎉🐱🚀🌍🍕🎸📚🔑🌈⚡', 'tooShort'], // 11 emoji are 22 UTF-16 units but 11 characters
    ['x'.repeat(129), 'tooLong'],
    ['Correct-Horse-Battery-7'.repeat(6), 'tooLong'],
  ])('refuses %j as %s', (password, reason) => {
    expect(checkPasswordPolicy(password, anna)).toEqual({ ok: false, reason });
  });

  it('accepts up to exactly 128 characters', () => {
    const longest = 'Lantern-Orbit-4719-' + 'Qz7-'.repeat(27) + 'M';
    expect([...longest]).toHaveLength(128);
    expect(checkPasswordPolicy(longest, anna)).toEqual({ ok: true });
    expect(checkPasswordPolicy(longest + 'x', anna)).toEqual({ ok: false, reason: 'tooLong' });
  });

  it('counts characters of the NFC form: a decomposed ę is one character, not two', () => {
    const eleven = 'Kawiarnia-ę';
    expect(eleven.normalize('NFD')).toHaveLength(12);
    expect(checkPasswordPolicy(eleven.normalize('NFD'), anna)).toEqual({ ok: false, reason: 'tooShort' });
  });

  it.each([
    'password1234',
    'Password1234',
    'Password1234!',
    'qwertyuiop123',
    'qazwsxedcrfv',
    '1q2w3e4r5t6y',
    '123456789012',
    'ilovemyfamily',
    'iloveyou12345',
    'football2024',
    'monkeybusiness',
    'aaaaaaaaaaaa',
    'abcdefghijkl',
    'Qwerty123456!',
    'Przepraszam123',
    '😀😀😀😀😀😀😀😀😀😀😀😀', // one emoji twelve times is a repeat, guessed at once
    'пароль123456789', // "gfhjkm…" on the Latin keys, a classic of breached lists
    'привет12345678',
  ])('refuses the common or guessable %j', (password) => {
    expect(checkPasswordPolicy(password, anna)).toEqual({ ok: false, reason: 'tooCommon' });
  });

  it.each([
    'Lantern-ru4815162342',
    'RU4815162342-Orbit',
    'xx-anna.kuznetsova@example.com',
    'Anna.Kuznetsova-2026!',
    'my-ANNA.KUZNETSOVA-pass',
  ])('refuses %j: it contains the login or the email', (password) => {
    expect(checkPasswordPolicy(password, anna)).toEqual({ ok: false, reason: 'containsIdentity' });
  });

  it('ignores identity fragments shorter than 4 characters, and missing context', () => {
    expect(checkPasswordPolicy('Lantern-Orbit-bob-4719', { loginId: 'bob', email: 'bob@example.com' })).toEqual({ ok: true });
    expect(checkPasswordPolicy('Lantern-Orbit-4719', { loginId: null, email: null })).toEqual({ ok: true });
    expect(checkPasswordPolicy('Lantern-Orbit-4719', {})).toEqual({ ok: true });
  });

  it('judges a long input by its length before anything else', () => {
    const started = performance.now();
    expect(checkPasswordPolicy('a'.repeat(1_000_000), anna)).toEqual({ ok: false, reason: 'tooLong' });
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
