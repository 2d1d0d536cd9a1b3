import { recordAudit } from '../audit/record-audit.js';
import { findVerifiedChallenge } from '../codes/find-challenge.js';
import { runTransaction } from '../codes/run-transaction.js';
import type { CodeDeps } from '../codes/types.js';
import type { Locale } from '../domain.js';
import { maskEmail } from '../text/mask-email.js';

export type ApplyEmailChangeInput = { conversationId: string; locale: Locale };
export type ApplyEmailChangeResult =
  | { kind: 'changed'; maskedEmail: string }
  | { kind: 'notVerified' }
  | { kind: 'taken' }
  /** The directory did not answer: both proofs stay, so the change can be asked for again. */
  | { kind: 'unavailable' };

/**
 * Changes the account's email (SPEC §4.2) once both mailboxes proved themselves in this
 * conversation: the current one (EMAIL_CURRENT) and the new one (EMAIL_NEW), for one account.
 * The directory makes the change (the new address counts as confirmed) under a key naming the two
 * proofs, so a retry changes nothing twice. Then the proofs are used up, the product's own
 * confirmation links to the old mailbox stop working, the change is audited, and a notice goes to
 * the old address naming the new one masked — once, by whichever call used the proofs up.
 */
export async function applyEmailChange(deps: CodeDeps, input: ApplyEmailChangeInput): Promise<ApplyEmailChangeResult> {
  const now = deps.now();
  const [current, next] = await Promise.all([
    findVerifiedChallenge(deps.prisma, input.conversationId, 'EMAIL_CURRENT', now),
    findVerifiedChallenge(deps.prisma, input.conversationId, 'EMAIL_NEW', now),
  ]);
  const accountId = current?.accountId;
  const newEmail = next?.newEmail;
  if (!current || !next || !accountId || !newEmail || next.accountId !== accountId) return { kind: 'notVerified' };

  const changed = await deps.directory.changeEmail(accountId, { email: newEmail, idempotencyKey: `email-change:${current.id}:${next.id}` });
  if (changed.kind === 'unavailable' || changed.kind === 'taken') return { kind: changed.kind };
  if (changed.kind !== 'done') return { kind: 'notVerified' };
  const { before, account } = changed;

  const used = await runTransaction(deps.prisma, async (tx) => {
    const consumed = await tx.verificationCode.updateMany({
      where: { id: { in: [current.id, next.id] }, voidedAt: null, consumedAt: null },
      data: { consumedAt: now },
    });
    if (consumed.count === 0) return false;
    // Confirmation links sent to the old mailbox must not confirm anything any more.
    await tx.emailConfirmation.updateMany({ where: { accountId, usedAt: null, expiresAt: { gt: now } }, data: { expiresAt: now } });
    await recordAudit(tx, {
      actorType: 'BOT',
      action: 'account.email_changed',
      accountId,
      before: { email: maskEmail(before.email), status: before.status },
      after: { email: maskEmail(account.email), status: account.status, emailConfirmed: account.emailConfirmed },
    });
    return true;
  });

  const maskedEmail = maskEmail(newEmail);
  if (used) {
    await deps.send({
      kind: 'emailChanged',
      to: before.email,
      locale: input.locale,
      params: { loginId: account.loginId, newEmail: maskedEmail },
      conversationId: input.conversationId,
    });
  }
  return { kind: 'changed', maskedEmail };
}
