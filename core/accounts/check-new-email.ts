import { findVerifiedChallenge } from '../codes/find-challenge.js';
import { normalizeEmail } from '../codes/mailbox-key.js';
import type { CodeDeps } from '../codes/types.js';
import { isEmailTaken } from './email-taken.js';

export type CheckNewEmailInput = { conversationId: string; email: string };
export type CheckNewEmailResult = { kind: 'ok' } | { kind: 'taken' } | { kind: 'same' } | { kind: 'notVerified' };

/**
 * Whether the new address can be used, once the shopper proved the current one (EMAIL_CURRENT).
 * Saying `taken` reveals that some account uses the address; SPEC §4.2 asks for it, and only a
 * shopper who already proved an account of their own gets this far.
 */
export async function checkNewEmail(deps: Pick<CodeDeps, 'prisma' | 'now'>, input: CheckNewEmailInput): Promise<CheckNewEmailResult> {
  const challenge = await findVerifiedChallenge(deps.prisma, input.conversationId, 'EMAIL_CURRENT', deps.now());
  const account = challenge?.accountId
    ? await deps.prisma.account.findUnique({ where: { id: challenge.accountId }, select: { id: true, emailNormalized: true } })
    : null;
  if (!account) return { kind: 'notVerified' };

  const wanted = normalizeEmail(input.email);
  if (wanted === account.emailNormalized) return { kind: 'same' };
  return (await isEmailTaken(deps.prisma, wanted, account.id)) ? { kind: 'taken' } : { kind: 'ok' };
}
