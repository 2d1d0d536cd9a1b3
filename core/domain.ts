/** The product's vocabulary, shared by the bot, the flows' callers and (later) the desk. */

export const LOCALES = ['ru', 'uk', 'pl', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const ACCOUNT_STATUSES = ['ACTIVE', 'UNCONFIRMED', 'TEMP_BLOCKED', 'ABOLISHED', 'DELETED'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export const PAYMENT_METHODS = ['CARD', 'WALLET', 'OTHER'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const CASE_TYPES = [
  'EMAIL_CHANGE_LOCKED_MAILBOX',
  'UNBLOCK',
  'ACCOUNT_NOT_FOUND',
  'OTHER_PAYMENT_METHOD',
  'GENERAL',
] as const;
export type CaseType = (typeof CASE_TYPES)[number];

export const CASE_STATUSES = ['WAITING', 'CLAIMED', 'RESOLVED', 'REJECTED'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const EVIDENCE_KINDS = ['ORDER_NUMBER', 'CARD', 'AMOUNT', 'PAYMENT_DATE', 'EMAIL', 'PHONE'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
