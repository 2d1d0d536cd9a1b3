import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-directory-timestamp';
export const SIGNATURE_HEADER = 'x-directory-signature';
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** How far a request's timestamp may be from the receiver's clock, either way. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignedParts = {
  method: string;
  /** The path with its query string, exactly as sent (`/v1/accounts/abc/status`). */
  path: string;
  /** Unix seconds, as sent in X-Directory-Timestamp. */
  timestamp: string;
  idempotencyKey: string | null;
  body: string;
};

/**
 * What is signed: a version tag, the timestamp, the method, the path, the idempotency key and the
 * SHA-256 of the body, one per line. Binding the key and the body means a captured request cannot
 * be replayed with another change or another key; the timestamp bounds how long it can be replayed.
 */
export function signatureBase(parts: SignedParts): string {
  const bodyHash = createHash('sha256').update(parts.body).digest('hex');
  return ['RD-DIRECTORY-V1', parts.timestamp, parts.method.toUpperCase(), parts.path, parts.idempotencyKey ?? '', bodyHash].join('\n');
}

/** The X-Directory-Signature value: `v1=` and the hex HMAC-SHA256 of the signature base. */
export function sign(secret: string, parts: SignedParts): string {
  return `v1=${createHmac('sha256', secret).update(signatureBase(parts)).digest('hex')}`;
}

export type SignatureCheck = 'ok' | 'missing' | 'stale' | 'bad';

/** Checks a request's signature and timestamp in constant time; `nowSeconds` is the receiver's clock. */
export function verifySignature(secret: string, parts: SignedParts, header: string | undefined, nowSeconds: number): SignatureCheck {
  if (!header || !/^\d{1,12}$/.test(parts.timestamp)) return 'missing';
  if (Math.abs(nowSeconds - Number(parts.timestamp)) > SIGNATURE_TOLERANCE_SECONDS) return 'stale';
  const expected = Buffer.from(sign(secret, parts));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given) ? 'ok' : 'bad';
}
