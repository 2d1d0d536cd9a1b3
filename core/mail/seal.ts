import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The sealing key: HKDF-SHA256 of the app secret with a purpose of its own, so the outbox key
 * is not the key of the limit HMACs even though both come from APP_SECRET.
 */
function sealKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'recovery-desk', 'outbox-seal/v1', 32));
}

/**
 * Encrypts text with AES-256-GCM under a fresh random IV: `v1.<iv>.<tag>.<ciphertext>`, all
 * base64url. The version is authenticated too, so a sealed text cannot be relabelled.
 */
export function sealText(secret: string, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', sealKey(secret), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(VERSION));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

/** Decrypts what sealText made; throws when the text is malformed, altered or sealed with another secret. */
export function openSealed(secret: string, sealed: string): string {
  const parts = sealed.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) throw new Error('sealed text: unknown format');
  const [, ivText, tagText, bodyText] = parts as [string, string, string, string];
  const iv = Buffer.from(ivText, 'base64url');
  const tag = Buffer.from(tagText, 'base64url');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new Error('sealed text: unknown format');
  const decipher = createDecipheriv('aes-256-gcm', sealKey(secret), iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(VERSION));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(Buffer.from(bodyText, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('sealed text: altered, or sealed with another secret');
  }
}
