import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../core/security/password.js';

describe('password hashing', () => {
  it('produces scrypt$N$r$p$salt$hash with a fresh salt each time, never the password', async () => {
    const [a, b] = await Promise.all([hashPassword('Lantern-Orbit-4719'), hashPassword('Lantern-Orbit-4719')]);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('Lantern');
  });

  it('verifies the right password and rejects others', async () => {
    const stored = await hashPassword('Lantern-Orbit-4719');
    expect(await verifyPassword('Lantern-Orbit-4719', stored)).toBe(true);
    expect(await verifyPassword('lantern-orbit-4719', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('treats the same text in another Unicode form as the same password', async () => {
    const stored = await hashPassword('Caf\u00e9-Pass-1');
    expect(await verifyPassword('Cafe\u0301-Pass-1', stored)).toBe(true);
  });

  it('answers false, without throwing, for malformed or hostile stored values', async () => {
    const stored = await hashPassword('x');
    const [, , , , salt, hash] = stored.split('$');
    for (const bad of [
      '',
      'plain-text-password',
      `bcrypt$32768$8$1$${salt}$${hash}`,
      `scrypt$30000$8$1$${salt}$${hash}`, // N not a power of two
      `scrypt$1073741824$8$1$${salt}$${hash}`, // N far too large: would allocate gigabytes
      `scrypt$32768$8$1$${salt}$`,
    ]) {
      expect(await verifyPassword('x', bad)).toBe(false);
    }
  });
});
