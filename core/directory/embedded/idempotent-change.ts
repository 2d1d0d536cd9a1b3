import { createHash } from 'node:crypto';
import type { DbClient, DbTransaction } from '../../db/client.js';
import { runTransaction } from '../../codes/run-transaction.js';
import { DirectoryError, IDEMPOTENCY_KEY_PATTERN } from '../directory.js';

/** What identifies a request besides its key: the operation, the account and non-secret fields. */
export type ChangeRequest = { operation: string; ref: string; fields: Record<string, string> };

function fingerprintOf(request: ChangeRequest): string {
  const fields = Object.keys(request.fields).sort().map((k) => [k, request.fields[k]]);
  return createHash('sha256').update(JSON.stringify([request.operation, request.ref, fields])).digest('hex');
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}

/**
 * Runs a change once per idempotency key: in one transaction, the stored answer of the key if
 * there is one (the same request, else DirectoryError), otherwise the change and its answer,
 * stored under the key. Of two calls with one key at the same moment, the second's insert fails on
 * the key (its change rolls back with it) and it answers what the first stored.
 */
export async function idempotentChange<A>(
  prisma: DbClient,
  key: string,
  request: ChangeRequest,
  change: (tx: DbTransaction) => Promise<A>,
): Promise<A> {
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) throw new DirectoryError('BadRequest', 'An idempotency key is 1–200 letters, digits or ._:-');
  const fingerprint = fingerprintOf(request);
  const replay = async (tx: DbTransaction): Promise<{ answer: A } | null> => {
    const stored = await tx.directoryChange.findUnique({ where: { key } });
    if (!stored) return null;
    if (stored.fingerprint !== fingerprint) throw new DirectoryError('IdempotencyKeyReused', `The key ${key} was used for another change.`);
    return { answer: JSON.parse(stored.answer) as A };
  };
  try {
    return await runTransaction(prisma, async (tx) => {
      const earlier = await replay(tx);
      if (earlier) return earlier.answer;
      const answer = await change(tx);
      await tx.directoryChange.create({ data: { key, fingerprint, answer: JSON.stringify(answer) } });
      return answer;
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const earlier = await runTransaction(prisma, replay);
    if (!earlier) throw error;
    return earlier.answer;
  }
}
