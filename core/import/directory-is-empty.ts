import type { DbClient } from '../db/client.js';

/** Whether the embedded directory holds no account yet (the demo data is loaded only then). */
export async function directoryIsEmpty(prisma: DbClient): Promise<boolean> {
  return (await prisma.account.count()) === 0;
}
