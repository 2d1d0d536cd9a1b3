import type { ButtonKey, Prompt } from './types.js';

const MENU_BUTTONS: ButtonKey[] = [
  'menu.forgotPassword',
  'menu.forgotAccount',
  'menu.changeEmail',
  'menu.blocked',
  'menu.whereId',
  'menu.operator',
];

/**
 * The question each waiting state asks. A state says it on entry and again when the
 * shopper's answer was not understood or the language changed.
 */
export const PROMPTS = {
  chooseLanguage: { key: 'language.choose', buttons: ['lang.ru', 'lang.uk', 'lang.pl', 'lang.en'], expect: 'language' },
  menu: { key: 'menu.prompt', buttons: MENU_BUTTONS, expect: 'menu' },
  forgotPasswordRemembersEmail: { key: 'password.remembersEmail', buttons: ['yes', 'no'], expect: 'yesNo' },
  changeEmailHasMailbox: { key: 'email.hasMailbox', buttons: ['yes', 'no'], expect: 'yesNo' },
  askHasOrders: { key: 'retrieval.hasOrders', buttons: ['yes', 'no'], expect: 'yesNo' },
  askRemembersEmail: { key: 'retrieval.remembersEmail', buttons: ['yes', 'no'], expect: 'yesNo' },
  askPhone: { key: 'retrieval.askPhone', buttons: ['noPhone'], expect: 'phone' },
  noOrdersDeadEnd: { key: 'retrieval.noOrdersOfferOperator', buttons: ['operator', 'startOver'], expect: 'yesNo' },
  askHasOrderNumber: { key: 'retrieval.hasOrderNumber', buttons: ['yes', 'no'], expect: 'yesNo' },
  askOrderNumber: { key: 'retrieval.askOrderNumber', buttons: ['no'], expect: 'orderNumber' },
  askPaymentMethod: { key: 'retrieval.askPayment', buttons: ['pay.card', 'pay.wallet', 'pay.other'], expect: 'payment' },
  askCardDigits: { key: 'retrieval.askCardDigits', expect: 'cardDigits' },
  askAmount: { key: 'retrieval.askAmount', expect: 'amount' },
  askDate: { key: 'retrieval.askDate', expect: 'date' },
  matched: { key: 'retrieval.whatNext', buttons: ['resetPassword', 'startOver', 'operator'], expect: 'matched' },
  askNewEmail: { key: 'email.askNew', expect: 'email' },
  matchedBlocked: { key: 'retrieval.blockedWhatNext', buttons: ['operator', 'startOver'], expect: 'yesNo' },
  matchedClosed: { key: 'retrieval.closedWhatNext', buttons: ['startOver', 'operator'], expect: 'menu' },
  lockedOut: { key: 'retrieval.lockedOfferOperator', buttons: ['operator', 'startOver'], expect: 'yesNo' },
  queued: { key: 'handoff.waitHere', expect: 'queued' },
  askCode: { key: 'code.ask', buttons: ['resendCode', 'noMailbox', 'operator'], expect: 'code' },
  codeLocked: { key: 'code.lockedOfferOperator', buttons: ['operator', 'startOver'], expect: 'yesNo' },
  resetAskEmail: { key: 'password.askEmail', expect: 'email' },
  askNewPassword: { key: 'password.askNew', expect: 'password' },
  askRepeatPassword: { key: 'password.askRepeat', expect: 'password' },
  askCurrentEmail: { key: 'email.askCurrent', expect: 'email' },
  askNewAddress: { key: 'email.askNewAddress', expect: 'email' },
  /** Card details not at hand: an order number typed here still works; otherwise an operator. */
  cardDetailsUnknown: { key: 'retrieval.cardDetailsUnknown', buttons: ['operator', 'startOver'], expect: 'orderNumber' },
  offTopic: { key: 'offTopic.offer', buttons: ['operator', 'startOver'], expect: 'yesNo' },
  farewell: { key: 'common.farewell', buttons: ['startOver'], expect: 'menu' },
  blockedAskEmail: { key: 'blocked.askEmail', buttons: ['menu.forgotAccount', 'operator'], expect: 'email' },
  // The marketplace's directory did not answer: the shopper may send the same answer again later,
  // or take what they told so far to an operator. One wording, each waiting for its own answer.
  orderUnavailable: { key: 'directory.unavailable', buttons: ['operator', 'startOver'], expect: 'orderNumber' },
  cardUnavailable: { key: 'directory.unavailable', buttons: ['operator', 'startOver'], expect: 'date' },
  codeUnavailable: { key: 'directory.unavailable', buttons: ['operator', 'startOver'], expect: 'code' },
  passwordUnavailable: { key: 'directory.unavailable', buttons: ['operator', 'startOver'], expect: 'password' },
  /** Nothing to type again (the address is known): "try again?" */
  retryUnavailable: { key: 'directory.unavailableRetry', buttons: ['yes', 'operator'], expect: 'yesNo' },
} as const satisfies Record<string, Prompt>;

export type PromptName = keyof typeof PROMPTS;
