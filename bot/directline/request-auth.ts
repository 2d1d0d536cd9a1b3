import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { DirectLineTokens, Principal } from './tokens.js';

/** Who is calling: a shopper with a conversation token, or the shop's backend with the secret. */
export type Caller = { kind: 'shopper'; principal: Principal } | { kind: 'backend' };

/** The bearer credential of a request, if it has one of sane length. */
export function bearerToken(headers: IncomingHttpHeaders): string | null {
  const header = headers.authorization;
  if (typeof header !== 'string' || header.length > 4096) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match ? match[1]! : null;
}

function sameSecret(given: string, secret: string): boolean {
  // Hashing first gives equal lengths, so the comparison is constant-time whatever was sent.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(secret).digest();
  return timingSafeEqual(a, b);
}

/** The caller behind a request's Authorization header, or null (no, bad or expired credential). */
export function authenticate(headers: IncomingHttpHeaders, tokens: DirectLineTokens, secret: string | undefined): Caller | null {
  const token = bearerToken(headers);
  if (!token) return null;
  if (secret && sameSecret(token, secret)) return { kind: 'backend' };
  const principal = tokens.verify(token, 'conversation');
  return principal ? { kind: 'shopper', principal } : null;
}
