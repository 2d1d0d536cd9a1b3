import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url: 43 characters, safe in a URL as they are. */
export function newConfirmationToken(): string {
  return randomBytes(32).toString('base64url');
}

export function isConfirmationToken(text: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(text);
}

/**
 * What the database keeps of a token. A plain SHA-256 is enough (unlike passwords): the token
 * has 256 bits of entropy, so nobody can guess it back from the hash.
 */
export function hashConfirmationToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
