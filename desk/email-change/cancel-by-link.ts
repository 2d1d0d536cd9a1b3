import { hashConfirmationToken, isConfirmationToken } from '../../core/accounts/confirmation-token.js';
import { runTransaction } from '../../core/codes/run-transaction.js';
import { isLocale, type Locale } from '../../core/domain.js';
import type { DeskDeps } from '../desk-deps.js';
import { cancelPendingEmailChanges } from './cancel-pending-email-changes.js';

export type LinkOutcome = 'cancelled' | 'alreadyCancelled' | 'tooLate' | 'invalid';

/**
 * The owner of the old mailbox opened the cancel link of a hold notice: the change stops and the
 * account keeps its address (SPEC §6). Opening it again, or after the change applied, says so.
 */
export async function cancelByLink(deps: Pick<DeskDeps, 'prisma' | 'now' | 'hub'>, token: string): Promise<{ outcome: LinkOutcome; locale: Locale | null }> {
  if (!isConfirmationToken(token)) return { outcome: 'invalid', locale: null };
  const request = await deps.prisma.emailChangeRequest.findUnique({
    where: { cancelTokenHash: hashConfirmationToken(token) },
    include: { case: { select: { claimedById: true } } },
  });
  if (!request) return { outcome: 'invalid', locale: null };
  const locale = isLocale(request.locale) ? request.locale : null;
  // APPLYING: the directory is being asked to make the change right now.
  if (request.state === 'APPLIED' || request.state === 'APPLYING') return { outcome: 'tooLate', locale };
  if (request.state !== 'ON_HOLD') return { outcome: 'alreadyCancelled', locale };

  const cancelled = await runTransaction(deps.prisma, (tx) =>
    cancelPendingEmailChanges(tx, {
      where: { id: request.id },
      states: ['ON_HOLD'],
      reason: 'OLD_ADDRESS',
      // Whoever holds the old mailbox acted, through a link: no operator, no bot.
      actor: { actorType: 'SYSTEM', actorId: null },
      now: deps.now(),
    }),
  );
  if (cancelled === 0) {
    // The scheduler applied it, or another click cancelled it, between the read and the write.
    const now = await deps.prisma.emailChangeRequest.findUniqueOrThrow({ where: { id: request.id }, select: { state: true } });
    return { outcome: now.state === 'APPLIED' || now.state === 'APPLYING' ? 'tooLate' : 'alreadyCancelled', locale };
  }
  deps.hub.publish({ type: 'case', caseId: request.caseId, claimedById: request.case.claimedById, change: 'emailChange' });
  return { outcome: 'cancelled', locale };
}
