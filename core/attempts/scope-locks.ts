import { createHash } from 'node:crypto';
import type { DbTransaction } from '../db/client.js';
import type { DbProvider } from '../db/provider.js';
import type { AttemptScope } from './retrieval-limits.js';

/**
 * The PostgreSQL advisory-lock keys of the limit scopes one retrieval try counts against (its
 * conversation, its target, its client address), deduplicated and in ascending order: every try
 * takes its locks in the same order, so two tries sharing scopes cannot deadlock.
 * A key is the first 64 bits (signed, as `bigint` in PostgreSQL) of SHA-256 over a namespaced
 * scope name; the namespace keeps these keys apart from any other advisory lock.
 */
export function attemptLockKeys(scope: AttemptScope): bigint[] {
  const names = [`conversation\u0000${scope.conversationId}`, `target\u0000${scope.targetKey}`];
  if (scope.clientKey !== null) names.push(`client\u0000${scope.clientKey}`);
  const keys = new Set(names.map(lockKey));
  return [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function lockKey(name: string): bigint {
  return createHash('sha256').update(`recovery-desk:retrieval-attempt\u0000${name}`).digest().readBigInt64BE(0);
}

/**
 * Makes the limit check and the booking that follow in `tx` exclusive per scope, until `tx` ends.
 * PostgreSQL: one transaction-scoped advisory lock per scope (released by COMMIT or ROLLBACK, so
 * an aborted transaction cannot leave one behind); a try waits only for tries that share a scope.
 * SQLite: nothing to take: every transaction starts with BEGIN IMMEDIATE and the adapter runs one
 * at a time (core/db/sqlite-adapter.ts), so the check and the booking are already serialised.
 */
export async function lockAttemptScopes(tx: DbTransaction, provider: DbProvider, scope: AttemptScope): Promise<void> {
  if (provider !== 'postgresql') return;
  // One statement per key, in order: within one SELECT the evaluation order is not guaranteed.
  for (const key of attemptLockKeys(scope)) {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${key}::bigint)`;
  }
}
