import { timingSafeEqual } from 'node:crypto';
import { keyedHash } from '../security/keyed-hash.js';
import type { CodePurpose } from './types.js';

/**
 * The stored form of a code. Keyed by the challenge id (and so by its account, purpose and
 * conversation): the same six digits sent for another challenge never match this one, and a
 * leaked table cannot be brute-forced over 10^6 codes without the secret.
 */
export function hashCode(secret: string, purpose: CodePurpose, challengeId: string, code: string): string {
  return keyedHash(secret, `code:${purpose}:${challengeId}`, code);
}

/** Whether `code` is the code behind `stored`, compared in constant time. */
export function codeMatches(secret: string, purpose: CodePurpose, challengeId: string, code: string, stored: string): boolean {
  const actual = Buffer.from(hashCode(secret, purpose, challengeId, code), 'hex');
  const expected = Buffer.from(stored, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
