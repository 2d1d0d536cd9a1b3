import type { DbClient } from '../../core/db/client.js';
import { SIGN_IN_WINDOW_MINUTES } from './sign-in-limits.js';

const DAY = 86_400_000;

export type DeskPurge = { sessions: number; signInAttempts: number; emailChanges: number };

/**
 * Deletes what the desk no longer needs: sessions past their absolute or idle expiry, sign-in
 * attempts too old to count for any limit, and finished email changes (they hold the new
 * address) older than the retention period; the audit log keeps what happened, masked.
 */
export async function purgeDeskRecords(prisma: DbClient, limits: { idleMinutes: number; retentionDays: number }, now: Date): Promise<DeskPurge> {
  const idleSince = new Date(now.getTime() - limits.idleMinutes * 60_000);
  const sessions = await prisma.operatorSession.deleteMany({ where: { OR: [{ expiresAt: { lte: now } }, { lastSeenAt: { lte: idleSince } }] } });
  const attempts = await prisma.deskSignInAttempt.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - SIGN_IN_WINDOW_MINUTES * 60_000) } } });
  const emailChanges = await prisma.emailChangeRequest.deleteMany({
    where: { state: { in: ['APPLIED', 'CANCELLED'] }, updatedAt: { lt: new Date(now.getTime() - limits.retentionDays * DAY) } },
  });
  return { sessions: sessions.count, signInAttempts: attempts.count, emailChanges: emailChanges.count };
}
