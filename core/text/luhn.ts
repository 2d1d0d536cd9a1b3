/**
 * Luhn (mod 10) check over a string of ASCII digits.
 *
 * Anything that is not purely digits, or shorter than 2 digits (no payload
 * besides the check digit), is reported as invalid rather than coerced, so a
 * caller can never mistake "12a4" for a checked number.
 */
export function luhnValid(digits: string): boolean {
  if (!/^\d{2,}$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}
