import { recordAudit } from '../../core/audit/record-audit.js';
import type { DbTransaction } from '../../core/db/client.js';

/** Why an email change stopped before it applied. */
export type CancelReason = 'OLD_ADDRESS' | 'OPERATOR' | 'DENIED' | 'CASE_CLOSED' | 'CASE_RELEASED' | 'EMAIL_TAKEN' | 'ACCOUNT_GONE';

export type CancelScope = {
  /** Which requests: of a case, or one request. */
  where: { caseId: string } | { id: string };
  /** The states that may still be cancelled here. */
  states: readonly string[];
  reason: CancelReason;
  actor: { actorType: 'OPERATOR' | 'SYSTEM'; actorId: string | null };
  now: Date;
  /** The operator's words, for the audit log (a supervisor's reason to deny). */
  note?: string;
};

/**
 * Cancels the email changes in scope that have not applied yet, voids the code the shopper was
 * to type, and audits each. Conditional on the state read, so a change applying at this very
 * moment is either applied or cancelled, never both. Returns how many were cancelled.
 */
export async function cancelPendingEmailChanges(tx: DbTransaction, scope: CancelScope): Promise<number> {
  const pending = await tx.emailChangeRequest.findMany({ where: { ...scope.where, state: { in: [...scope.states] } } });
  let cancelled = 0;
  for (const request of pending) {
    const moved = await tx.emailChangeRequest.updateMany({
      where: { id: request.id, state: request.state },
      data: { state: 'CANCELLED', cancelReason: scope.reason, cancelledAt: scope.now },
    });
    if (moved.count === 0) continue;
    cancelled += 1;
    if (request.challengeId) {
      await tx.verificationCode.updateMany({ where: { id: request.challengeId, voidedAt: null }, data: { voidedAt: scope.now } });
    }
    await recordAudit(tx, {
      ...scope.actor,
      action: 'email_change.cancelled',
      caseId: request.caseId,
      accountId: request.accountId,
      before: { requestId: request.id, state: request.state },
      after: { requestId: request.id, state: 'CANCELLED', reason: scope.reason, ...(scope.note ? { note: scope.note } : {}) },
    });
  }
  return cancelled;
}
