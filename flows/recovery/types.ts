import type { AccountStatus, AccountSummary, CaseType, EvidenceItem, Locale, PaymentMethod } from '../../core/domain.js';

export type { AccountSummary, EvidenceItem, RetrievalOutcome } from '../../core/domain.js';

/** Buttons a prompt offers; the bot renders each as a suggested action in the shopper's language. */
export const BUTTON_KEYS = [
  'menu.forgotPassword',
  'menu.forgotAccount',
  'menu.changeEmail',
  'menu.blocked',
  'menu.whereId',
  'menu.operator',
  'yes',
  'no',
  'pay.card',
  'pay.wallet',
  'pay.other',
  'noPhone',
  'startOver',
  'operator',
  'resetPassword',
  'resendCode',
  'noMailbox',
  'lang.ru',
  'lang.uk',
  'lang.pl',
  'lang.en',
] as const;
export type ButtonKey = (typeof BUTTON_KEYS)[number];

export type MenuOption =
  | 'forgotPassword'
  | 'forgotAccount'
  | 'changeEmail'
  | 'blocked'
  | 'whereId'
  | 'operator'
  | 'register'
  /** No access to the account's mailbox: the email change for a lost mailbox (SPEC §4.2). */
  | 'lostMailbox'
  /** A code or letter from the shop's own sign-in page never came. */
  | 'codeHelp'
  /** Bring back a deleted account. */
  | 'deleted'
  /** Something this bot does not handle: an operator is offered. */
  | 'other';

/** What the bot understood from a state's input; tells the bot which parser to apply. */
export type Expectation =
  | 'language'
  | 'menu'
  | 'matched'
  | 'yesNo'
  | 'payment'
  | 'orderNumber'
  | 'cardDigits'
  | 'amount'
  | 'date'
  | 'phone'
  | 'email'
  | 'code'
  | 'password'
  | 'queued';

export type Params = Record<string, string | number>;

/** A message the flow wants said: a locale key, its parameters, and buttons. */
export type Message = { key: string; params?: Params; buttons?: ButtonKey[] };

export type Prompt = Message & { expect: Expectation };

export type OrderLookupInput = { orderNumber: string };
export type CardLookupInput = { bin: string; last4: string; amountMinor: number; dates: string[] };

export type OpenCaseInput = {
  type: CaseType;
  locale: Locale;
  evidence: EvidenceItem[];
  accountRef: string | null;
  blockStatus: AccountStatus | null;
  requestedEmail: string | null;
};
export type OpenCaseOutput = { caseNumber: number; position: number };

export type CaseProgress = { open: boolean; position: number; caseNumber: number };

export type PhoneCheck =
  | { kind: 'invalid' }
  | { kind: 'eligible'; site: 'global' | 'ruLocal'; country: string }
  | { kind: 'notEligible'; country: string | null };

export type RecoveryEvent =
  | { type: 'LANGUAGE'; locale: Locale }
  | { type: 'MENU' }
  | { type: 'OPERATOR' }
  | { type: 'CHOOSE'; option: MenuOption }
  | { type: 'YES' }
  | { type: 'NO' }
  | { type: 'PAYMENT'; method: PaymentMethod }
  | { type: 'ORDER_NUMBER'; digits: string; display: string }
  | { type: 'TRACKING_NUMBER' }
  | { type: 'CARD_LIKE' }
  | { type: 'WRONG_LENGTH'; length: number }
  | { type: 'CARD_DIGITS'; bin: string; last4: string; wasFullNumber: boolean }
  /** `candidates`: the payment date typed in the same message, when there was one. */
  | { type: 'AMOUNT'; minor: number; display: string; candidates?: string[] }
  /** Not an exact amount: an approximate one ("около 1520") or a date typed at the amount question. */
  | { type: 'NOT_AN_AMOUNT'; reason: 'approximate' | 'date' }
  | { type: 'DATE'; candidates: string[]; display: string }
  | { type: 'PHONE'; check: PhoneCheck }
  | { type: 'RESET_PASSWORD' }
  | { type: 'EMAIL'; address: string }
  | { type: 'CODE'; code: string }
  | { type: 'RESEND' }
  | { type: 'PASSWORD'; password: string }
  | { type: 'TEXT' }
  /** The desk ended the case (resolved or rejected): the conversation is the bot's again. */
  | { type: 'CASE_CLOSED' }
  /** Not understood; `repeated` when the message before was not understood either. */
  | { type: 'UNKNOWN'; repeated?: boolean }
  /** Unsure between two meanings: asked back, with both as buttons. */
  | { type: 'CLARIFY'; options: [ButtonKey, ButtonKey] }
  /** "I don't remember" / "не помню": the data asked for is not at hand. */
  | { type: 'DONT_KNOW' }
  | { type: 'GREETING' }
  /** Thanks or goodbye. */
  | { type: 'THANKS' }
  | { type: 'NON_TEXT' }
  | { type: 'TOO_LONG'; max: number };

export type RecoveryInput = { locale: Locale | null };

export type SayEvent = { type: 'say'; message: Message };

/** What a one-time code proves: the mailbox of a password reset, of an email change, or the account. */
export type CodePurpose = 'PASSWORD_RESET' | 'EMAIL_CURRENT' | 'EMAIL_NEW' | 'ACCOUNT_PROOF';

export type ChallengeInput = {
  purpose: CodePurpose;
  locale: Locale;
  /** The address the shopper typed; null when the account is already proven (its own address is used). */
  email: string | null;
  accountRef: string | null;
  newEmail: string | null;
};
/** `unavailable` (here and below): the marketplace's directory did not answer; nothing was done or counted. */
export type ChallengeOutcome = { kind: 'sent' } | { kind: 'mailFailed' } | { kind: 'locked'; retryAfterMinutes: number } | { kind: 'unavailable' };
export type ResendOutcome =
  | { kind: 'sent' }
  | { kind: 'tooSoon'; seconds: number }
  | { kind: 'limitReached' }
  | { kind: 'noChallenge' }
  | { kind: 'mailFailed' }
  | { kind: 'unavailable' };
export type VerifyOutcome =
  | { kind: 'ok'; account: AccountSummary }
  | { kind: 'wrong'; attemptsLeft: number }
  | { kind: 'expired' }
  | { kind: 'locked'; retryAfterMinutes: number }
  | { kind: 'noChallenge' }
  | { kind: 'unavailable' };
export type PasswordRejection = 'tooShort' | 'tooLong' | 'tooCommon' | 'containsIdentity';
export type PasswordOutcome = { kind: 'ok' } | { kind: 'rejected'; reason: PasswordRejection } | { kind: 'notVerified' } | { kind: 'unavailable' };
export type ConfirmPasswordOutcome = { kind: 'changed' } | { kind: 'mismatch' } | { kind: 'notVerified' } | { kind: 'unavailable' };
export type NewEmailOutcome = { kind: 'ok' } | { kind: 'taken' } | { kind: 'same' } | { kind: 'notVerified' } | { kind: 'unavailable' };
export type EmailChangeOutcome = { kind: 'changed'; maskedEmail: string } | { kind: 'taken' } | { kind: 'notVerified' } | { kind: 'unavailable' };
export type ConfirmationOutcome = { kind: 'sent' } | { kind: 'mailFailed' } | { kind: 'alreadyConfirmed' } | { kind: 'unavailable' };
