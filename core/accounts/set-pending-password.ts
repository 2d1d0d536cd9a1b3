import { findVerifiedChallenge } from '../codes/find-challenge.js';
import type { CodeDeps } from '../codes/types.js';
import { hashPassword } from '../security/password.js';
import { checkPasswordPolicy } from '../security/password-policy.js';
import type { PasswordPolicyReason } from '../security/password-policy.js';

export type SetPendingPasswordInput = { conversationId: string; password: string };
export type SetPendingPasswordResult =
  | { kind: 'ok' }
  | { kind: 'rejected'; reason: PasswordPolicyReason }
  | { kind: 'notVerified' }
  /** The directory did not answer (the policy needs the account's login and email): nothing kept. */
  | { kind: 'unavailable' };

/**
 * The first entry of a new password (SPEC §4.1 step 4), after a verified PASSWORD_RESET code.
 * Only its scrypt hash is kept, on the challenge, until the shopper types it again.
 */
export async function setPendingPassword(deps: Pick<CodeDeps, 'prisma' | 'directory' | 'now'>, input: SetPendingPasswordInput): Promise<SetPendingPasswordResult> {
  const challenge = await findVerifiedChallenge(deps.prisma, input.conversationId, 'PASSWORD_RESET', deps.now());
  const found = challenge?.accountId ? await deps.directory.getAccount(challenge.accountId) : null;
  if (found?.kind === 'unavailable') return { kind: 'unavailable' };
  if (!challenge || found?.kind !== 'found') return { kind: 'notVerified' };

  const policy = checkPasswordPolicy(input.password, found.account);
  if (!policy.ok) return { kind: 'rejected', reason: policy.reason };

  const pendingPasswordHash = await hashPassword(input.password);
  const stored = await deps.prisma.verificationCode.updateMany({
    where: { id: challenge.id, voidedAt: null, consumedAt: null },
    data: { pendingPasswordHash },
  });
  return stored.count === 1 ? { kind: 'ok' } : { kind: 'notVerified' };
}
