import { describe, expect, it } from 'vitest';
import { openSealed, sealText } from '../../core/mail/seal.js';

const SECRET = 'a-test-secret-that-is-at-least-32-characters-long';

describe('sealed text', () => {
  it('round-trips text, Unicode included, under a fresh IV each time', () => {
    const plain = JSON.stringify({ text: 'Ваш код: 482913 ✓', html: '<p>482913</p>' });
    const [a, b] = [sealText(SECRET, plain), sealText(SECRET, plain)];
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toMatch(/<p>|Ваш/);
    expect(openSealed(SECRET, a)).toBe(plain);
    expect(openSealed(SECRET, b)).toBe(plain);
    expect(openSealed(SECRET, sealText(SECRET, ''))).toBe('');
  });

  it('refuses another secret', () => {
    const sealed = sealText(SECRET, 'hello');
    expect(() => openSealed(`${SECRET}!`, sealed)).toThrow(/altered|another secret/);
  });

  it('refuses any altered part', () => {
    const sealed = sealText(SECRET, 'the letter body');
    const parts = sealed.split('.');
    for (let i = 1; i < parts.length; i += 1) {
      const bytes = Buffer.from(parts[i]!, 'base64url');
      bytes[0] = bytes[0]! ^ 1;
      const altered = [...parts];
      altered[i] = bytes.toString('base64url');
      expect(() => openSealed(SECRET, altered.join('.')), `part ${i}`).toThrow();
    }
    const truncated = [...parts];
    truncated[3] = parts[3]!.slice(0, -2);
    expect(() => openSealed(SECRET, truncated.join('.'))).toThrow();
  });

  it('refuses unknown versions and malformed text', () => {
    const sealed = sealText(SECRET, 'x');
    for (const bad of ['', 'plain text', sealed.replace(/^v1/, 'v2'), sealed.split('.').slice(0, 3).join('.'), `${sealed}.extra`]) {
      expect(() => openSealed(SECRET, bad), bad).toThrow(/format/);
    }
  });
});
