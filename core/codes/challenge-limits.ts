import { minutesUntil } from '../time/minutes-until.js';
import type { DbTransaction } from '../db/client.js';
import type { CodeDeps, CodePurpose } from './types.js';

// Codes a mailbox may be sent per hour, from all conversations together: bounds mail bombing and
// the guesses against one mailbox (at most 5 challenges × maxFailures entries an hour).
export const MAILBOX_CHALLENGES_PER_HOUR = 5;
// Challenges one conversation may start per hour, all purposes together: an email change takes
// two and a reset one, so five leave room for a mistyped address or two.
export const CONVERSATION_CHALLENGES_PER_HOUR = 5;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export type StartLimit = { kind: 'free' } | { kind: 'locked'; retryAfterMinutes: number } | { kind: 'mailboxBusy' };

export type StartScope = { conversationId: string; purpose: CodePurpose; emailKey: string };

/**
 * Whether a new challenge may start, from the stored challenges (so the limits survive restarts
 * and hold across instances). Locked: a challenge of this purpose in this conversation, or any
 * challenge for this mailbox from any conversation, was voided for too many wrong codes within
 * the cool-down; or the conversation started too many challenges this hour. Busy: the mailbox
 * got its hourly share of codes — the caller answers as for an unknown address.
 */
export async function checkStartLimits(
  prisma: DbTransaction,
  scope: StartScope,
  codes: CodeDeps['codes'],
  now: Date,
): Promise<StartLimit> {
  const cooldown = codes.cooldownMinutes * MINUTE;
  const voided = await prisma.verificationCode.findFirst({
    where: {
      voidedAt: { gt: new Date(now.getTime() - cooldown) },
      failedAttempts: { gte: codes.maxFailures },
      OR: [{ conversationId: scope.conversationId, purpose: scope.purpose }, { emailKey: scope.emailKey }],
    },
    orderBy: { voidedAt: 'desc' },
    select: { voidedAt: true },
  });
  if (voided?.voidedAt) {
    return { kind: 'locked', retryAfterMinutes: minutesUntil(new Date(voided.voidedAt.getTime() + cooldown), now) };
  }

  const hourAgo = new Date(now.getTime() - HOUR);
  const started = await prisma.verificationCode.findMany({
    where: { conversationId: scope.conversationId, createdAt: { gt: hourAgo } },
    orderBy: { createdAt: 'desc' },
    take: CONVERSATION_CHALLENGES_PER_HOUR,
    select: { createdAt: true },
  });
  const oldest = started[CONVERSATION_CHALLENGES_PER_HOUR - 1];
  if (oldest) return { kind: 'locked', retryAfterMinutes: minutesUntil(new Date(oldest.createdAt.getTime() + HOUR), now) };

  const forMailbox = await prisma.verificationCode.count({ where: { emailKey: scope.emailKey, createdAt: { gt: hourAgo } } });
  return forMailbox >= MAILBOX_CHALLENGES_PER_HOUR ? { kind: 'mailboxBusy' } : { kind: 'free' };
}
