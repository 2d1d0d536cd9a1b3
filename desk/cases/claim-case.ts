import { recordAudit } from '../../core/audit/record-audit.js';
import { runTransaction } from '../../core/codes/run-transaction.js';
import type { DeskDeps } from '../desk-deps.js';
import { CASE_NOT_FOUND, refuse, succeed, type DeskResult } from '../desk-result.js';
import { queueEvent } from '../events/queue-event.js';
import { servesLocale, type DeskOperator } from '../operators/desk-operator.js';
import type { CaseRow } from './case-access.js';
import { tellShopper } from './tell-shopper.js';

/**
 * Takes a waiting case (SPEC §6). The claim is one conditional UPDATE (status still WAITING, a
 * language the operator serves), so of operators claiming at once exactly one gets the row and
 * the others are told it is taken. The shopper hears that an operator joined.
 */
export async function claimCase(deps: DeskDeps, operator: DeskOperator, caseId: string): Promise<DeskResult<CaseRow>> {
  const now = deps.now();
  const claimed = await runTransaction(deps.prisma, async (tx) => {
    const languages = operator.role === 'SUPERVISOR' ? {} : { locale: { in: operator.languages } };
    const won = await tx.case.updateMany({
      where: { id: caseId, status: 'WAITING', ...languages },
      data: { status: 'CLAIMED', claimedById: operator.id, claimedAt: now },
    });
    if (won.count === 0) return null;
    const row = await tx.case.findUniqueOrThrow({ where: { id: caseId } });
    await recordAudit(tx, {
      actorType: 'OPERATOR',
      actorId: operator.id,
      action: 'case.claimed',
      caseId,
      accountId: row.accountId,
      before: { status: 'WAITING', claimedById: null },
      after: { status: 'CLAIMED', claimedById: operator.id },
    });
    return row;
  });
  if (!claimed) return explainLostClaim(deps, operator, caseId);

  deps.hub.publish(queueEvent('claimed', claimed));
  await tellShopper(deps, claimed.conversationId, [{ voice: 'bot', key: 'handoff.operatorJoined', params: { name: operator.displayName } }]);
  return succeed(claimed);
}

/** Why a claim took nothing: taken already (the race's losers), closed, or not the operator's to see. */
async function explainLostClaim(deps: DeskDeps, operator: DeskOperator, caseId: string): Promise<DeskResult<CaseRow>> {
  const row = await deps.prisma.case.findUnique({ where: { id: caseId } });
  if (!row || !servesLocale(operator, row.locale)) return CASE_NOT_FOUND;
  if (row.status === 'CLAIMED') {
    const mine = row.claimedById === operator.id;
    return refuse(409, mine ? 'AlreadyYours' : 'AlreadyClaimed', mine ? 'You already hold this case.' : 'Another operator has just claimed this case.');
  }
  // A closed case is visible to an agent only if they closed it.
  if (operator.role !== 'SUPERVISOR' && row.claimedById !== operator.id) return CASE_NOT_FOUND;
  return refuse(409, 'CaseNotOpen', 'The case is already closed.');
}
