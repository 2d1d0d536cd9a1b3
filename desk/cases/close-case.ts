import { recordAudit } from '../../core/audit/record-audit.js';
import { runTransaction } from '../../core/codes/run-transaction.js';
import type { DeskDeps } from '../desk-deps.js';
import { refuse, succeed, type DeskResult } from '../desk-result.js';
import { cancelPendingEmailChanges } from '../email-change/cancel-pending-email-changes.js';
import { queueEvent } from '../events/queue-event.js';
import type { DeskOperator } from '../operators/desk-operator.js';
import type { ShopperMessage } from '../shopper-messenger.js';
import { findHeldCase } from './case-access.js';
import type { RejectReason } from './reject-reasons.js';
import { tellShopper } from './tell-shopper.js';

export type CaseOutcome = { status: 'RESOLVED' } | { status: 'REJECTED'; reason: RejectReason };

/**
 * Ends a held case, resolved or rejected with a reason (SPEC §6). An email change already on
 * hold runs its course; one not yet confirmed stops. The shopper gets the rejection reason in
 * their language, then the conversation returns to the bot.
 */
export async function closeCase(deps: DeskDeps, operator: DeskOperator, caseId: string, outcome: CaseOutcome): Promise<DeskResult<{ id: string; status: string }>> {
  const now = deps.now();
  const held = await findHeldCase(deps.prisma, operator, caseId);
  if (!held.ok) return held;
  const row = held.value;
  const resolution = outcome.status === 'REJECTED' ? outcome.reason : 'RESOLVED';

  const closed = await runTransaction(deps.prisma, async (tx) => {
    const moved = await tx.case.updateMany({
      where: { id: caseId, status: 'CLAIMED', claimedById: operator.id },
      data: { status: outcome.status, closedAt: now, resolution, evidenceRequest: null },
    });
    if (moved.count === 0) return false;
    const actor = { actorType: 'OPERATOR' as const, actorId: operator.id };
    await cancelPendingEmailChanges(tx, { where: { caseId }, states: ['AWAITING_APPROVAL', 'PENDING_CODE'], reason: 'CASE_CLOSED', actor, now });
    await recordAudit(tx, {
      ...actor,
      action: outcome.status === 'REJECTED' ? 'case.rejected' : 'case.resolved',
      caseId,
      accountId: row.accountId,
      before: { status: 'CLAIMED' },
      after: { status: outcome.status, resolution },
    });
    return true;
  });
  if (!closed) return refuse(409, 'CaseChanged', 'The case changed meanwhile; reload it.');

  deps.hub.publish(queueEvent('closed', row));
  const said: ShopperMessage[] =
    outcome.status === 'REJECTED' ? [{ voice: 'operator', operatorId: operator.id, key: `desk.rejectReasons.${outcome.reason}` }] : [];
  await tellShopper(deps, row.conversationId, said, 'handBack');
  return succeed({ id: caseId, status: outcome.status });
}
