import { recordAudit } from '../audit/record-audit.js';
import { findVerifiedChallenge } from '../codes/find-challenge.js';
import { runTransaction } from '../codes/run-transaction.js';
import type { CodeDeps } from '../codes/types.js';
import type { Locale } from '../domain.js';
import { verifyPassword } from '../security/password.js';

export type ConfirmNewPasswordInput = { conversationId: string; password: string; locale: Locale };
export type ConfirmNewPasswordResult = { kind: 'changed'; loginId: string } | { kind: 'mismatch' } | { kind: 'notVerified' };

/**
 * The second entry of the new password (SPEC §4.1 steps 4–5). On a match, in one transaction:
 * the pending hash becomes the account's password, every earlier session is revoked, the
 * challenge is used up and the change is audited (without any hash). Then a notice goes to the
 * account's address. The shopper is not signed in.
 */
export async function confirmNewPassword(deps: CodeDeps, input: ConfirmNewPasswordInput): Promise<ConfirmNewPasswordResult> {
  const now = deps.now();
  const challenge = await findVerifiedChallenge(deps.prisma, input.conversationId, 'PASSWORD_RESET', now);
  const pending = challenge?.pendingPasswordHash;
  const accountId = challenge?.accountId;
  if (!challenge || !pending || !accountId) return { kind: 'notVerified' };
  if (!(await verifyPassword(input.password, pending))) return { kind: 'mismatch' };

  const account = await runTransaction(deps.prisma, async (tx) => {
    const used = await tx.verificationCode.updateMany({
      where: { id: challenge.id, pendingPasswordHash: pending, voidedAt: null, consumedAt: null },
      data: { consumedAt: now, pendingPasswordHash: null },
    });
    if (used.count === 0) return null;
    const before = await tx.account.findUniqueOrThrow({ where: { id: accountId }, select: { passwordChangedAt: true } });
    const after = await tx.account.update({
      where: { id: accountId },
      data: { passwordHash: pending, passwordChangedAt: now, sessionsRevokedAt: now },
      select: { loginId: true, email: true },
    });
    await recordAudit(tx, {
      actorType: 'BOT',
      action: 'account.password_reset',
      accountId,
      before: { passwordChangedAt: before.passwordChangedAt?.toISOString() ?? null },
      after: { passwordChangedAt: now.toISOString(), sessionsRevokedAt: now.toISOString() },
    });
    return after;
  });
  if (!account) return { kind: 'notVerified' };

  await deps.send({
    kind: 'passwordChanged',
    to: account.email,
    locale: input.locale,
    params: { loginId: account.loginId, when: now.toISOString() },
    conversationId: input.conversationId,
  });
  return { kind: 'changed', loginId: account.loginId };
}
