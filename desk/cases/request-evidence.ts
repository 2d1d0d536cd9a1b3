import { recordAudit } from '../../core/audit/record-audit.js';
import { runTransaction } from '../../core/codes/run-transaction.js';
import type { DeskDeps } from '../desk-deps.js';
import { refuse, succeed, type DeskResult } from '../desk-result.js';
import type { DeskOperator } from '../operators/desk-operator.js';
import type { Delivery } from '../shopper-messenger.js';
import { findHeldCase } from './case-access.js';
import { firstStep, type EvidenceRequestKind } from './evidence-request.js';
import { tellShopper } from './tell-shopper.js';

/**
 * Asks the shopper for more evidence with a text in their language (`desk.requestEvidence.<kind>`).
 * For an order number or a card payment the bot then reads the answers and checks them against
 * the directory and the case's account (desk/chat/answer-evidence-request.ts); the result
 * appears in the case's evidence.
 */
export async function requestEvidence(deps: DeskDeps, operator: DeskOperator, caseId: string, kind: EvidenceRequestKind): Promise<DeskResult<Delivery>> {
  const held = await findHeldCase(deps.prisma, operator, caseId);
  if (!held.ok) return held;
  const step = firstStep(kind);
  const stored = await runTransaction(deps.prisma, async (tx) => {
    const updated = await tx.case.updateMany({
      where: { id: caseId, status: 'CLAIMED', claimedById: operator.id },
      data: { evidenceRequest: step ? JSON.stringify(step) : null },
    });
    if (updated.count === 0) return false;
    await recordAudit(tx, { actorType: 'OPERATOR', actorId: operator.id, action: 'case.evidence_requested', caseId, accountId: held.value.accountId, after: { kind } });
    return true;
  });
  if (!stored) return refuse(409, 'CaseChanged', 'The case changed meanwhile; reload it.');
  const delivery = await tellShopper(deps, held.value.conversationId, [{ voice: 'operator', operatorId: operator.id, key: `desk.requestEvidence.${kind}` }]);
  return succeed(delivery);
}
