import type { DbTransaction } from '../db/client.js';

/**
 * Whether another live account uses this (normalized) address. A DELETED account's mailbox is
 * free: SPEC §4.4 tells its owner to register anew with the same mailbox.
 */
export async function isEmailTaken(prisma: DbTransaction, emailNormalized: string, exceptAccountId: string): Promise<boolean> {
  const other = await prisma.account.findFirst({
    where: { emailNormalized, id: { not: exceptAccountId }, status: { not: 'DELETED' } },
    select: { id: true },
  });
  return other !== null;
}
