import type { DbClient } from '../../core/db/client.js';
import { SIGN_IN_WINDOW_MINUTES } from './sign-in-limits.js';

/**
 * Deletes sessions that can no longer be used (past their absolute or idle expiry) and sign-in
 * attempts too old to count for any limit. Run with the retention sweep.
 */
export async function purgeDeskRecords(prisma: DbClient, idleMinutes: number, now: Date): Promise<{ sessions: number; signInAttempts: number }> {
  const idleSince = new Date(now.getTime() - idleMinutes * 60_000);
  const sessions = await prisma.operatorSession.deleteMany({ where: { OR: [{ expiresAt: { lte: now } }, { lastSeenAt: { lte: idleSince } }] } });
  const attempts = await prisma.deskSignInAttempt.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - SIGN_IN_WINDOW_MINUTES * 60_000) } } });
  return { sessions: sessions.count, signInAttempts: attempts.count };
}
