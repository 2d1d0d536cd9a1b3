import type { DbClient } from '../db/client.js';
import { normalizeEmail } from './mailbox-key.js';
import type { CodePurpose } from './types.js';

export type RecipientRequest = {
  purpose: CodePurpose;
  email: string;
  accountId?: string | null;
  newEmail?: string | null;
};

/** Where a code goes, and for which account (null: nobody gets a letter). */
export type Recipient = { accountId: string | null; to: string };

// A DELETED account cannot be restored (SPEC §4.4): its mailbox gets no codes.
const LIVE = { status: { not: 'DELETED' } };

function findLiveAccount(prisma: DbClient, where: { id: string } | { emailNormalized: string }) {
  // Two live accounts may share a mailbox; the newest is the one its owner is likely to mean.
  return prisma.account.findFirst({ where: { ...where, ...LIVE }, orderBy: { createdAt: 'desc' }, select: { id: true, email: true } });
}

/**
 * Resolves the mailbox and account of a new challenge. EMAIL_NEW goes to the new address for
 * the given account. Otherwise a known account's code goes to the address on file — never to an
 * address the caller supplies — and an address without a live account gets nothing. Both
 * branches run one query, so they take about the same time.
 */
export async function resolveRecipient(prisma: DbClient, request: RecipientRequest): Promise<Recipient> {
  if (request.purpose === 'EMAIL_NEW') {
    const account = request.accountId ? await findLiveAccount(prisma, { id: request.accountId }) : null;
    return { accountId: account?.id ?? null, to: (request.newEmail ?? request.email).trim() };
  }
  const account = request.accountId
    ? await findLiveAccount(prisma, { id: request.accountId })
    : await findLiveAccount(prisma, { emailNormalized: normalizeEmail(request.email) });
  return account ? { accountId: account.id, to: account.email } : { accountId: null, to: request.email.trim() };
}
