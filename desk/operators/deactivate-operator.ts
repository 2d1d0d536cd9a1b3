import type { DbClient } from '../../core/db/client.js';
import { recordAudit } from '../../core/audit/record-audit.js';
import { runTransaction } from '../../core/codes/run-transaction.js';

export type DeactivateResult = { kind: 'deactivated'; sessionsEnded: number } | { kind: 'notFound' } | { kind: 'alreadyInactive' };

/**
 * Takes an operator's access away: no new sign-in, and every open session ends now. Cases they
 * hold stay with them until a supervisor reassigns them; the row stays for the audit log.
 */
export async function deactivateOperator(prisma: DbClient, operatorId: string, byOperatorId: string | null = null): Promise<DeactivateResult> {
  return runTransaction(prisma, async (tx): Promise<DeactivateResult> => {
    const found = await tx.operator.findUnique({ where: { id: operatorId }, select: { active: true } });
    if (!found) return { kind: 'notFound' };
    if (!found.active) return { kind: 'alreadyInactive' };
    await tx.operator.update({ where: { id: operatorId }, data: { active: false } });
    const ended = await tx.operatorSession.deleteMany({ where: { operatorId } });
    await recordAudit(tx, {
      actorType: byOperatorId ? 'OPERATOR' : 'SYSTEM',
      actorId: byOperatorId,
      action: 'operator.deactivated',
      before: { operatorId, active: true },
      after: { operatorId, active: false },
    });
    return { kind: 'deactivated', sessionsEnded: ended.count };
  });
}
