/**
 * Masks the local part of an email address: `anna.k@example.com` → `a***k@example.com`.
 * Short local parts keep only their first character, so nothing is revealed whole.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const first = local[0] ?? '';
  const last = local.length >= 3 ? local[local.length - 1] : '';
  return `${first}***${last}@${domain}`;
}
