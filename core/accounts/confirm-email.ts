import { recordAudit } from '../audit/record-audit.js';
import { runTransaction } from '../codes/run-transaction.js';
import type { CodeDeps } from '../codes/types.js';
import { hashConfirmationToken, isConfirmationToken } from './confirmation-token.js';

export type ConfirmEmailResult = { kind: 'confirmed'; loginId: string } | { kind: 'alreadyConfirmed' } | { kind: 'invalid' } | { kind: 'expired' };

/**
 * Opens a confirmation link (single use): the account's email becomes confirmed and an
 * UNCONFIRMED account becomes ACTIVE. Opening a used link again, or any link of an account
 * already confirmed, answers `alreadyConfirmed`.
 */
export async function confirmEmail(deps: Pick<CodeDeps, 'prisma' | 'now'>, token: string): Promise<ConfirmEmailResult> {
  if (!isConfirmationToken(token)) return { kind: 'invalid' };
  const now = deps.now();
  const link = await deps.prisma.emailConfirmation.findUnique({
    where: { tokenHash: hashConfirmationToken(token) },
    select: { id: true, accountId: true, usedAt: true, expiresAt: true, account: { select: { emailConfirmed: true, status: true } } },
  });
  if (!link || link.account.status === 'DELETED') return { kind: 'invalid' };
  if (link.usedAt) return link.account.emailConfirmed ? { kind: 'alreadyConfirmed' } : { kind: 'invalid' };
  if (link.expiresAt.getTime() <= now.getTime()) return { kind: 'expired' };

  return runTransaction(deps.prisma, async (tx): Promise<ConfirmEmailResult> => {
    const used = await tx.emailConfirmation.updateMany({ where: { id: link.id, usedAt: null }, data: { usedAt: now } });
    const account = await tx.account.findUniqueOrThrow({ where: { id: link.accountId }, select: { id: true, loginId: true, emailConfirmed: true, status: true } });
    if (used.count === 0 || account.emailConfirmed) return { kind: 'alreadyConfirmed' };
    const status = account.status === 'UNCONFIRMED' ? 'ACTIVE' : account.status;
    await tx.account.update({ where: { id: account.id }, data: { emailConfirmed: true, status } });
    await recordAudit(tx, {
      // The shopper opened a link; no bot conversation or operator acted.
      actorType: 'SYSTEM',
      action: 'account.email_confirmed',
      accountId: account.id,
      before: { emailConfirmed: false, status: account.status },
      after: { emailConfirmed: true, status },
    });
    return { kind: 'confirmed', loginId: account.loginId };
  });
}
