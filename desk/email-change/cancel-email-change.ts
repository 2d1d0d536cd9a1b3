import { runTransaction } from '../../core/codes/run-transaction.js';
import type { DeskDeps } from '../desk-deps.js';
import { refuse, succeed, type DeskResult } from '../desk-result.js';
import type { DeskOperator } from '../operators/desk-operator.js';
import { cancelPendingEmailChanges } from './cancel-pending-email-changes.js';
import { toEmailChangeView, type EmailChangeView } from './email-change-view.js';

/**
 * Stops an email change before it applies. `deny`: a supervisor refuses an agent's request that
 * awaits approval. `cancel`: the operator holding the case (or a supervisor) withdraws it, up to
 * the end of the hold. An agent sees only requests of cases they hold: anything else is not found.
 */
export async function cancelEmailChange(
  deps: DeskDeps,
  operator: DeskOperator,
  requestId: string,
  mode: 'cancel' | 'deny',
  note?: string,
): Promise<DeskResult<EmailChangeView>> {
  const request = await deps.prisma.emailChangeRequest.findUnique({ where: { id: requestId }, include: { case: { select: { claimedById: true } } } });
  const supervisor = operator.role === 'SUPERVISOR';
  if (!request || (!supervisor && request.case.claimedById !== operator.id)) return refuse(404, 'NotFound', 'No such email change.');
  if (mode === 'deny' && !supervisor) return refuse(403, 'Forbidden', 'Only a supervisor can deny an approval.');

  const states = mode === 'deny' ? ['AWAITING_APPROVAL'] : ['AWAITING_APPROVAL', 'PENDING_CODE', 'ON_HOLD'];
  const cancelled = await runTransaction(deps.prisma, (tx) =>
    cancelPendingEmailChanges(tx, {
      where: { id: requestId },
      states,
      reason: mode === 'deny' ? 'DENIED' : 'OPERATOR',
      actor: { actorType: 'OPERATOR', actorId: operator.id },
      now: deps.now(),
      note,
    }),
  );
  if (cancelled === 0) return refuse(409, 'NotCancellable', `The email change is ${request.state.toLowerCase()}.`);
  deps.hub.publish({ type: 'case', caseId: request.caseId, claimedById: request.case.claimedById, change: 'emailChange' });
  return succeed(toEmailChangeView(await deps.prisma.emailChangeRequest.findUniqueOrThrow({ where: { id: requestId } })));
}
