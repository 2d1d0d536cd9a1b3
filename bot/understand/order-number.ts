import { luhnValid } from '../../core/text/luhn.js';

export type OrderInput =
  | { kind: 'order'; digits: string }
  | { kind: 'tracking'; value: string }
  | { kind: 'cardLike'; bin: string; last4: string }
  | { kind: 'wrongLength'; length: number }
  | { kind: 'none' };

const ORDER_MIN = 15;
const ORDER_MAX = 19;

/*
 * Parcel tracking shapes shoppers paste instead of an order number (SPEC §3):
 * UPU S10 (RB123456789CN, also LY/LZ…CN), Cainiao LP + 14 digits, Yanwen YT +
 * 16 digits, Cainiao CN…, and 0B…. Tested on the compacted, upper-cased token.
 */
const TRACKING_SHAPES: readonly RegExp[] = [
  /^[A-Z]{2}\d{9}[A-Z]{2}$/,
  /^LP\d{14}$/,
  /^YT\d{16}$/,
  /^CN(?=(?:[A-Z]*\d){8})[A-Z0-9]{9,22}$/,
  /^0B\d{8,20}$/,
];

function trackingShape(token: string): string | null {
  const compact = token.replace(/[\s-]/g, '').toUpperCase();
  return TRACKING_SHAPES.some((re) => re.test(compact)) ? compact : null;
}

/*
 * Payment-card prefixes per SPEC: Mir 2200–2204, Mastercard 2221–2720, Amex
 * 34/37 (15 digits only), Visa 4, Mastercard 51–55, 6 (Maestro, UnionPay,
 * Discover…). Marketplace order numbers start with other digits, so a match
 * that is also Luhn-valid is almost surely a card the shopper must not send.
 */
function hasCardPrefix(digits: string): boolean {
  const first4 = Number(digits.slice(0, 4));
  switch (digits[0]) {
    case '2':
      return (first4 >= 2200 && first4 <= 2204) || (first4 >= 2221 && first4 <= 2720);
    case '3':
      return digits.length === 15 && (digits.startsWith('34') || digits.startsWith('37'));
    case '4':
    case '6':
      return true;
    case '5':
      return /^5[1-5]/.test(digits);
    default:
      return false;
  }
}

/** True for 13–19 Luhn-valid digits with a payment-card prefix. */
export function isCardLike(digits: string): boolean {
  return digits.length >= 13 && digits.length <= 19 && hasCardPrefix(digits) && luhnValid(digits);
}

/*
 * An American Express number has 15 digits and starts with 34 or 37, and so do some order
 * numbers (15–19 digits). Typed as an order number it is taken as one: refusing it would
 * refuse a real order, and the number is only looked up, never kept (transcripts mask it).
 */
function isAmexShaped(digits: string): boolean {
  return digits.length === 15 && (digits.startsWith('34') || digits.startsWith('37'));
}

/** Card-like digits that cannot also be an order number. */
export function isCardNotOrder(digits: string): boolean {
  return isCardLike(digits) && !isAmexShaped(digits);
}

function classifyDigits(digits: string): OrderInput {
  if (isCardNotOrder(digits)) {
    return { kind: 'cardLike', bin: digits.slice(0, 6), last4: digits.slice(-4) };
  }
  if (digits.length < ORDER_MIN || digits.length > ORDER_MAX) {
    return { kind: 'wrongLength', length: digits.length };
  }
  return { kind: 'order', digits };
}

/* Punctuation a shopper wraps a number in: quotes, colon, full stop… */
const WRAPPING = /[\s"'«»“”„:;.,!?()[\]]/u;

/* A scan rather than a `[…]+$` regex, which is quadratic on long punctuation runs. */
function unwrap(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && WRAPPING.test(text.charAt(start))) start += 1;
  while (end > start && WRAPPING.test(text.charAt(end - 1))) end -= 1;
  return text.slice(start, end);
}
/* A token of digits optionally led by # or №, digit groups joined by dashes. */
const DIGIT_TOKEN = /^[#№]?\d+(?:-\d+)*$/u;
const WORD_TOKEN = /^[\p{L}.:'’#№-]+$/u;
/* "заказ:8123…", "nr,8123…": a label glued to the number by punctuation. */
const LABEL_GLUE = /(\p{L})([:;,])(?=[#№\d])/gu;

/**
 * Classifies the shopper's answer to "what is your order number?".
 *
 * The answer may carry label words around the number ("заказ № 8123 4567…",
 * "order #8123…"); those words are ignored as long as the number itself is one
 * contiguous block of digit groups separated by spaces or dashes. Letters glued
 * to digits (unless the token is a tracking number), two separate numbers, or
 * no digits at all give `none`.
 */
export function classifyOrderInput(text: string): OrderInput {
  const trimmed = unwrap(text.normalize('NFC'));
  if (trimmed === '') return { kind: 'none' };

  const whole = trackingShape(trimmed);
  if (whole) return { kind: 'tracking', value: whole };

  const tokens = trimmed
    .replace(LABEL_GLUE, '$1$2 ')
    .split(/[\s\u00A0\u202F]+/u)
    .map(unwrap);
  let digits = '';
  let blocks = 0;
  let inBlock = false;
  let tracking: string | null = null;
  for (const token of tokens) {
    if (token === '' || /^[#№\-\u2010-\u2014]$/u.test(token)) continue;
    if (DIGIT_TOKEN.test(token)) {
      if (!inBlock) blocks += 1;
      inBlock = true;
      digits += token.replace(/\D/g, '');
      continue;
    }
    inBlock = false;
    if (WORD_TOKEN.test(token)) continue;
    const shape = trackingShape(token);
    if (!shape || tracking) return { kind: 'none' };
    tracking = shape;
  }
  if (tracking) return blocks === 0 ? { kind: 'tracking', value: tracking } : { kind: 'none' };
  if (blocks !== 1) return { kind: 'none' };
  return classifyDigits(digits);
}

/*
 * Digit groups joined by single spaces or dashes, not glued to letters, digits
 * or a decimal/date separator followed by a digit. A leading + is matched so
 * that a whole phone number is consumed (and then skipped), not its tail.
 * Groups and separators are disjoint classes, so matching is linear.
 */
const RUN_IN_TEXT =
  /(?<![\p{L}\p{N}_+])(?<!\p{N}[.,/])\+?\d+(?:[ \u00A0\u202F\-\u2010-\u2013]\d+)*(?![\p{L}\p{N}_])(?![.,/]\p{N})/gu;

function isOrderLength(digits: string): boolean {
  return digits.length >= ORDER_MIN && digits.length <= ORDER_MAX && !isCardNotOrder(digits);
}

/*
 * Within one grouped run, a single group that alone has order length wins
 * ("8123456789012345 2 шт." is the order plus a quantity); otherwise the whole
 * run is the number typed in groups ("8123 4567 8901 2345").
 */
function orderInRun(run: string): string | null {
  if (run.startsWith('+')) return null;
  const groups = run.split(/\D/);
  const alone = groups.find(isOrderLength);
  if (alone) return alone;
  const joined = groups.join('');
  return isOrderLength(joined) ? joined : null;
}

/**
 * Finds an order number typed anywhere in a free sentence ("мой заказ
 * 8123 4567 8901 2345 пришёл", "order #8123456789012345"): 15–19 digits,
 * possibly grouped, standalone (not part of a tracking number or other
 * alphanumeric token) and not card-like. The first such number wins.
 */
export function findOrderNumberInText(text: string): string | null {
  for (const match of text.matchAll(RUN_IN_TEXT)) {
    const found = orderInRun(match[0]);
    if (found) return found;
  }
  return null;
}
