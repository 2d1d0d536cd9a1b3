import { createHmac } from 'node:crypto';

/**
 * A keyed hash (HMAC-SHA256) of a value, namespaced by purpose. Used where the
 * database needs to compare a value (an order number tried, a client address)
 * without keeping it.
 */
export function keyedHash(secret: string, purpose: string, value: string): string {
  return createHmac('sha256', secret).update(`${purpose}\u0000${value}`).digest('hex');
}
