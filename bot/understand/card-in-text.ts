import { DIGIT_RUN } from '../../core/text/digit-runs.js';
import { isCardLike } from './order-number.js';

/** True when the text holds what looks like a full payment card number, however it is grouped. */
export function containsCardNumber(text: string): boolean {
  for (const match of text.normalize('NFKC').matchAll(DIGIT_RUN)) {
    const digits = match[0].replace(/\D/g, '');
    if (digits.length >= 13 && digits.length <= 19 && isCardLike(digits)) return true;
  }
  return false;
}
