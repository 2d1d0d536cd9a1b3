import { recordAudit } from '../audit/record-audit.js';
import { runTransaction } from '../codes/run-transaction.js';
import type { CodeDeps } from '../codes/types.js';
import { hashConfirmationToken, isConfirmationToken } from './confirmation-token.js';

export type ConfirmEmailResult =
  | { kind: 'confirmed'; loginId: string }
  | { kind: 'alreadyConfirmed' }
  | { kind: 'invalid' }
  | { kind: 'expired' }
  /** The directory did not answer: the link stays unused and works when opened again. */
  | { kind: 'unavailable' };

/**
 * Opens a confirmation link (single use): the directory confirms the account's email and an
 * UNCONFIRMED account becomes ACTIVE, under a key naming the link, so opening it twice at once or
 * after a timeout changes nothing twice. Opening a used link again, or any link of an account
 * already confirmed, answers `alreadyConfirmed`.
 */
export async function confirmEmail(deps: Pick<CodeDeps, 'prisma' | 'directory' | 'now'>, token: string): Promise<ConfirmEmailResult> {
  if (!isConfirmationToken(token)) return { kind: 'invalid' };
  const now = deps.now();
  const link = await deps.prisma.emailConfirmation.findUnique({
    where: { tokenHash: hashConfirmationToken(token) },
    select: { id: true, accountId: true, usedAt: true, expiresAt: true },
  });
  if (!link) return { kind: 'invalid' };
  if (link.usedAt) {
    const found = await deps.directory.getAccount(link.accountId);
    if (found.kind === 'unavailable') return { kind: 'unavailable' };
    return found.kind === 'found' && found.account.status !== 'DELETED' && found.account.emailConfirmed ? { kind: 'alreadyConfirmed' } : { kind: 'invalid' };
  }
  if (link.expiresAt.getTime() <= now.getTime()) return { kind: 'expired' };

  const confirmed = await deps.directory.confirmEmail(link.accountId, { idempotencyKey: `confirm-email:${link.id}` });
  if (confirmed.kind === 'unavailable') return { kind: 'unavailable' };
  if (confirmed.kind !== 'done') return { kind: 'invalid' };
  const { before, account } = confirmed;

  return runTransaction(deps.prisma, async (tx): Promise<ConfirmEmailResult> => {
    const used = await tx.emailConfirmation.updateMany({ where: { id: link.id, usedAt: null }, data: { usedAt: now } });
    if (used.count === 0 || before.emailConfirmed) return { kind: 'alreadyConfirmed' };
    await recordAudit(tx, {
      // The shopper opened a link; no bot conversation or operator acted.
      actorType: 'SYSTEM',
      action: 'account.email_confirmed',
      accountId: link.accountId,
      before: { emailConfirmed: false, status: before.status },
      after: { emailConfirmed: true, status: account.status },
    });
    return { kind: 'confirmed', loginId: account.loginId };
  });
}
