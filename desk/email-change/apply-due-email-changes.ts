import { isEmailTaken } from '../../core/accounts/email-taken.js';
import { recordAudit } from '../../core/audit/record-audit.js';
import { normalizeEmail } from '../../core/codes/mailbox-key.js';
import { runTransaction } from '../../core/codes/run-transaction.js';
import type { DbTransaction } from '../../core/db/client.js';
import { isLocale } from '../../core/domain.js';
import { maskEmail } from '../../core/text/mask-email.js';
import type { DeskDeps } from '../desk-deps.js';
import { cancelPendingEmailChanges } from './cancel-pending-email-changes.js';

export type ApplyRun = { applied: number; cancelled: number };

type DueRequest = {
  id: string;
  caseId: string;
  accountId: string;
  newEmail: string;
  approval: string | null;
  requestedById: string;
  approverId: string | null;
  locale: string;
};

// Per run; the scheduler runs again a minute later for the rest.
const BATCH = 50;

/**
 * Applies the email changes whose hold ended by `now` (the scheduler calls it every minute;
 * tests call it with a later clock). Each applies in its own transaction, conditional on still
 * being ON_HOLD, so a cancel link clicked at the same moment and a second instance both stay
 * safe. A new address taken by another account meanwhile cancels the change instead. The old
 * address is told once the change is made.
 */
export async function applyDueEmailChanges(deps: Pick<DeskDeps, 'prisma' | 'send' | 'hub'>, now: Date): Promise<ApplyRun> {
  const due = await deps.prisma.emailChangeRequest.findMany({
    where: { state: 'ON_HOLD', holdUntil: { lte: now } },
    orderBy: { holdUntil: 'asc' },
    take: BATCH,
  });
  const run: ApplyRun = { applied: 0, cancelled: 0 };
  for (const request of due) {
    const outcome = await runTransaction(deps.prisma, (tx) => applyOne(tx, request, now));
    if (outcome === 'skipped') continue;
    if (outcome === 'taken') {
      run.cancelled += 1;
    } else {
      run.applied += 1;
      await deps.send({
        kind: 'emailChanged',
        to: outcome.oldEmail,
        locale: isLocale(request.locale) ? request.locale : 'en',
        params: { loginId: outcome.loginId, newEmail: maskEmail(request.newEmail) },
      });
    }
    const holder = await deps.prisma.case.findUnique({ where: { id: request.caseId }, select: { claimedById: true } });
    deps.hub.publish({ type: 'case', caseId: request.caseId, claimedById: holder?.claimedById ?? null, change: 'emailChange' });
  }
  return run;
}

async function applyOne(tx: DbTransaction, request: DueRequest, now: Date): Promise<'skipped' | 'taken' | { oldEmail: string; loginId: string }> {
  const newEmailNormalized = normalizeEmail(request.newEmail);
  if (await isEmailTaken(tx, newEmailNormalized, request.accountId)) {
    const system = { actorType: 'SYSTEM' as const, actorId: null };
    const cancelled = await cancelPendingEmailChanges(tx, { where: { id: request.id }, states: ['ON_HOLD'], reason: 'EMAIL_TAKEN', actor: system, now });
    return cancelled > 0 ? 'taken' : 'skipped';
  }
  const moved = await tx.emailChangeRequest.updateMany({ where: { id: request.id, state: 'ON_HOLD' }, data: { state: 'APPLIED', appliedAt: now } });
  if (moved.count === 0) return 'skipped';
  const before = await tx.account.findUniqueOrThrow({ where: { id: request.accountId }, select: { email: true, loginId: true, status: true } });
  // The new mailbox proved itself with the code: it counts as confirmed, as in the bot's own change.
  const status = before.status === 'UNCONFIRMED' ? 'ACTIVE' : before.status;
  await tx.account.update({
    where: { id: request.accountId },
    data: { email: request.newEmail, emailNormalized: newEmailNormalized, emailConfirmed: true, status },
  });
  // Confirmation links sent to the old mailbox must not confirm anything any more.
  await tx.emailConfirmation.updateMany({ where: { accountId: request.accountId, usedAt: null, expiresAt: { gt: now } }, data: { expiresAt: now } });
  await recordAudit(tx, {
    actorType: 'SYSTEM',
    action: 'account.email_changed',
    caseId: request.caseId,
    accountId: request.accountId,
    before: { email: maskEmail(before.email), status: before.status },
    after: {
      email: maskEmail(request.newEmail),
      status,
      emailConfirmed: true,
      requestId: request.id,
      approval: request.approval,
      requestedById: request.requestedById,
      approverId: request.approverId,
    },
  });
  return { oldEmail: before.email, loginId: before.loginId };
}
