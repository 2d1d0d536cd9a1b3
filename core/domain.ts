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

/**
 * One piece of evidence and whether it matched the directory (null: not checked). `accountId`
 * names the one account a matching piece points to, so the desk can tell a match on the case's
 * own account from a match on some other account the shopper also named.
 */
export type EvidenceItem = { kind: EvidenceKind; display: string; matched: boolean | null; accountId?: string | null };

/** What a shopper may learn about an account they proved: masked, no secrets. */
export type AccountSummary = {
  ref: string;
  loginId: string;
  maskedEmail: string;
  status: AccountStatus;
  social: string | null;
};

/** The result of one account-retrieval try; "not found" is worded the same whatever the reason. */
export type RetrievalOutcome =
  | { kind: 'match'; account: AccountSummary; evidence: EvidenceItem[] }
  | { kind: 'notFound'; attemptsLeft: number; evidence: EvidenceItem[] }
  | { kind: 'locked'; retryAfterMinutes: number }
  /** The directory did not answer: nothing was checked or counted; the pieces stay unchecked. */
  | { kind: 'unavailable'; evidence: EvidenceItem[] };
