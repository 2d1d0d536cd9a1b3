import type { AccountLookup, Directory } from '../directory/directory.js';
import type { CodePurpose } from './types.js';

export type RecipientRequest = {
  purpose: CodePurpose;
  email: string;
  accountId?: string | null;
  newEmail?: string | null;
};

/** Where a code goes, and for which account (null: nobody gets a letter); or the directory did not answer. */
export type Recipient = { accountId: string | null; to: string } | { unavailable: true };

/** A DELETED account cannot be restored (SPEC §4.4): its mailbox gets no codes. */
function live(found: AccountLookup) {
  return found.kind === 'found' && found.account.status !== 'DELETED' ? found.account : null;
}

/**
 * Resolves the mailbox and account of a new challenge. EMAIL_NEW goes to the new address for
 * the given account. Otherwise a known account's code goes to the address on file — never to an
 * address the caller supplies — and an address without a live account gets nothing. Both
 * branches ask the directory once, so they take about the same time.
 */
export async function resolveRecipient(directory: Directory, request: RecipientRequest): Promise<Recipient> {
  const found = request.accountId
    ? await directory.getAccount(request.accountId)
    : request.purpose === 'EMAIL_NEW'
      ? null
      : await directory.findByEmail(request.email);
  if (found?.kind === 'unavailable') return { unavailable: true };
  const account = found ? live(found) : null;
  if (request.purpose === 'EMAIL_NEW') return { accountId: account?.ref ?? null, to: (request.newEmail ?? request.email).trim() };
  return account ? { accountId: account.ref, to: account.email } : { accountId: null, to: request.email.trim() };
}
