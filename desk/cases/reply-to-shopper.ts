import { recordAudit } from '../../core/audit/record-audit.js';
import type { DeskDeps } from '../desk-deps.js';
import { succeed, type DeskResult } from '../desk-result.js';
import type { DeskOperator } from '../operators/desk-operator.js';
import type { Delivery } from '../shopper-messenger.js';
import { findHeldCase } from './case-access.js';
import { tellShopper } from './tell-shopper.js';

/**
 * The operator writes to the shopper: the line goes into the transcript (redacted like every
 * line) and into the chat, in the operator's own words (SPEC §6). The audit records that a
 * message was sent and its length, not the text, which the retention period later removes.
 */
export async function replyToShopper(deps: DeskDeps, operator: DeskOperator, caseId: string, text: string): Promise<DeskResult<Delivery>> {
  const held = await findHeldCase(deps.prisma, operator, caseId);
  if (!held.ok) return held;
  const delivery = await tellShopper(deps, held.value.conversationId, [{ voice: 'operator', operatorId: operator.id, text }]);
  await recordAudit(deps.prisma, {
    actorType: 'OPERATOR',
    actorId: operator.id,
    action: 'case.replied',
    caseId,
    accountId: held.value.accountId,
    after: { characters: [...text].length, delivered: delivery.delivered },
  });
  return succeed(delivery);
}
