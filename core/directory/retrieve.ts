import type { AccountSummary, EvidenceItem, RetrievalOutcome } from '../domain.js';
import type { DbClient } from '../db/client.js';
import { checkRetrievalLimits, type RetrievalLimits } from '../attempts/retrieval-limits.js';

export type RetrievalContext = {
  prisma: DbClient;
  limits: RetrievalLimits;
  now: () => Date;
  conversationId: string;
  clientKey: string | null;
};

export type LookupResult = { account: AccountSummary | null; evidence: EvidenceItem[] };

/**
 * Runs one retrieval try under the attempt limits and records it. A locked scope
 * does not look anything up, so a locked caller learns nothing about the target.
 */
export async function retrieveWithLimits(
  ctx: RetrievalContext,
  targetKey: string,
  lookup: () => Promise<LookupResult>,
): Promise<RetrievalOutcome> {
  const now = ctx.now();
  const scope = { conversationId: ctx.conversationId, clientKey: ctx.clientKey, targetKey };
  const state = await checkRetrievalLimits(ctx.prisma, scope, ctx.limits, now);
  if (state.locked) return { kind: 'locked', retryAfterMinutes: state.retryAfterMinutes };

  const result = await lookup();
  await ctx.prisma.retrievalAttempt.create({
    data: { ...scope, matched: result.account !== null, createdAt: now },
  });
  if (result.account) return { kind: 'match', account: result.account, evidence: result.evidence };

  const failures = state.conversationFailures + 1;
  if (failures >= ctx.limits.retrievalMaxFailures) {
    return { kind: 'locked', retryAfterMinutes: ctx.limits.retrievalCooldownMinutes };
  }
  return { kind: 'notFound', attemptsLeft: ctx.limits.retrievalMaxFailures - failures, evidence: result.evidence };
}
