import { DIGIT_RUN } from '../../core/text/digit-runs.js';
import { isCardNotOrder } from './order-number.js';

/**
 * True when the text holds what looks like a full payment card number, however it is grouped
 * (an Amex-shaped 15-digit number may be an order number, so it is not counted here).
 */
export function containsCardNumber(text: string): boolean {
  for (const match of text.normalize('NFKC').matchAll(DIGIT_RUN)) {
    const digits = match[0].replace(/\D/g, '');
    if (digits.length >= 13 && digits.length <= 19 && isCardNotOrder(digits)) return true;
  }
  return false;
}
