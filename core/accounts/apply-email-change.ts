import { recordAudit } from '../audit/record-audit.js';
import { findVerifiedChallenge } from '../codes/find-challenge.js';
import { normalizeEmail } from '../codes/mailbox-key.js';
import { runTransaction } from '../codes/run-transaction.js';
import type { CodeDeps } from '../codes/types.js';
import type { Locale } from '../domain.js';
import { maskEmail } from '../text/mask-email.js';
import { isEmailTaken } from './email-taken.js';

export type ApplyEmailChangeInput = { conversationId: string; locale: Locale };
export type ApplyEmailChangeResult = { kind: 'changed'; maskedEmail: string } | { kind: 'notVerified' } | { kind: 'taken' };

/** Thrown inside the transaction only to roll it back; turned into `notVerified` below. */
class ProofGone extends Error {}

/**
 * Changes the account's email (SPEC §4.2) once both mailboxes proved themselves in this
 * conversation: the current one (EMAIL_CURRENT) and the new one (EMAIL_NEW), for one account.
 * The new address counts as confirmed. Then a notice goes to the old address, naming the new
 * one masked.
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
  const newEmailNormalized = normalizeEmail(newEmail);

  let changed: { oldEmail: string; loginId: string } | 'taken';
  try {
    changed = await runTransaction(deps.prisma, async (tx) => {
      // Checked again here: another account may have taken the address since checkNewEmail.
      if (await isEmailTaken(tx, newEmailNormalized, accountId)) return 'taken' as const;
      const used = await tx.verificationCode.updateMany({
        where: { id: { in: [current.id, next.id] }, voidedAt: null, consumedAt: null },
        data: { consumedAt: now },
      });
      if (used.count !== 2) throw new ProofGone();
      const before = await tx.account.findUniqueOrThrow({ where: { id: accountId }, select: { email: true, loginId: true, status: true } });
      // The new mailbox just proved itself, so the account's email is confirmed, and an account
      // waiting only for that confirmation is active (as confirmEmail does).
      const status = before.status === 'UNCONFIRMED' ? 'ACTIVE' : before.status;
      await tx.account.update({ where: { id: accountId }, data: { email: newEmail, emailNormalized: newEmailNormalized, emailConfirmed: true, status } });
      // Confirmation links sent to the old mailbox must not confirm anything any more.
      await tx.emailConfirmation.updateMany({ where: { accountId, usedAt: null, expiresAt: { gt: now } }, data: { expiresAt: now } });
      await recordAudit(tx, {
        actorType: 'BOT',
        action: 'account.email_changed',
        accountId,
        before: { email: maskEmail(before.email), status: before.status },
        after: { email: maskEmail(newEmail), status, emailConfirmed: true },
      });
      return { oldEmail: before.email, loginId: before.loginId };
    });
  } catch (error) {
    if (error instanceof ProofGone) return { kind: 'notVerified' };
    throw error;
  }
  if (changed === 'taken') return { kind: 'taken' };

  const maskedEmail = maskEmail(newEmail);
  await deps.send({
    kind: 'emailChanged',
    to: changed.oldEmail,
    locale: input.locale,
    params: { loginId: changed.loginId, newEmail: maskedEmail },
    conversationId: input.conversationId,
  });
  return { kind: 'changed', maskedEmail };
}
