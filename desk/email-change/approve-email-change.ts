import { isEmailTaken } from '../../core/accounts/email-taken.js';
import { recordAudit } from '../../core/audit/record-audit.js';
import { runTransaction } from '../../core/codes/run-transaction.js';
import { isLocale } from '../../core/domain.js';
import type { DeskDeps } from '../desk-deps.js';
import { DIRECTORY_UNAVAILABLE, refuse, succeed, type DeskResult } from '../desk-result.js';
import type { DeskOperator } from '../operators/desk-operator.js';
import { toEmailChangeView } from './email-change-view.js';
import { sendEmailChangeCode } from './send-email-change-code.js';
import type { StartedEmailChange } from './start-email-change.js';

/**
 * A supervisor approves an agent's email change that lacks two independent matches, with a
 * written reason (SPEC §6). The case must still be held, since the shopper types the code in
 * that chat; the code then goes to the new mailbox.
 */
export async function approveEmailChange(deps: DeskDeps, supervisor: DeskOperator, requestId: string, reason: string): Promise<DeskResult<StartedEmailChange>> {
  if (supervisor.role !== 'SUPERVISOR') return refuse(403, 'Forbidden', 'Only a supervisor can approve.');
  const request = await deps.prisma.emailChangeRequest.findUnique({ where: { id: requestId }, include: { case: true } });
  if (!request) return refuse(404, 'NotFound', 'No such email change.');
  if (request.state !== 'AWAITING_APPROVAL') return refuse(409, 'NotAwaitingApproval', `The email change is ${request.state.toLowerCase()}.`);
  const holder = request.case.claimedById;
  if (request.case.status !== 'CLAIMED' || !holder) return refuse(409, 'CaseNotOpen', 'Nobody holds the case to receive the code.');
  const taken = await isEmailTaken(deps.directory, request.newEmail, request.accountId);
  if (taken === 'unavailable') return DIRECTORY_UNAVAILABLE;
  if (taken) return refuse(409, 'EmailTaken', 'Another account uses that address now.');

  const approved = await runTransaction(deps.prisma, async (tx) => {
    const moved = await tx.emailChangeRequest.updateMany({
      where: { id: requestId, state: 'AWAITING_APPROVAL' },
      data: { state: 'PENDING_CODE', approval: 'SUPERVISOR', approverId: supervisor.id, approvalReason: reason },
    });
    if (moved.count === 0) return false;
    await recordAudit(tx, {
      actorType: 'OPERATOR',
      actorId: supervisor.id,
      action: 'email_change.approved',
      caseId: request.caseId,
      accountId: request.accountId,
      before: { requestId, state: 'AWAITING_APPROVAL' },
      after: { requestId, state: 'PENDING_CODE', approval: 'SUPERVISOR', reason },
    });
    return true;
  });
  if (!approved) return refuse(409, 'NotAwaitingApproval', 'The email change changed meanwhile; reload it.');

  deps.hub.publish({ type: 'case', caseId: request.caseId, claimedById: holder, change: 'emailChange' });
  const code = await sendEmailChangeCode(deps, {
    requestId,
    accountId: request.accountId,
    newEmail: request.newEmail,
    conversationId: request.case.conversationId,
    locale: isLocale(request.locale) ? request.locale : 'en',
    operatorId: holder,
  });
  const current = await deps.prisma.emailChangeRequest.findUniqueOrThrow({ where: { id: requestId } });
  return succeed({ request: toEmailChangeView(current), code });
}
