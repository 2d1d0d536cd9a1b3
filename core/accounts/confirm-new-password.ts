import { recordAudit } from '../audit/record-audit.js';
import { findVerifiedChallenge } from '../codes/find-challenge.js';
import { runTransaction } from '../codes/run-transaction.js';
import type { CodeDeps } from '../codes/types.js';
import type { Locale } from '../domain.js';
import { verifyPassword } from '../security/password.js';

export type ConfirmNewPasswordInput = { conversationId: string; password: string; locale: Locale };
export type ConfirmNewPasswordResult =
  | { kind: 'changed'; loginId: string }
  | { kind: 'mismatch' }
  | { kind: 'notVerified' }
  /** The directory did not answer: the proof and the first entry stay, so typing it again retries. */
  | { kind: 'unavailable' };

/**
 * The second entry of the new password (SPEC §4.1 steps 4–5). On a match the directory sets it
 * (and ends the account's other sessions), under a key naming this challenge: a retry after a
 * timeout changes nothing twice. Then, in one transaction, the challenge is used up and the change
 * audited (without any hash), and a notice goes to the account's address — once, by whichever
 * call used the challenge up. The shopper is not signed in.
 */
export async function confirmNewPassword(deps: CodeDeps, input: ConfirmNewPasswordInput): Promise<ConfirmNewPasswordResult> {
  const now = deps.now();
  const challenge = await findVerifiedChallenge(deps.prisma, input.conversationId, 'PASSWORD_RESET', now);
  const pending = challenge?.pendingPasswordHash;
  const accountId = challenge?.accountId;
  if (!challenge || !pending || !accountId) return { kind: 'notVerified' };
  if (!(await verifyPassword(input.password, pending))) return { kind: 'mismatch' };

  const set = await deps.directory.setPassword(accountId, { password: input.password, idempotencyKey: `password-reset:${challenge.id}` });
  if (set.kind === 'unavailable') return { kind: 'unavailable' };
  if (set.kind !== 'done') return { kind: 'notVerified' };

  const used = await runTransaction(deps.prisma, async (tx) => {
    const consumed = await tx.verificationCode.updateMany({
      where: { id: challenge.id, pendingPasswordHash: pending, voidedAt: null, consumedAt: null },
      data: { consumedAt: now, pendingPasswordHash: null },
    });
    if (consumed.count === 0) return false;
    await recordAudit(tx, {
      actorType: 'BOT',
      action: 'account.password_reset',
      accountId,
      after: { passwordChangedAt: now.toISOString(), sessionsRevokedAt: now.toISOString() },
    });
    return true;
  });
  if (!used) return { kind: 'notVerified' };

  await deps.send({
    kind: 'passwordChanged',
    to: set.account.email,
    locale: input.locale,
    params: { loginId: set.account.loginId, when: now.toISOString() },
    conversationId: input.conversationId,
  });
  return { kind: 'changed', loginId: set.account.loginId };
}
