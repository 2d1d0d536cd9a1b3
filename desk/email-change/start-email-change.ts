import { z } from 'zod';
import { isEmailTaken } from '../../core/accounts/email-taken.js';
import { recordAudit } from '../../core/audit/record-audit.js';
import { normalizeEmail } from '../../core/codes/mailbox-key.js';
import { runTransaction } from '../../core/codes/run-transaction.js';
import { providerOfClient } from '../../core/db/client-provider.js';
import { lockName } from '../../core/db/named-lock.js';
import { isLocale } from '../../core/domain.js';
import { maskEmail } from '../../core/text/mask-email.js';
import { redactText } from '../../core/text/redact.js';
import { findHeldCase } from '../cases/case-access.js';
import { hasTwoIndependentMatches } from '../cases/evidence-rules.js';
import type { DeskDeps } from '../desk-deps.js';
import { DIRECTORY_UNAVAILABLE, refuse, succeed, type DeskResult } from '../desk-result.js';
import type { DeskOperator } from '../operators/desk-operator.js';
import { toEmailChangeView, type EmailChangeView } from './email-change-view.js';
import { sendEmailChangeCode, type CodeSending } from './send-email-change-code.js';

export type StartEmailChangeInput = { newEmail?: string; approvalReason?: string; requestNote?: string };
export type StartedEmailChange = { request: EmailChangeView; code: CodeSending | 'awaitingApproval' };

/** Requests of an account that are still under way: one at a time per account. */
export const OPEN_STATES = ['AWAITING_APPROVAL', 'PENDING_CODE', 'ON_HOLD', 'APPLYING'];

/** Longest note an operator may attach to a request, trimmed (checked here too, whatever the caller did). */
export const REQUEST_NOTE_MAX = 1000;

const validEmail = z.email();

/**
 * Starts changing the email of the case's account for a shopper who lost the old mailbox
 * (SPEC §6). Approval comes from two independent matches on the account (order number and card
 * payment), or from a supervisor with a written reason: a supervisor holding the case gives it
 * here; an agent's request waits for one (approveEmailChange). The requesting operator may add
 * a note saying why (for the supervisor): it is kept on the request and in the audit event with
 * card-number-like digit runs masked, as every line an operator writes. Once approved, a code goes
 * to the new mailbox and the shopper types it in the chat; the change then waits out the hold.
 */
export async function startEmailChange(
  deps: DeskDeps,
  operator: DeskOperator,
  caseId: string,
  input: StartEmailChangeInput,
): Promise<DeskResult<StartedEmailChange>> {
  const held = await findHeldCase(deps.prisma, operator, caseId);
  if (!held.ok) return held;
  const row = held.value;
  if (!row.accountId) return refuse(409, 'NoAccount', 'The case is not about a known account.');
  const accountId = row.accountId;
  const newEmail = (input.newEmail ?? row.requestedEmail ?? '').trim();
  if (!validEmail.safeParse(newEmail).success) return refuse(400, 'NewEmailRequired', 'Give the new email address.');

  const found = await deps.directory.getAccount(accountId);
  if (found.kind === 'unavailable') return DIRECTORY_UNAVAILABLE;
  if (found.kind === 'notFound') return refuse(409, 'NoAccount', 'The directory no longer knows the case\'s account.');
  const { account } = found;
  if (account.status === 'DELETED') return refuse(409, 'AccountDeleted', 'A deleted account cannot be changed.');
  if (normalizeEmail(newEmail) === normalizeEmail(account.email)) return refuse(409, 'SameEmail', 'That is already the account\'s address.');
  const taken = await isEmailTaken(deps.directory, newEmail, accountId);
  if (taken === 'unavailable') return DIRECTORY_UNAVAILABLE;
  if (taken) return refuse(409, 'EmailTaken', 'Another account uses that address.');

  const evidence = await deps.prisma.evidence.findMany({ where: { caseId }, select: { kind: true, matched: true, accountId: true } });
  const twoMatches = hasTwoIndependentMatches(evidence, accountId);
  const reason = input.approvalReason?.trim() ?? '';
  const note = input.requestNote?.trim() ?? '';
  if (note.length > REQUEST_NOTE_MAX) return refuse(400, 'NoteTooLong', `Keep the note to ${REQUEST_NOTE_MAX} characters.`);
  const requestNote = note === '' ? null : redactText(note);
  if (!twoMatches && operator.role === 'SUPERVISOR' && reason === '') {
    return refuse(400, 'ReasonRequired', 'Without two independent matches, approve with a written reason.');
  }
  const approval = twoMatches ? { approval: 'TWO_MATCHES' } : operator.role === 'SUPERVISOR' ? { approval: 'SUPERVISOR', approverId: operator.id, approvalReason: reason } : null;

  const conversation = await deps.prisma.conversation.findUniqueOrThrow({ where: { id: row.conversationId }, select: { locale: true } });
  const locale = isLocale(conversation.locale) ? conversation.locale : isLocale(row.locale) ? row.locale : 'en';
  const created = await runTransaction(deps.prisma, async (tx) => {
    // One change under way per account, whichever case asked for it. A lock on the account's
    // reference first (PostgreSQL; SQLite runs one writer anyway), so two requests at once cannot
    // both see "none under way".
    await lockName(tx, providerOfClient(deps.prisma), 'email-change-account', accountId);
    if (await tx.emailChangeRequest.findFirst({ where: { accountId, state: { in: OPEN_STATES } }, select: { id: true } })) return null;
    const request = await tx.emailChangeRequest.create({
      data: { caseId, accountId, newEmail, locale, requestedById: operator.id, requestNote, state: approval ? 'PENDING_CODE' : 'AWAITING_APPROVAL', ...approval },
    });
    await recordAudit(tx, {
      actorType: 'OPERATOR',
      actorId: operator.id,
      action: 'email_change.requested',
      caseId,
      accountId,
      before: { email: maskEmail(account.email) },
      after: { requestId: request.id, newEmail: maskEmail(newEmail), state: request.state, approval: request.approval, requestNote: request.requestNote },
    });
    return request;
  });
  if (!created) return refuse(409, 'EmailChangeUnderway', 'An email change for this account is already under way.');

  deps.hub.publish({ type: 'case', caseId, claimedById: operator.id, change: 'emailChange' });
  if (!approval) return succeed({ request: toEmailChangeView(created), code: 'awaitingApproval' });
  const code = await sendEmailChangeCode(deps, { requestId: created.id, accountId, newEmail, conversationId: row.conversationId, locale, operatorId: operator.id });
  const current = await deps.prisma.emailChangeRequest.findUniqueOrThrow({ where: { id: created.id } });
  return succeed({ request: toEmailChangeView(current), code });
}
