import type { DbClient } from '../db/client.js';

/** The replies already sent for an activity, when the same activity arrives again. */
export async function findProcessedReplies(
  prisma: DbClient,
  conversationId: string,
  activityId: string,
): Promise<unknown[] | null> {
  const found = await prisma.processedActivity.findUnique({
    where: { conversationId_activityId: { conversationId, activityId } },
  });
  if (!found) return null;
  const parsed: unknown = JSON.parse(found.replies);
  return Array.isArray(parsed) ? parsed : [];
}
