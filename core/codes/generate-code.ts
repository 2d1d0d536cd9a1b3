import { randomInt } from 'node:crypto';

/**
 * A 6-digit one-time code from the cryptographic random source. randomInt is uniform over
 * [0, 10^6) (it rejects biased samples), and the zero padding keeps codes like "004217".
 */
export function generateCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, '0');
}
