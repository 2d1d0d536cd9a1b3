import { luhnValid } from '../text/luhn.js';

// 13–19 digits, optionally grouped by single spaces or dashes as cards are printed.
const DIGIT_RUN = /\d(?:[ -]?\d){12,18}/g;

/**
 * Whether text contains what is probably a full card number (PAN): 13–19 digits passing the
 * Luhn check. Luhn keeps real identifiers such as 16-digit tracking numbers from tripping it.
 */
export function containsCardNumber(text: string): boolean {
  for (const match of text.matchAll(DIGIT_RUN)) {
    if (luhnValid(match[0].replace(/[ -]/g, ''))) return true;
  }
  return false;
}

/** A field name that announces card data (pan, cardNumber, card_number, ccNumber…). */
export function isCardNumberKey(key: string): boolean {
  return /^(pan|cc|ccn|cc_?num(ber)?|card(_?no|_?num(ber)?)?|credit_?card(_?number)?|card_?pan)$/i.test(key);
}
