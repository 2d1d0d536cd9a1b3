import type { DbClient, DbTransaction } from '../db/client.js';

/**
 * One interactive transaction with the waits of core/db/client.ts `transaction()` (on SQLite a
 * transaction may queue behind another writer). Inside `work`, use only `tx`: on SQLite an outer
 * query waits for the open transaction (core/db/sqlite-adapter.ts).
 */
export function runTransaction<T>(prisma: DbClient, work: (tx: DbTransaction) => Promise<T>): Promise<T> {
  return prisma.$transaction(work, { maxWait: 20_000, timeout: 30_000 });
}
