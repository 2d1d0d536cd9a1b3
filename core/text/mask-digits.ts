/** How many leading and trailing digits PCI-style masking may keep. */
export const KEEP_FIRST = 6;
export const KEEP_LAST = 4;

/**
 * Masks a digit string to first 6 + last 4, one `*` per hidden digit, grouping
 * dropped: `4276 0112 3456 7890` → `427601******7890`.
 *
 * Non-digits are ignored. With 10 digits or fewer there is nothing beyond the
 * first 6 / last 4 to hide, so the digits come back unchanged.
 */
export function maskDigits(digits: string): string {
  const only = digits.replace(/\D/g, '');
  if (only.length <= KEEP_FIRST + KEEP_LAST) return only;
  const hidden = only.length - KEEP_FIRST - KEEP_LAST;
  return only.slice(0, KEEP_FIRST) + '*'.repeat(hidden) + only.slice(-KEEP_LAST);
}
