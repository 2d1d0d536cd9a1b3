import type { DbClient, DbTransaction } from '../db/client.js';
import type { CodePurpose } from './types.js';

export type ChallengeRow = NonNullable<Awaited<ReturnType<DbClient['verificationCode']['findFirst']>>>;

/**
 * How long a verified code keeps proving the account for the actions that follow (typing a new
 * password twice, giving the new address). Past that the shopper asks for a new code, so a chat
 * left open on a shared computer does not stay able to change the account.
 */
export const PROOF_VALID_MINUTES = 30;

/**
 * The challenge of this purpose still open in the conversation: neither voided nor consumed.
 * startChallenge voids the previous one, so there is at most one.
 */
export function findOpenChallenge(prisma: DbTransaction, conversationId: string, purpose: CodePurpose): Promise<ChallengeRow | null> {
  return prisma.verificationCode.findFirst({
    where: { conversationId, purpose, voidedAt: null, consumedAt: null },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
  });
}

/** The open challenge whose code was entered correctly, with an account, within the proof window. */
export function findVerifiedChallenge(
  prisma: DbTransaction,
  conversationId: string,
  purpose: CodePurpose,
  now: Date,
): Promise<ChallengeRow | null> {
  return prisma.verificationCode.findFirst({
    where: {
      conversationId,
      purpose,
      voidedAt: null,
      consumedAt: null,
      accountId: { not: null },
      verifiedAt: { gt: new Date(now.getTime() - PROOF_VALID_MINUTES * 60_000) },
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
  });
}
