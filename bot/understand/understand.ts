import type { Locale } from '../../core/domain.js';
import type { ButtonKey, Expectation, MenuOption, RecoveryEvent } from '../../flows/recovery/types.js';
import { maskDigits } from '../../core/text/mask-digits.js';
import type { IntentMatcher, PhraseIntent } from './intent-matcher.js';
import { classifyOrderInput, findOrderNumberInText } from './order-number.js';
import { parseCardDigits } from './card-digits.js';
import { parseAmount } from './amount.js';
import { parsePaymentDate } from './payment-date.js';
import { checkPhoneReset } from './phone.js';
import { findEmailAddress } from './email-address.js';
import { containsCardNumber } from './card-in-text.js';
import { normalizeCodeInput } from '../../core/codes/normalize-code-input.js';
import { formatMinor } from '../../core/text/format-minor.js';

export type Utterance = {
  text: string;
  /** The message exactly as typed, for a password (spaces count). */
  rawText?: string;
  expect: Expectation | null;
  locale: Locale;
  today: Date;
};

const MENU_INTENTS = [
  'menu.forgotPassword',
  'menu.forgotAccount',
  'menu.changeEmail',
  'menu.blocked',
  'menu.whereId',
] as const satisfies readonly PhraseIntent[];

const LANGUAGE_INTENTS = ['lang.ru', 'lang.uk', 'lang.pl', 'lang.en'] as const satisfies readonly PhraseIntent[];

// Most specific first: "gift card" is not a bank card.
const PAYMENT_INTENTS = ['pay.other', 'pay.wallet', 'pay.card'] as const satisfies readonly PhraseIntent[];

/** The flow event a tapped button stands for. */
export function buttonEvent(key: ButtonKey): RecoveryEvent {
  switch (key) {
    case 'yes':
    case 'operator':
      return key === 'yes' ? { type: 'YES' } : { type: 'OPERATOR' };
    case 'no':
    case 'noPhone':
      return { type: 'NO' };
    case 'startOver':
      return { type: 'MENU' };
    case 'resetPassword':
      return { type: 'RESET_PASSWORD' };
    case 'resendCode':
      return { type: 'RESEND' };
    case 'menu.operator':
      return { type: 'OPERATOR' };
    case 'pay.card':
      return { type: 'PAYMENT', method: 'CARD' };
    case 'pay.wallet':
      return { type: 'PAYMENT', method: 'WALLET' };
    case 'pay.other':
      return { type: 'PAYMENT', method: 'OTHER' };
    case 'lang.ru':
    case 'lang.uk':
    case 'lang.pl':
    case 'lang.en':
      return { type: 'LANGUAGE', locale: key.slice(5) as Locale };
    default:
      return { type: 'CHOOSE', option: key.slice(5) as MenuOption };
  }
}

/** Reads the data a waiting state asked for; null when the text is not that kind of answer. */
function readExpectedData(u: Utterance, intents: IntentMatcher): RecoveryEvent | null {
  switch (u.expect) {
    case 'orderNumber': {
      const order = classifyOrderInput(u.text);
      if (order.kind === 'order') return { type: 'ORDER_NUMBER', digits: order.digits, display: maskDigits(order.digits) };
      if (order.kind === 'tracking') return { type: 'TRACKING_NUMBER' };
      if (order.kind === 'cardLike') return { type: 'CARD_LIKE' };
      if (order.kind === 'wrongLength') return { type: 'WRONG_LENGTH', length: order.length };
      return null;
    }
    case 'cardDigits': {
      const card = parseCardDigits(u.text);
      return card ? { type: 'CARD_DIGITS', bin: card.bin, last4: card.last4, wasFullNumber: card.wasFullNumber } : null;
    }
    case 'amount': {
      const amount = parseAmount(u.text);
      return amount ? { type: 'AMOUNT', minor: amount.minor, display: formatMinor(amount.minor) } : null;
    }
    case 'date': {
      const dates = parsePaymentDate(u.text, u.locale, u.today);
      return dates && dates.length > 0 ? { type: 'DATE', candidates: dates, display: dates.join(' / ') } : null;
    }
    case 'phone': {
      if (intents.has('noPhone', u.text) || intents.answer(u.text) === 'no') return { type: 'NO' };
      if (!/\d{4,}|\d[\d\s().-]{6,}/.test(u.text)) return null;
      const check = checkPhoneReset(u.text);
      return { type: 'PHONE', check: check.kind === 'eligible' ? { kind: 'eligible', site: check.site, country: check.country } : check.kind === 'notEligible' ? { kind: 'notEligible', country: check.country } : { kind: 'invalid' } };
    }
    case 'code': {
      const code = normalizeCodeInput(u.text);
      if (code) return { type: 'CODE', code };
      return intents.has('resend', u.text) ? { type: 'RESEND' } : null;
    }
    case 'email': {
      const address = findEmailAddress(u.text);
      return address ? { type: 'EMAIL', address } : null;
    }
    default:
      return null;
  }
}

function readAnswer(u: Utterance, intents: IntentMatcher): RecoveryEvent | null {
  if (u.expect === 'payment') {
    const method = intents.first(PAYMENT_INTENTS, u.text);
    if (method) return buttonEvent(method);
  }
  const answer = intents.answer(u.text);
  if (answer) return answer === 'yes' ? { type: 'YES' } : { type: 'NO' };
  return null;
}

/**
 * At a password question the text is the password. Only a message too short to be a
 * valid password (under 12 characters) may instead be a command — "operator", "menu" —
 * so those still work at any point and a real password is never read as a command.
 */
function readPasswordAnswer(u: Utterance, intents: IntentMatcher): RecoveryEvent {
  const password = u.rawText ?? u.text;
  if ([...password].length < 12) {
    const language = intents.first(LANGUAGE_INTENTS, u.text);
    if (language) return buttonEvent(language);
    if (intents.has('operator', u.text)) return { type: 'OPERATOR' };
    if (intents.has('menu', u.text)) return { type: 'MENU' };
  }
  return { type: 'PASSWORD', password };
}

/**
 * Turns a shopper's message into a flow event. Precedence: a tapped button; the data
 * the current question asked for (so a full card number at the card step is never
 * read as an order number); the commands that work anywhere (language, operator,
 * start over); an order number typed at any moment; the answer to the question;
 * a menu item in the shopper's own words.
 */
export function understand(u: Utterance, intents: IntentMatcher): RecoveryEvent {
  const button = intents.button(u.text);
  if (button) return buttonEvent(button);
  if (u.expect === 'password') return readPasswordAnswer(u, intents);

  const data = readExpectedData(u, intents);
  if (data) return data;
  if (containsCardNumber(u.text)) return { type: 'CARD_LIKE' };

  const language = intents.first(LANGUAGE_INTENTS, u.text);
  if (language) return buttonEvent(language);
  if (intents.has('operator', u.text)) return { type: 'OPERATOR' };
  if (intents.has('menu', u.text)) return { type: 'MENU' };

  if (u.expect !== 'cardDigits') {
    const digits = findOrderNumberInText(u.text);
    if (digits) return { type: 'ORDER_NUMBER', digits, display: maskDigits(digits) };
  }

  if (u.expect === 'matched' && intents.has('resetPassword', u.text)) return { type: 'RESET_PASSWORD' };
  // "Не помню пароль" starts with "не" but is a menu item unless a yes/no question is open.
  if (intents.has('register', u.text)) return { type: 'CHOOSE', option: 'register' };
  const choice = intents.first(MENU_INTENTS, u.text);
  if (u.expect !== 'yesNo' && choice) return buttonEvent(choice);
  const answer = readAnswer(u, intents);
  if (answer) return answer;
  if (choice) return buttonEvent(choice);
  if (intents.has('resetPassword', u.text)) return { type: 'RESET_PASSWORD' };

  return u.expect === 'queued' ? { type: 'TEXT' } : { type: 'UNKNOWN' };
}
