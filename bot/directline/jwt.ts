import { createHmac, timingSafeEqual } from 'node:crypto';

/** Longer strings are refused before any parsing or hashing. */
export const MAX_TOKEN_LENGTH = 2048;

// One fixed header: a token announcing any other algorithm (`none`, RS256…) fails the comparison
// below, so there is no algorithm negotiation to get wrong.
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

function signature(key: Buffer, signed: string): string {
  return createHmac('sha256', key).update(signed).digest('base64url');
}

/** A compact JWT (HS256) over `claims`. */
export function signJwt(key: Buffer, claims: Record<string, unknown>): string {
  const signed = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${signed}.${signature(key, signed)}`;
}

/**
 * The claims of a token signed with `key`, or null for anything else: wrong key, other header,
 * altered payload, not a JWT at all. Expiry and meaning of the claims are the caller's business.
 */
export function verifyJwt(key: Buffer, token: string): unknown {
  if (token.length > MAX_TOKEN_LENGTH) return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [header, payload, given] = parts as [string, string, string];
  if (header !== HEADER) return null;
  const expected = Buffer.from(signature(key, `${header}.${payload}`));
  const actual = Buffer.from(given);
  // Compared as canonical base64url text, in constant time.
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
  } catch {
    return null;
  }
}
