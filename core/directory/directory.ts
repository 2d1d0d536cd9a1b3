import type { AccountStatus } from '../domain.js';

/**
 * The marketplace's directory: the one way any part of the product reads or changes accounts and
 * orders (SPEC §1). Two adapters implement it: the embedded one over the product's own tables,
 * loaded from a snapshot (core/directory/embedded/, the default), and the HTTP one that calls the
 * marketplace's own services under the contract in docs/directory-api.yaml (core/directory/http/).
 * Both run one conformance suite (tests/directory/directory-conformance.ts).
 *
 * Every expected outcome is a value, never an exception:
 *
 * | operation | not found | ambiguous | unavailable |
 * |---|---|---|---|
 * | findByOrder | `notFound` | cannot happen: an order number belongs to one account | `unavailable` |
 * | findByCardPayment | `notFound`, saying which parts matched | `ambiguous` (several accounts made such a payment: nobody is named) | `unavailable` |
 * | findByEmail | `notFound` (DELETED accounts are not looked at) | never: of several live accounts with the address, the newest | `unavailable` |
 * | getAccount, readStatus | `notFound` (the reference is unknown) | cannot happen: a reference names one account | `unavailable` |
 * | setPassword, changeEmail, confirmEmail, liftBlock | `notFound` | cannot happen | `unavailable`: the change may or may not have happened; the same idempotency key later gives the one answer |
 *
 * `unavailable` means the directory did not answer in time or at all (the HTTP adapter's timeout,
 * retries and circuit breaker decide). The embedded adapter never answers it: its failures are
 * the database's, which throw like any other database failure. A malformed answer or a reused
 * idempotency key is a programming error and throws `DirectoryError`.
 */
export interface Directory {
  /** The account an order belongs to, by the exact order number (digits only). */
  findByOrder(orderNumber: string): Promise<AccountLookup>;
  /** The account that made a card payment: BIN + last 4, the exact amount, paid within one of the windows. */
  findByCardPayment(query: CardPaymentQuery): Promise<CardPaymentLookup>;
  /** The live (not DELETED) account using this address, compared case-insensitively. */
  findByEmail(email: string): Promise<AccountLookup>;
  /** The account's public view, by the reference a lookup gave. DELETED accounts are found too. */
  getAccount(ref: AccountRef): Promise<AccountLookup>;
  /** Only the account's status: what the desk needs before lifting a block. */
  readStatus(ref: AccountRef): Promise<StatusLookup>;
  /**
   * Sets a new password (typed by the account's owner, twice, and checked against the policy).
   * The directory stores it with its own hashing and ends the account's other sessions.
   * Refused for a DELETED account.
   */
  setPassword(ref: AccountRef, change: ChangeKey & { password: string }): Promise<ChangeAnswer>;
  /**
   * Makes `email` the account's address. The new mailbox proved itself with a code, so the address
   * counts as confirmed and an UNCONFIRMED account becomes ACTIVE. `taken` when another live account
   * uses the address; refused for a DELETED account.
   */
  changeEmail(ref: AccountRef, change: ChangeKey & { email: string }): Promise<EmailChangeAnswer>;
  /**
   * Confirms the account's current address (the owner opened a confirmation link): an UNCONFIRMED
   * account becomes ACTIVE. Confirming a confirmed address is `done` with nothing changed
   * (`before.emailConfirmed` says so). Refused for a DELETED account.
   */
  confirmEmail(ref: AccountRef, change: ChangeKey): Promise<ChangeAnswer>;
  /**
   * Lifts a block: the account becomes ACTIVE, only if its status still is `from` (the status the
   * operator saw); otherwise refused with the current status.
   */
  liftBlock(ref: AccountRef, change: ChangeKey & { from: LiftableStatus }): Promise<ChangeAnswer>;
}

/**
 * The directory's own name for an account: opaque to the product, stable, URL-safe, at most 128
 * characters. Cases, codes and email changes keep it (as `accountId`); never a Login ID or an email.
 */
export type AccountRef = string;

export const ACCOUNT_REF_PATTERN = /^[A-Za-z0-9._~-]{1,128}$/;

/** An account as the directory shows it to the product: no password, no orders, no payments. */
export type DirectoryAccount = {
  ref: AccountRef;
  loginId: string;
  email: string;
  emailConfirmed: boolean;
  status: AccountStatus;
  /** The social network of a social-login account (vk, facebook, google, …), else null. */
  social: string | null;
  country: string;
  phone: string | null;
};

export type Unavailable = { kind: 'unavailable' };

export type AccountLookup = { kind: 'found'; account: DirectoryAccount } | { kind: 'notFound' } | Unavailable;

export type StatusLookup = { kind: 'found'; status: AccountStatus } | { kind: 'notFound' } | Unavailable;

/** A time window a payment may have been made in: `from` inclusive, `to` exclusive. */
export type PaymentWindow = { from: Date; to: Date };

export type CardPaymentQuery = { bin: string; last4: string; amountMinor: number; paidWithin: PaymentWindow[] };

/**
 * Which parts of a card payment the directory knows: a payment on that card at all, one of that
 * amount on it, and one of that amount within a window. For the desk's evidence checklist only;
 * the shopper learns only whether one account was found.
 */
export type CardPaymentParts = { card: boolean; amount: boolean; date: boolean };

export type CardPaymentLookup =
  | { kind: 'found'; account: DirectoryAccount; parts: CardPaymentParts }
  | { kind: 'notFound'; parts: CardPaymentParts }
  | { kind: 'ambiguous'; parts: CardPaymentParts }
  | Unavailable;

/**
 * Every change carries a key naming the intent (`password-reset:<challenge id>`, …): the same key
 * again, after a timeout say, gets the first answer and changes nothing more. The same key with a
 * different request is refused (DirectoryError). Directories keep keys at least 24 hours.
 */
export type ChangeKey = { idempotencyKey: string };

export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:-]{1,200}$/;

export type LiftableStatus = 'TEMP_BLOCKED' | 'ABOLISHED';

/** What the account was before a change, for the audit log and the notice to the old address. */
export type AccountBefore = { email: string; emailConfirmed: boolean; status: AccountStatus };

export type ChangeAnswer =
  | { kind: 'done'; account: DirectoryAccount; before: AccountBefore }
  | { kind: 'refused'; status: AccountStatus }
  | { kind: 'notFound' }
  | Unavailable;

export type EmailChangeAnswer = ChangeAnswer | { kind: 'taken' };

/** A directory that broke the contract (a malformed answer, a reused idempotency key): a bug, not an outcome. */
export class DirectoryError extends Error {
  constructor(
    readonly code: 'BadAnswer' | 'IdempotencyKeyReused' | 'BadRequest',
    message: string,
  ) {
    super(message);
    this.name = 'DirectoryError';
  }
}
