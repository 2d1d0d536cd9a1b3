import { recordAudit } from '../../core/audit/record-audit.js';
import { runTransaction } from '../../core/codes/run-transaction.js';
import { isLocale } from '../../core/domain.js';
import { maskEmail } from '../../core/text/mask-email.js';
import type { DeskDeps } from '../desk-deps.js';
import { cancelPendingEmailChanges, type CancelReason } from './cancel-pending-email-changes.js';

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
  state: string;
  updatedAt: Date;
};

// Per run; the scheduler runs again a minute later for the rest.
const BATCH = 50;
/** An APPLYING request this old was left by a run that stopped midway: it is asked again, same key. */
const ABANDONED_MS = 5 * 60_000;

type Deps = Pick<DeskDeps, 'prisma' | 'directory' | 'send' | 'hub'>;

/**
 * Applies the email changes whose hold ended by `now` (the scheduler calls it every minute;
 * tests call it with a later clock). Each request is first taken from ON_HOLD to APPLYING, so a
 * cancel link clicked while the directory is being asked cannot stop a change the directory then
 * makes; then the directory changes the address under a key naming the request, so asking again
 * (after a timeout, or a run that stopped) changes nothing twice. A directory that does not answer
 * puts the request back ON_HOLD, cancellable, for the next run; a new address taken by another
 * account meanwhile, or an account gone, cancels it. The old address is told once the change is made.
 */
export async function applyDueEmailChanges(deps: Deps, now: Date): Promise<ApplyRun> {
  const due = await deps.prisma.emailChangeRequest.findMany({
    where: { OR: [{ state: 'ON_HOLD', holdUntil: { lte: now } }, { state: 'APPLYING', updatedAt: { lte: new Date(now.getTime() - ABANDONED_MS) } }] },
    orderBy: { holdUntil: 'asc' },
    take: BATCH,
  });
  const run: ApplyRun = { applied: 0, cancelled: 0 };
  for (const request of due) {
    const outcome = await applyOne(deps, request, now);
    if (outcome === 'skipped') continue;
    if (outcome === 'cancelled') run.cancelled += 1;
    else run.applied += 1;
    const holder = await deps.prisma.case.findUnique({ where: { id: request.caseId }, select: { claimedById: true } });
    deps.hub.publish({ type: 'case', caseId: request.caseId, claimedById: holder?.claimedById ?? null, change: 'emailChange' });
  }
  return run;
}

async function applyOne(deps: Deps, request: DueRequest, now: Date): Promise<'skipped' | 'cancelled' | 'applied'> {
  const taken = await deps.prisma.emailChangeRequest.updateMany({
    where: { id: request.id, state: request.state, updatedAt: request.updatedAt },
    data: { state: 'APPLYING' },
  });
  if (taken.count === 0) return 'skipped';

  const answer = await deps.directory.changeEmail(request.accountId, { email: request.newEmail, idempotencyKey: `email-change-request:${request.id}` });
  if (answer.kind === 'unavailable') {
    await deps.prisma.emailChangeRequest.updateMany({ where: { id: request.id, state: 'APPLYING' }, data: { state: 'ON_HOLD' } });
    return 'skipped';
  }
  if (answer.kind !== 'done') {
    const reason: CancelReason = answer.kind === 'taken' ? 'EMAIL_TAKEN' : 'ACCOUNT_GONE';
    const system = { actorType: 'SYSTEM' as const, actorId: null };
    const cancelled = await runTransaction(deps.prisma, (tx) => cancelPendingEmailChanges(tx, { where: { id: request.id }, states: ['APPLYING'], reason, actor: system, now }));
    return cancelled > 0 ? 'cancelled' : 'skipped';
  }

  const { before, account } = answer;
  const applied = await runTransaction(deps.prisma, async (tx) => {
    const moved = await tx.emailChangeRequest.updateMany({ where: { id: request.id, state: 'APPLYING' }, data: { state: 'APPLIED', appliedAt: now } });
    if (moved.count === 0) return false;
    // Confirmation links sent to the old mailbox must not confirm anything any more.
    await tx.emailConfirmation.updateMany({ where: { accountId: request.accountId, usedAt: null, expiresAt: { gt: now } }, data: { expiresAt: now } });
    await recordAudit(tx, {
      actorType: 'SYSTEM',
      action: 'account.email_changed',
      caseId: request.caseId,
      accountId: request.accountId,
      before: { email: maskEmail(before.email), status: before.status },
      after: {
        email: maskEmail(account.email),
        status: account.status,
        emailConfirmed: account.emailConfirmed,
        requestId: request.id,
        approval: request.approval,
        requestedById: request.requestedById,
        approverId: request.approverId,
      },
    });
    return true;
  });
  if (!applied) return 'skipped';
  await deps.send({
    kind: 'emailChanged',
    to: before.email,
    locale: isLocale(request.locale) ? request.locale : 'en',
    params: { loginId: account.loginId, newEmail: maskEmail(request.newEmail) },
  });
  return 'applied';
}
