import { keyedHash } from '../security/keyed-hash.js';

/** The form addresses are compared in, as the directory import stores `emailNormalized`. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A keyed hash of a mailbox: limits per mailbox work across conversations without keeping the address. */
export function mailboxKey(secret: string, email: string): string {
  return keyedHash(secret, 'code-mailbox', normalizeEmail(email));
}
