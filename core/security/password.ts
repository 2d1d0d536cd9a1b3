import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { ScryptOptions } from 'node:crypto';

// scrypt cost: N=2^15, r=8, p=1 needs 128*N*r = 32 MiB per hash, about 0.1 s of one core.
// The parameters are stored with each hash, so they can be raised later without breaking old ones.
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

// Upper bounds accepted when verifying, so a corrupted or hostile stored value cannot make us
// allocate gigabytes or spin for minutes.
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

/** Node refuses when 128*N*r*p reaches maxmem (32 MiB by default, exactly our need); leave headroom. */
function maxmemFor(n: number, r: number, p: number): number {
  return 128 * n * r * p + 32 * 1024 * 1024;
}

function derive(plain: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(plain.normalize('NFC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Hashes a password: `scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>`, fresh random salt each time. */
export async function hashPassword(plain: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(plain, salt, KEY_LENGTH, { N, r: R, p: P, maxmem: maxmemFor(N, R, P) });
  return ['scrypt', N, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

const FORMAT = /^scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

/** Whether `plain` is the password behind `stored`; false (never a throw) for malformed hashes. */
export async function verifyPassword(plain: string, stored: string): Promise<boolean> {
  const match = FORMAT.exec(stored);
  if (!match) return false;
  const [n, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const salt = Buffer.from(match[4] ?? '', 'base64');
  const expected = Buffer.from(match[5] ?? '', 'base64');
  const powerOfTwo = n > 1 && (n & (n - 1)) === 0;
  if (!powerOfTwo || n > MAX_N || r < 1 || r > MAX_R || p < 1 || p > MAX_P) return false;
  if (salt.length < 8 || expected.length < 16) return false;
  const actual = await derive(plain, salt, expected.length, { N: n, r, p, maxmem: maxmemFor(n, r, p) });
  // Constant-time comparison: the lengths are equal by construction.
  return timingSafeEqual(actual, expected);
}
