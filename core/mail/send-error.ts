import { maskEmail } from '../text/mask-email.js';

const EMAIL = /[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g;
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)[^@\s/]*@/gi;

/**
 * A short description of a failed send for the outbox row and the log. Server replies can echo
 * an address or, in theory, a piece of the letter, so addresses are masked, digit runs long
 * enough to be a code are blanked and URL credentials dropped.
 */
export function describeSendError(error: unknown): string {
  const fields = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; responseCode?: unknown };
  const labels = [fields.code, fields.responseCode].filter((v) => typeof v === 'string' || typeof v === 'number').map(String);
  const message = (error instanceof Error ? error.message : String(error))
    .replace(URL_CREDENTIALS, '$1')
    .replace(EMAIL, (address) => maskEmail(address))
    .replace(/\d{6,}/g, (digits) => '#'.repeat(digits.length))
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
  return labels.length > 0 ? `${labels.join(' ')}: ${message}` : message;
}
