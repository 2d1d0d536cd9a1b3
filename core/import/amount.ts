/** Largest amount the Int column holds (32-bit on both providers): 21 474 836.47. */
export const MAX_AMOUNT_MINOR = 2_147_483_647;

const DECIMAL = /^(\d{1,10})(?:\.(\d{1,2}))?$/;

/**
 * Converts a snapshot amount to integer minor units (1/100: cents, kopecks, grosze) exactly:
 * the decimal text is split, never multiplied as a float, so "0.29" is 29, not 28.999….
 * A JSON number is taken through its shortest decimal text (0.1 → "0.1"), which is exact for
 * anything written with at most two decimals; 0.1 + 0.2 is rejected, as it should be.
 * Throws RangeError with a message fit for the import report.
 */
export function toMinorUnits(amount: string | number): number {
  let text: string;
  if (typeof amount === 'number') {
    if (!Number.isFinite(amount)) throw new RangeError('must be a finite number');
    text = String(amount);
  } else {
    text = amount.trim();
  }
  if (text.startsWith('-')) throw new RangeError('must not be negative');
  const match = DECIMAL.exec(text);
  if (!match) {
    throw new RangeError(
      /^\d+\.\d{3,}$/.test(text)
        ? 'must have at most 2 decimal places'
        : 'must be a decimal amount like "1520.50" (digits, optional "." and up to 2 decimals)',
    );
  }
  const whole = Number(match[1]);
  const cents = Number((match[2] ?? '').padEnd(2, '0'));
  const minor = whole * 100 + cents;
  if (minor > MAX_AMOUNT_MINOR) throw new RangeError('is too large (at most 21474836.47)');
  if (minor === 0) throw new RangeError('must be greater than 0');
  return minor;
}
