import type { DbTransaction as DbClient } from '../db/client.js';

/** 1-based place of a waiting case among all waiting cases, oldest first. */
export async function queuePosition(prisma: DbClient, createdAt: Date, number: number): Promise<number> {
  const ahead = await prisma.case.count({
    where: {
      status: 'WAITING',
      OR: [{ createdAt: { lt: createdAt } }, { createdAt, number: { lt: number } }],
    },
  });
  return ahead + 1;
}
