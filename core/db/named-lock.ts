import { createHash } from 'node:crypto';
import type { DbTransaction } from './client.js';
import type { DbProvider } from './provider.js';

/**
 * Makes what follows in `tx` exclusive per name until `tx` ends. PostgreSQL: a transaction-scoped
 * advisory lock on the first 64 bits of SHA-256 over the namespaced name (released by COMMIT or
 * ROLLBACK). SQLite: nothing to take: every transaction starts with BEGIN IMMEDIATE and runs alone.
 */
export async function lockName(tx: DbTransaction, provider: DbProvider, namespace: string, name: string): Promise<void> {
  if (provider !== 'postgresql') return;
  const key = createHash('sha256').update(`recovery-desk:${namespace}\u0000${name}`).digest().readBigInt64BE(0);
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${key}::bigint)`;
}
