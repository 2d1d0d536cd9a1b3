import { recordAudit } from '../../core/audit/record-audit.js';
import { runTransaction } from '../../core/codes/run-transaction.js';
import type { DeskDeps } from '../desk-deps.js';
import { CASE_NOT_FOUND, refuse, succeed, type DeskResult } from '../desk-result.js';
import { queueEvent } from '../events/queue-event.js';
import { servesLocale, toDeskOperator, type DeskOperator } from '../operators/desk-operator.js';
import type { CaseRow } from './case-access.js';
import { tellShopper } from './tell-shopper.js';

/**
 * A supervisor gives an open case (waiting or held) to an active operator who speaks its
 * language, themselves included. Conditional on the holder read, so a claim or release racing
 * with it is not overwritten. The shopper hears who joined.
 */
export async function reassignCase(deps: DeskDeps, supervisor: DeskOperator, caseId: string, targetId: string): Promise<DeskResult<CaseRow>> {
  if (supervisor.role !== 'SUPERVISOR') return refuse(403, 'Forbidden', 'Only a supervisor can reassign cases.');
  const now = deps.now();
  const found = await deps.prisma.case.findUnique({ where: { id: caseId } });
  if (!found) return CASE_NOT_FOUND;
  if (found.status !== 'WAITING' && found.status !== 'CLAIMED') return refuse(409, 'CaseNotOpen', 'The case is already closed.');
  const targetRow = await deps.prisma.operator.findUnique({ where: { id: targetId } });
  if (!targetRow || !targetRow.active) return refuse(404, 'OperatorNotFound', 'No such active operator.');
  const target = toDeskOperator(targetRow);
  if (!servesLocale(target, found.locale)) return refuse(409, 'LanguageNotServed', `The operator does not serve ${found.locale}.`);
  if (found.claimedById === target.id) return refuse(409, 'AlreadyHeld', 'The operator already holds this case.');

  const moved = await runTransaction(deps.prisma, async (tx) => {
    const updated = await tx.case.updateMany({
      where: { id: caseId, status: found.status, claimedById: found.claimedById },
      data: { status: 'CLAIMED', claimedById: target.id, claimedAt: now },
    });
    if (updated.count === 0) return null;
    await recordAudit(tx, {
      actorType: 'OPERATOR',
      actorId: supervisor.id,
      action: 'case.reassigned',
      caseId,
      accountId: found.accountId,
      before: { status: found.status, claimedById: found.claimedById },
      after: { status: 'CLAIMED', claimedById: target.id },
    });
    return tx.case.findUniqueOrThrow({ where: { id: caseId } });
  });
  if (!moved) return refuse(409, 'CaseChanged', 'The case changed meanwhile; reload it.');

  deps.hub.publish(queueEvent('reassigned', moved));
  await tellShopper(deps, moved.conversationId, [{ voice: 'bot', key: 'handoff.operatorJoined', params: { name: target.displayName } }]);
  return succeed(moved);
}
