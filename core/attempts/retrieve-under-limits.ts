import type { RetrievalOutcome } from '../domain.js';
import type { LookupResult } from '../directory/lookup-result.js';
import type { DbClient } from '../db/client.js';
import { providerOfClient } from '../db/client-provider.js';
import { runTransaction } from '../codes/run-transaction.js';
import { checkRetrievalLimits, type AttemptScope, type LimitState, type RetrievalLimits } from './retrieval-limits.js';
import { lockAttemptScopes } from './scope-locks.js';

export type AttemptContext = {
  prisma: DbClient;
  limits: RetrievalLimits;
  now: () => Date;
  conversationId: string;
  clientKey: string | null;
};

export type AttemptLookupResult = LookupResult;

type Booking = Extract<LimitState, { locked: false }> & { attemptId: string };

/**
 * Runs one retrieval try under the attempt limits and records it, exactly under concurrency.
 *
 * The limits are counted from stored failures, so checking and then looking up lets concurrent
 * tries on one scope (many conversations on one order number, say) all pass the check before any
 * failure is stored. Here the check and a booking of the try happen in one transaction that is
 * exclusive per scope (scope-locks.ts): the booking is a RetrievalAttempt row stored as a failure
 * (`matched: false`), so the next try's check already counts it. The lookup then runs outside the
 * transaction (no lock or connection is held while it runs); a match turns the booked row into a
 * matched one, a lookup that throws removes it (as before, a try that did not complete is not
 * counted), and so does a lookup the directory did not answer. A locked scope looks nothing up
 * and books nothing.
 *
 * For one try at a time the outcome, the rows and the messages are those of the plain
 * check-lookup-record sequence: the booked row has the same fields and the same `createdAt`.
 */
export async function retrieveUnderLimits(
  ctx: AttemptContext,
  targetKey: string,
  lookup: () => Promise<AttemptLookupResult>,
): Promise<RetrievalOutcome> {
  const now = ctx.now();
  const scope: AttemptScope = { conversationId: ctx.conversationId, clientKey: ctx.clientKey, targetKey };
  const booking = await bookAttempt(ctx.prisma, scope, ctx.limits, now);
  if (booking.locked) return { kind: 'locked', retryAfterMinutes: booking.retryAfterMinutes };

  let result: AttemptLookupResult;
  try {
    result = await lookup();
  } catch (error) {
    await ctx.prisma.retrievalAttempt.deleteMany({ where: { id: booking.attemptId } }).catch(() => undefined);
    throw error;
  }
  if (result.unavailable) {
    // The directory did not answer: the shopper's try checked nothing, so it is not counted.
    await ctx.prisma.retrievalAttempt.deleteMany({ where: { id: booking.attemptId } });
    return { kind: 'unavailable', evidence: result.evidence };
  }
  if (result.account) {
    await ctx.prisma.retrievalAttempt.updateMany({ where: { id: booking.attemptId }, data: { matched: true } });
    return { kind: 'match', account: result.account, evidence: result.evidence };
  }

  const failures = booking.conversationFailures + 1;
  if (failures >= ctx.limits.retrievalMaxFailures) {
    return { kind: 'locked', retryAfterMinutes: ctx.limits.retrievalCooldownMinutes };
  }
  return { kind: 'notFound', attemptsLeft: ctx.limits.retrievalMaxFailures - failures, evidence: result.evidence };
}

/** Checks the limits and, if none is reached, stores the try as a failure: one exclusive step per scope. */
function bookAttempt(prisma: DbClient, scope: AttemptScope, limits: RetrievalLimits, now: Date): Promise<Booking | Extract<LimitState, { locked: true }>> {
  const provider = providerOfClient(prisma);
  return runTransaction(prisma, async (tx) => {
    await lockAttemptScopes(tx, provider, scope);
    const state = await checkRetrievalLimits(tx, scope, limits, now);
    if (state.locked) return state;
    const row = await tx.retrievalAttempt.create({ data: { ...scope, matched: false, createdAt: now }, select: { id: true } });
    return { ...state, attemptId: row.id };
  });
}
