import type { DbTransaction } from '../db/client.js';
import { minutesUntil } from '../time/minutes-until.js';

export type RetrievalLimits = {
  retrievalMaxFailures: number;
  retrievalCooldownMinutes: number;
  targetMaxFailures: number;
  clientMaxFailures: number;
  windowMinutes: number;
};

export type AttemptScope = { conversationId: string; clientKey: string | null; targetKey: string };

export type LimitState = { locked: false; conversationFailures: number } | { locked: true; retryAfterMinutes: number };

const MINUTE = 60_000;

/** What the check reads through: the client, or the `tx` of the transaction that books the try. */
type AttemptReader = Pick<DbTransaction, 'retrievalAttempt'>;

/**
 * Decides whether another retrieval try is allowed, from the failures stored in the
 * database: per conversation (cool-down after N failures), per target (one order
 * number or card tried from many conversations) and per client address.
 */
export async function checkRetrievalLimits(
  prisma: AttemptReader,
  scope: AttemptScope,
  limits: RetrievalLimits,
  now: Date,
): Promise<LimitState> {
  const cooldownStart = new Date(now.getTime() - limits.retrievalCooldownMinutes * MINUTE);
  const windowStart = new Date(now.getTime() - limits.windowMinutes * MINUTE);

  const recent = await prisma.retrievalAttempt.findMany({
    where: { conversationId: scope.conversationId, matched: false, createdAt: { gt: cooldownStart } },
    orderBy: { createdAt: 'desc' },
    take: limits.retrievalMaxFailures,
    select: { createdAt: true },
  });
  if (recent.length >= limits.retrievalMaxFailures) {
    const oldest = recent[recent.length - 1]!.createdAt;
    return { locked: true, retryAfterMinutes: minutesUntil(new Date(oldest.getTime() + limits.retrievalCooldownMinutes * MINUTE), now) };
  }

  const busyElsewhere = await Promise.all([
    countFailures(prisma, { targetKey: scope.targetKey }, windowStart),
    scope.clientKey ? countFailures(prisma, { clientKey: scope.clientKey }, windowStart) : Promise.resolve(0),
  ]);
  if (busyElsewhere[0] >= limits.targetMaxFailures || busyElsewhere[1] >= limits.clientMaxFailures) {
    return { locked: true, retryAfterMinutes: limits.windowMinutes };
  }
  return { locked: false, conversationFailures: recent.length };
}

function countFailures(prisma: AttemptReader, where: { targetKey?: string; clientKey?: string }, since: Date): Promise<number> {
  return prisma.retrievalAttempt.count({ where: { ...where, matched: false, createdAt: { gt: since } } });
}
