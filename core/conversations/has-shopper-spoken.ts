import type { DbClient } from '../db/client.js';

/** True once the shopper has written anything in the conversation (a transcript line IN). */
export async function hasShopperSpoken(prisma: DbClient, conversationId: string): Promise<boolean> {
  const line = await prisma.transcriptEntry.findFirst({ where: { conversationId, direction: 'IN' }, select: { id: true } });
  return line !== null;
}
