import { recordAudit } from '../../core/audit/record-audit.js';
import { runTransaction } from '../../core/codes/run-transaction.js';
import type { DbClient } from '../../core/db/client.js';

/** Signs out: the session row goes, so the cookie (if anyone kept it) no longer opens anything. */
export async function endSession(prisma: DbClient, sessionId: string, operatorId: string): Promise<void> {
  await runTransaction(prisma, async (tx) => {
    const ended = await tx.operatorSession.deleteMany({ where: { id: sessionId } });
    if (ended.count > 0) await recordAudit(tx, { actorType: 'OPERATOR', actorId: operatorId, action: 'operator.signed_out' });
  });
}
