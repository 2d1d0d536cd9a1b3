import { describe, expect, it } from 'vitest';
import { codeMatches, hashCode } from '../../core/codes/code-hash.js';
import { generateCode } from '../../core/codes/generate-code.js';
import { normalizeCodeInput } from '../../core/codes/normalize-code-input.js';

describe('normalizeCodeInput', () => {
  it.each([
    ['123456', '123456'],
    ['123 456', '123456'],
    ['12-34-56', '123456'],
    ['  004 217 ', '004217'],
    ['12\u00a034\u00a056', '123456'],
    ['12–34–56', '123456'],
    ['１２３４５６', '123456'],
  ])('reads %j as %s', (typed, code) => {
    expect(normalizeCodeInput(typed)).toBe(code);
  });

  it.each(['', '12345', '1234567', '12a456', 'abcdef', '123.456', '123_456', '+123456'])('refuses %j', (typed) => {
    expect(normalizeCodeInput(typed)).toBeNull();
  });
});

describe('generateCode', () => {
  it('gives six digits, leading zeros kept, spread over all digits', () => {
    const codes = Array.from({ length: 5000 }, () => generateCode());
    for (const code of codes) expect(code).toMatch(/^[0-9]{6}$/);
    // With uniform codes about 10% start with 0; not one in 5000 would be a broken generator.
    const leadingZero = codes.filter((c) => c.startsWith('0')).length;
    expect(leadingZero).toBeGreaterThan(300);
    expect(leadingZero).toBeLessThan(700);
    expect(new Set(codes.join(''))).toEqual(new Set('0123456789'));
    expect(new Set(codes).size).toBeGreaterThan(4900);
  });
});

describe('code hashes', () => {
  const secret = 'a-secret-of-at-least-thirty-two-characters';

  it('bind a code to its challenge and purpose', () => {
    const stored = hashCode(secret, 'PASSWORD_RESET', 'challenge-1', '123456');
    expect(stored).not.toContain('123456');
    expect(codeMatches(secret, 'PASSWORD_RESET', 'challenge-1', '123456', stored)).toBe(true);
    expect(codeMatches(secret, 'PASSWORD_RESET', 'challenge-1', '123457', stored)).toBe(false);
    expect(codeMatches(secret, 'PASSWORD_RESET', 'challenge-2', '123456', stored)).toBe(false);
    expect(codeMatches(secret, 'EMAIL_CURRENT', 'challenge-1', '123456', stored)).toBe(false);
    expect(codeMatches('another-secret-of-thirty-two-characters!', 'PASSWORD_RESET', 'challenge-1', '123456', stored)).toBe(false);
  });

  it('answers false for a malformed stored value instead of throwing', () => {
    expect(codeMatches(secret, 'PASSWORD_RESET', 'c', '123456', '')).toBe(false);
    expect(codeMatches(secret, 'PASSWORD_RESET', 'c', '123456', 'zz')).toBe(false);
  });
});
