import { isCardLike } from './order-number.js';

// Bounded repetition: linear on long inputs.
const DIGIT_RUN = /\d(?:[ -]?\d){12,18}/g;

/** True when the text holds what looks like a full payment card number, grouped or not. */
export function containsCardNumber(text: string): boolean {
  for (const match of text.matchAll(DIGIT_RUN)) {
    if (isCardLike(match[0].replace(/[ -]/g, ''))) return true;
  }
  return false;
}
