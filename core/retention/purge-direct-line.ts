import type { DbClient } from '../db/client.js';

const DAY = 86_400_000;

export type DirectLinePurgeResult = { activities: number; conversations: number };

/**
 * The chat widget's Direct Line records are transcripts too (SPEC §8 retention): activities older
 * than the retention period go, and conversations idle that long go with whatever is left.
 */
export async function purgeDirectLine(prisma: DbClient, retentionDays: number, now: Date): Promise<DirectLinePurgeResult> {
  const cutoff = new Date(now.getTime() - retentionDays * DAY);
  const [activities, conversations] = await prisma.$transaction([
    prisma.directLineActivity.deleteMany({ where: { createdAt: { lt: cutoff } } }),
    prisma.directLineConversation.deleteMany({ where: { updatedAt: { lt: cutoff } } }),
  ]);
  return { activities: activities.count, conversations: conversations.count };
}
