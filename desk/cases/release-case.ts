import { recordAudit } from '../../core/audit/record-audit.js';
import { runTransaction } from '../../core/codes/run-transaction.js';
import type { DeskDeps } from '../desk-deps.js';
import { CASE_NOT_FOUND, refuse, succeed, type DeskResult } from '../desk-result.js';
import { cancelPendingEmailChanges } from '../email-change/cancel-pending-email-changes.js';
import { queueEvent } from '../events/queue-event.js';
import type { DeskOperator } from '../operators/desk-operator.js';
import { findVisibleCase } from './case-access.js';
import { tellShopper } from './tell-shopper.js';

/**
 * Puts a held case back in the queue, keeping its place (the queue orders by when the case was
 * opened). The holder releases their own; a supervisor may release anyone's. Work that needs the
 * holder (an evidence question, an email change not yet confirmed) stops. The shopper is told.
 */
export async function releaseCase(deps: DeskDeps, operator: DeskOperator, caseId: string): Promise<DeskResult<{ id: string }>> {
  const now = deps.now();
  const found = await findVisibleCase(deps.prisma, operator, caseId);
  if (!found) return CASE_NOT_FOUND;
  if (found.status !== 'CLAIMED' || !found.claimedById) return refuse(409, 'CaseNotOpen', 'Only a claimed case can be released.');
  const holderId = found.claimedById;

  const released = await runTransaction(deps.prisma, async (tx) => {
    const moved = await tx.case.updateMany({
      where: { id: caseId, status: 'CLAIMED', claimedById: holderId },
      data: { status: 'WAITING', claimedById: null, claimedAt: null, evidenceRequest: null },
    });
    if (moved.count === 0) return false;
    const actor = { actorType: 'OPERATOR' as const, actorId: operator.id };
    await cancelPendingEmailChanges(tx, { where: { caseId }, states: ['AWAITING_APPROVAL', 'PENDING_CODE'], reason: 'CASE_RELEASED', actor, now });
    await recordAudit(tx, {
      ...actor,
      action: 'case.released',
      caseId,
      accountId: found.accountId,
      before: { status: 'CLAIMED', claimedById: holderId },
      after: { status: 'WAITING', claimedById: null },
    });
    return true;
  });
  if (!released) return refuse(409, 'CaseChanged', 'The case changed meanwhile; reload it.');

  const holder = await deps.prisma.operator.findUnique({ where: { id: holderId }, select: { displayName: true } });
  deps.hub.publish(queueEvent('released', { ...found, claimedById: null }));
  await tellShopper(deps, found.conversationId, [{ voice: 'bot', key: 'handoff.operatorLeft', params: { name: holder?.displayName ?? '' } }]);
  return succeed({ id: caseId });
}
