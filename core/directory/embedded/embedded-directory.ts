import type { DbClient, DbTransaction } from '../../db/client.js';
import { hashPassword } from '../../security/password.js';
import type { AccountBefore, AccountLookup, ChangeAnswer, Directory, StatusLookup } from '../directory.js';
import { ACCOUNT_COLUMNS, toDirectoryAccount, toStatus, type AccountRow } from './account-row.js';
import { findCardPayment } from './find-card-payment.js';
import { idempotentChange } from './idempotent-change.js';

export type EmbeddedDirectory = Directory & {
  /** Forgets the idempotency keys of changes made before `before` (the retention sweep). */
  forgetChangesBefore(before: Date): Promise<number>;
};

const normalize = (email: string) => email.trim().toLowerCase();

function found(row: AccountRow | null): AccountLookup {
  return row ? { kind: 'found', account: toDirectoryAccount(row) } : { kind: 'notFound' };
}

function beforeOf(row: AccountRow): AccountBefore {
  return { email: row.email, emailConfirmed: row.emailConfirmed, status: toStatus(row.status) };
}

type Update = { email?: string; emailNormalized?: string; emailConfirmed?: boolean; status?: string; passwordHash?: string; passwordChangedAt?: Date; sessionsRevokedAt?: Date };

/**
 * Reads the account, lets `decide` refuse or describe the update, and writes it conditional on
 * the status read, in the caller's transaction.
 */
async function changeAccount<Other extends { kind: string } = never>(
  tx: DbTransaction,
  ref: string,
  decide: (row: AccountRow) => Promise<Update | Other>,
): Promise<ChangeAnswer | Other> {
  const row = await tx.account.findUnique({ where: { id: ref }, select: ACCOUNT_COLUMNS });
  if (!row) return { kind: 'notFound' };
  if (row.status === 'DELETED') return { kind: 'refused', status: 'DELETED' };
  const update = await decide(row);
  if ('kind' in update) return update;
  const moved = await tx.account.updateMany({ where: { id: ref, status: row.status }, data: update });
  if (moved.count === 0) {
    const current = await tx.account.findUnique({ where: { id: ref }, select: { status: true } });
    return current ? { kind: 'refused', status: toStatus(current.status) } : { kind: 'notFound' };
  }
  const after = await tx.account.findUniqueOrThrow({ where: { id: ref }, select: ACCOUNT_COLUMNS });
  return { kind: 'done', account: toDirectoryAccount(after), before: beforeOf(row) };
}

/**
 * The directory over the product's own Account and Order tables, loaded from a snapshot
 * (core/import/). The default. Each lookup is one query; each change one transaction that also
 * stores its answer under the idempotency key (DirectoryChange). `now` is the directory's clock
 * (when a password changed), injected so tests can move time.
 */
export function createEmbeddedDirectory(prisma: DbClient, options: { now?: () => Date } = {}): EmbeddedDirectory {
  const clock = options.now ?? (() => new Date());
  // A mailbox that proved itself confirms the account: UNCONFIRMED becomes ACTIVE, other statuses stay.
  const confirmedStatus = (row: AccountRow) => (row.status === 'UNCONFIRMED' ? 'ACTIVE' : row.status);
  return {
    async findByOrder(orderNumber) {
      const order = await prisma.order.findUnique({ where: { number: orderNumber }, select: { account: { select: ACCOUNT_COLUMNS } } });
      return found(order?.account ?? null);
    },

    findByCardPayment: (query) => findCardPayment(prisma, query),

    async findByEmail(email) {
      // Two live accounts may share a mailbox; the newest is the one its owner is likely to mean.
      const row = await prisma.account.findFirst({
        where: { emailNormalized: normalize(email), status: { not: 'DELETED' } },
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        select: ACCOUNT_COLUMNS,
      });
      return found(row);
    },

    async getAccount(ref) {
      return found(await prisma.account.findUnique({ where: { id: ref }, select: ACCOUNT_COLUMNS }));
    },

    async readStatus(ref): Promise<StatusLookup> {
      const row = await prisma.account.findUnique({ where: { id: ref }, select: { status: true } });
      return row ? { kind: 'found', status: toStatus(row.status) } : { kind: 'notFound' };
    },

    async setPassword(ref, { password, idempotencyKey }) {
      // Hashed before the transaction: scrypt takes a tenth of a second and must not hold a lock.
      const passwordHash = await hashPassword(password);
      const request = { operation: 'setPassword', ref, fields: {} };
      return idempotentChange(prisma, idempotencyKey, request, async (tx) => {
        const now = clock();
        // Sessions issued before now end: the owner reset the password because of someone else.
        return changeAccount<never>(tx, ref, async () => ({ passwordHash, passwordChangedAt: now, sessionsRevokedAt: now }));
      });
    },

    changeEmail(ref, { email, idempotencyKey }) {
      const request = { operation: 'changeEmail', ref, fields: { email: normalize(email) } };
      return idempotentChange(prisma, idempotencyKey, request, (tx) =>
        changeAccount<{ kind: 'taken' }>(tx, ref, async (row) => {
          const other = await tx.account.findFirst({
            where: { emailNormalized: normalize(email), id: { not: ref }, status: { not: 'DELETED' } },
            select: { id: true },
          });
          if (other) return { kind: 'taken' as const };
          return { email: email.trim(), emailNormalized: normalize(email), emailConfirmed: true, status: confirmedStatus(row) };
        }),
      );
    },

    confirmEmail(ref, { idempotencyKey }) {
      const request = { operation: 'confirmEmail', ref, fields: {} };
      return idempotentChange(prisma, idempotencyKey, request, (tx) =>
        changeAccount<never>(tx, ref, async (row) => ({ emailConfirmed: true, status: confirmedStatus(row) })),
      );
    },

    liftBlock(ref, { from, idempotencyKey }) {
      const request = { operation: 'liftBlock', ref, fields: { from } };
      return idempotentChange(prisma, idempotencyKey, request, (tx) =>
        changeAccount<ChangeAnswer>(tx, ref, async (row) =>
          row.status === from ? { status: 'ACTIVE' } : { kind: 'refused', status: toStatus(row.status) },
        ),
      );
    },

    async forgetChangesBefore(before) {
      const { count } = await prisma.directoryChange.deleteMany({ where: { createdAt: { lt: before } } });
      return count;
    },
  };
}
