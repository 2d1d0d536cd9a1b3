import type { DbClient } from '../db/client.js';
import type { CodePurpose } from './types.js';

/**
 * Takes back a verification that nothing could follow (the directory did not answer when the
 * account was read): the code works again when typed later, within its lifetime, and no failure
 * was counted. For the open, verified challenge of this purpose in the conversation (there is at
 * most one, and the conversation's turns run one at a time), or the one challenge named.
 */
export async function unverifyChallenge(prisma: DbClient, scope: { conversationId: string; purpose: CodePurpose } | { id: string }): Promise<void> {
  await prisma.verificationCode.updateMany({
    where: { ...scope, verifiedAt: { not: null }, voidedAt: null, consumedAt: null },
    data: { verifiedAt: null },
  });
}
