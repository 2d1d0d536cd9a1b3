import type { DbClient } from '../db/client.js';
import { queuePosition } from './queue-position.js';

export type CaseProgress = { open: boolean; position: number; caseNumber: number };

/** Where a conversation's case stands, for keeping a waiting shopper informed. */
export async function caseProgress(prisma: DbClient, conversationId: string, caseNumber: number): Promise<CaseProgress> {
  const found = await prisma.case.findFirst({ where: { number: caseNumber, conversationId } });
  if (!found || (found.status !== 'WAITING' && found.status !== 'CLAIMED')) {
    return { open: false, position: 0, caseNumber };
  }
  const position = found.status === 'WAITING' ? await queuePosition(prisma, found.createdAt, found.number) : 0;
  return { open: true, position, caseNumber };
}
