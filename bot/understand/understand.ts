import type { Locale } from '../../core/domain.js';
import type { ButtonKey, Expectation, MenuOption, RecoveryEvent } from '../../flows/recovery/types.js';
import { maskDigits } from '../../core/text/mask-digits.js';
import type { IntentMatcher, PhraseIntent } from './intent-matcher.js';
import { classifyOrderInput, findOrderNumberInText } from './order-number.js';
import { parseCardDigits } from './card-digits.js';
import { readAmountAnswer } from './amount-answer.js';
import { parsePaymentDate } from './payment-date.js';
import { checkPhoneReset } from './phone.js';
import { findEmailAddress } from './email-address.js';
import { containsCardNumber } from './card-in-text.js';
import { normalizeCodeInput } from '../../core/codes/normalize-code-input.js';
import { formatMinor } from '../../core/text/format-minor.js';
import type { Classification } from './nlu/intent-classifier.js';
import type { NluIntent } from './nlu/corpus.js';

export type Utterance = {
  text: string;
  /** The message exactly as typed, for a password (spaces count). */
  rawText?: string;
  expect: Expectation | null;
  locale: Locale;
  today: Date;
};

const LANGUAGE_INTENTS = ['lang.ru', 'lang.uk', 'lang.pl', 'lang.en'] as const satisfies readonly PhraseIntent[];

// Most specific first: "gift card" is not a bank card.
const PAYMENT_INTENTS = ['pay.other', 'pay.wallet', 'pay.card'] as const satisfies readonly PhraseIntent[];

/*
 * How sure the model must be. Its scores are squared and normalised as in NLP.js, so a
 * recognised message scores near 1; what makes a reading doubtful is mostly how few of the
 * message's words the model knows ("coverage").
 */
const SURE_SCORE = 0.75;
const SURE_COVERAGE = 0.5;
const UNSURE_COVERAGE = 0.2;

/** The menu button that stands for an intent, for "did you mean … or …?". */
const INTENT_BUTTONS: Partial<Record<NluIntent, ButtonKey>> = {
  forgotPassword: 'menu.forgotPassword',
  cantSignIn: 'menu.forgotPassword',
  forgotAccount: 'menu.forgotAccount',
  changeEmail: 'menu.changeEmail',
  noMailbox: 'noMailbox',
  blocked: 'menu.blocked',
  whereId: 'menu.whereId',
  operator: 'menu.operator',
};

/** The flow event a tapped button stands for. */
export function buttonEvent(key: ButtonKey): RecoveryEvent {
  switch (key) {
    case 'yes':
      return { type: 'YES' };
    case 'operator':
    case 'menu.operator':
      return { type: 'OPERATOR' };
    case 'no':
    case 'noPhone':
      return { type: 'NO' };
    case 'startOver':
      return { type: 'MENU' };
    case 'resetPassword':
      return { type: 'RESET_PASSWORD' };
    case 'resendCode':
      return { type: 'RESEND' };
    case 'noMailbox':
      return { type: 'CHOOSE', option: 'lostMailbox' };
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
      const answer = readAmountAnswer(u.text, u.locale, u.today);
      if (answer.kind === 'amount') {
        const amount = { type: 'AMOUNT', minor: answer.minor, display: formatMinor(answer.minor) } as const;
        return answer.dates ? { ...amount, candidates: answer.dates } : amount;
      }
      if (answer.kind === 'approximate' || answer.kind === 'date') return { type: 'NOT_AN_AMOUNT', reason: answer.kind };
      return null;
    }
    case 'date': {
      const dates = parsePaymentDate(u.text, u.locale, u.today);
      return dates && dates.length > 0 ? { type: 'DATE', candidates: dates, display: dates.join(' / ') } : null;
    }
    case 'phone': {
      if (intents.has('noPhone', u.text) || intents.answer(u.text, u.locale)?.answer === 'no') return { type: 'NO' };
      if (!/\d{4,}|\d[\d\s().-]{6,}/.test(u.text)) return null;
      const check = checkPhoneReset(u.text);
      return { type: 'PHONE', check: check.kind === 'eligible' ? { kind: 'eligible', site: check.site, country: check.country } : check.kind === 'notEligible' ? { kind: 'notEligible', country: check.country } : { kind: 'invalid' } };
    }
    case 'code': {
      const code = normalizeCodeInput(u.text);
      return code ? { type: 'CODE', code } : null;
    }
    case 'email': {
      const address = findEmailAddress(u.text);
      return address ? { type: 'EMAIL', address } : null;
    }
    default:
      return null;
  }
}

const isSure = (c: Classification) => (c.ranking[0]?.score ?? 0) >= SURE_SCORE && c.known >= SURE_COVERAGE;

/** The events an intent stands for at the current question, most fitting first. */
function intentEvents(intent: NluIntent, expect: Expectation | null): RecoveryEvent[] {
  const choose = (option: MenuOption): RecoveryEvent => ({ type: 'CHOOSE', option });
  switch (intent) {
    case 'operator':
      return [{ type: 'OPERATOR' }];
    case 'startOver':
      return [{ type: 'MENU' }];
    case 'thanks':
      return [{ type: 'THANKS' }];
    case 'greeting':
      return [{ type: 'GREETING' }];
    // "Не помню" answers a "do you remember / do you have" question with no.
    case 'dontKnow':
      return expect === 'yesNo' ? [{ type: 'NO' }, { type: 'DONT_KNOW' }] : [{ type: 'DONT_KNOW' }];
    case 'noMailbox':
      return [choose('lostMailbox')];
    case 'codeNotArriving':
      return [{ type: 'RESEND' }, choose('codeHelp')];
    case 'forgotPassword':
      // Right after an account was found, "reset the password" means that account's.
      return expect === 'matched' ? [{ type: 'RESET_PASSWORD' }, choose('forgotPassword')] : [choose('forgotPassword')];
    case 'cantSignIn':
      return [choose('forgotPassword')];
    case 'forgotAccount':
      if (expect === 'email') return [{ type: 'DONT_KNOW' }, choose('forgotAccount')];
      return expect === 'yesNo' ? [{ type: 'NO' }, choose('forgotAccount')] : [choose('forgotAccount')];
    case 'deletedAccount':
      return [choose('deleted')];
    case 'changeEmail':
    case 'blocked':
    case 'whereId':
    case 'register':
    case 'other':
      return [choose(intent)];
  }
}

/** "Did you mean … or …?" when the model leans to two meanings the menu offers, else nothing. */
function clarification(c: Classification): RecoveryEvent | null {
  if (c.known < UNSURE_COVERAGE) return null;
  const buttons = [...new Set(c.ranking.map((s) => INTENT_BUTTONS[s.intent]).filter((b) => b !== undefined))];
  const [first, second] = buttons;
  return first && second ? { type: 'CLARIFY', options: [first, second] } : null;
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
    const meaning = intents.classify(u.text, u.locale);
    const top = meaning.ranking[0]?.intent;
    if (isSure(meaning) && top === 'operator') return { type: 'OPERATOR' };
    if (isSure(meaning) && top === 'startOver') return { type: 'MENU' };
  }
  return { type: 'PASSWORD', password };
}

/**
 * Every meaning a message may have at the current question, most specific first: a tapped
 * button; the data the question asked for (so a full card number at the card step is never
 * read as an order number); a number or address that answers this question or the next one
 * ("да, вот номер 8123…", an email at "do you remember the email?"); the language switch;
 * yes or no in the conversation's language; what the trained model recognised; a
 * clarifying question when it is unsure. The caller takes the first its flow can use.
 */
export function interpret(u: Utterance, intents: IntentMatcher): RecoveryEvent[] {
  const button = intents.button(u.text, u.locale);
  if (button) return [buttonEvent(button)];
  if (u.expect === 'password') return [readPasswordAnswer(u, intents)];

  const data = readExpectedData(u, intents);
  if (data) return [data];

  const events: RecoveryEvent[] = [];
  const card = u.expect !== 'cardDigits' ? parseCardDigits(u.text) : null;
  const cardDigits = card ? ({ type: 'CARD_DIGITS', bin: card.bin, last4: card.last4, wasFullNumber: card.wasFullNumber } as const) : null;
  if (containsCardNumber(u.text)) {
    // A full card number is card data where card data is asked next, and a warning elsewhere.
    if (cardDigits) events.push(cardDigits);
    events.push({ type: 'CARD_LIKE' });
    return events;
  }

  const language = intents.first(LANGUAGE_INTENTS, u.text);
  if (language) events.push(buttonEvent(language));

  if (u.expect !== 'cardDigits') {
    const digits = findOrderNumberInText(u.text);
    if (digits) events.push({ type: 'ORDER_NUMBER', digits, display: maskDigits(digits) });
  }
  const address = findEmailAddress(u.text);
  if (address) events.push({ type: 'EMAIL', address });
  if (cardDigits && !cardDigits.wasFullNumber) events.push(cardDigits);

  if (u.expect === 'payment') {
    const method = intents.first(PAYMENT_INTENTS, u.text);
    if (method) events.push(buttonEvent(method));
  }

  const meaning = intents.classify(u.text, u.locale);
  const top = meaning.ranking[0]?.intent;
  const sure = isSure(meaning) && top !== undefined;
  // "Нет доступа к почте" opens with "нет" but is its own path, not a plain no.
  if (sure && top === 'noMailbox') events.push(...intentEvents(top, u.expect));

  // At a yes/no question an opening "да"/"nie" answers it; elsewhere only a bare yes or no
  // does, and "не могу войти" is a request, not a no.
  const answer = intents.answer(u.text, u.locale);
  const yesNo: RecoveryEvent[] = answer ? [answer.answer === 'yes' ? { type: 'YES' } : { type: 'NO' }] : [];
  const answerFirst = answer !== null && (u.expect === 'yesNo' || answer.whole);
  if (answerFirst) events.push(...yesNo);

  if (sure) events.push(...intentEvents(top, u.expect));
  else {
    const ask = clarification(meaning);
    if (ask) events.push(ask);
  }
  if (!answerFirst) events.push(...yesNo);
  events.push(u.expect === 'queued' ? { type: 'TEXT' } : { type: 'UNKNOWN' });
  return events;
}

/** The first meaning of the message that `accepts` allows (by default, the first). */
export function understand(u: Utterance, intents: IntentMatcher, accepts: (event: RecoveryEvent) => boolean = () => true): RecoveryEvent {
  const events = interpret(u, intents);
  return events.find(accepts) ?? { type: 'UNKNOWN' };
}
