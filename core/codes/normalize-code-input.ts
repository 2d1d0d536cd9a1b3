// Shoppers copy codes from letters with the grouping they see ("123 456", "12-34-56") or with
// stray spaces; anything else (letters, 5 or 7 digits) is not a code.
// Hyphen, en/em dashes (U+2010–U+2015) and the minus sign count as dashes.
const SEPARATORS = /[\s\-\u2010-\u2015\u2212]/gu;
const SIX_DIGITS = /^[0-9]{6}$/;

/** The 6 digits of a typed code, or null when the text is not a code. */
export function normalizeCodeInput(text: string): string | null {
  const digits = text.normalize('NFKC').replace(SEPARATORS, '');
  return SIX_DIGITS.test(digits) ? digits : null;
}
