import { findVerifiedChallenge } from '../codes/find-challenge.js';
import { normalizeEmail } from '../codes/mailbox-key.js';
import type { CodeDeps } from '../codes/types.js';
import { isEmailTaken } from './email-taken.js';

export type CheckNewEmailInput = { conversationId: string; email: string };
export type CheckNewEmailResult = { kind: 'ok' } | { kind: 'taken' } | { kind: 'same' } | { kind: 'notVerified' } | { kind: 'unavailable' };

/**
 * Whether the new address can be used, once the shopper proved the current one (EMAIL_CURRENT).
 * Saying `taken` reveals that some account uses the address; SPEC §4.2 asks for it, and only a
 * shopper who already proved an account of their own gets this far.
 */
export async function checkNewEmail(deps: Pick<CodeDeps, 'prisma' | 'directory' | 'now'>, input: CheckNewEmailInput): Promise<CheckNewEmailResult> {
  const challenge = await findVerifiedChallenge(deps.prisma, input.conversationId, 'EMAIL_CURRENT', deps.now());
  const found = challenge?.accountId ? await deps.directory.getAccount(challenge.accountId) : null;
  if (found?.kind === 'unavailable') return { kind: 'unavailable' };
  if (found?.kind !== 'found') return { kind: 'notVerified' };

  if (normalizeEmail(input.email) === normalizeEmail(found.account.email)) return { kind: 'same' };
  const taken = await isEmailTaken(deps.directory, input.email, found.account.ref);
  if (taken === 'unavailable') return { kind: 'unavailable' };
  return taken ? { kind: 'taken' } : { kind: 'ok' };
}
