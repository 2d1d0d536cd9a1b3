import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { Db, DbTransaction } from '../db/client.js';
import { hashPassword } from '../security/password.js';
import type { SnapshotAccount, SnapshotOrder } from './directory-schema.js';
import { validateDirectory } from './validate-directory.js';

export { ImportError } from './import-error.js';
export type { ImportIssue } from './import-error.js';

/** Counts per kind; "updated" counts every record that was already stored (changed or not). */
export interface ImportResult {
  accountsCreated: number;
  accountsUpdated: number;
  ordersCreated: number;
  ordersUpdated: number;
}

// Rows per createMany and keys per IN (…) lookup: Account has 13 columns, so 50 rows stay well
// under SQLite's classic limit of 999 bound values per statement.
const CHUNK = 50;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** scrypt runs on libuv's thread pool (4 threads); more parallel calls only queue and starve file I/O. */
async function hashAll(passwords: (string | undefined)[]): Promise<(string | null)[]> {
  const hashes: (string | null)[] = passwords.map(() => null);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < passwords.length; i = next++) {
      const password = passwords[i];
      if (password !== undefined) hashes[i] = await hashPassword(password);
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, availableParallelism()) }, worker));
  return hashes;
}

function accountFields(account: SnapshotAccount) {
  return {
    loginId: account.loginId,
    email: account.email,
    emailNormalized: account.email.trim().toLowerCase(),
    emailConfirmed: account.emailConfirmed,
    // Optional fields absent from the file are cleared: the snapshot describes the account.
    phone: account.phone ?? null,
    country: account.country,
    status: account.status,
    social: account.social ?? null,
  };
}

function orderFields(order: SnapshotOrder, accountId: string) {
  const card = order.payment.method === 'CARD' ? order.payment : null;
  return {
    number: order.number,
    trackingNumber: order.trackingNumber ?? null,
    amountMinor: order.amount,
    currency: order.currency,
    paidAt: order.paidAt,
    paymentMethod: order.payment.method,
    cardBin: card?.bin ?? null,
    cardLast4: card?.last4 ?? null,
    accountId,
  };
}

/** Rows already stored, by key, looked up CHUNK keys at a time. */
async function existing<Row>(keys: string[], find: (chunk: string[]) => Promise<Row[]>, keyOf: (row: Row) => string) {
  const rows = new Map<string, Row>();
  for (const chunk of chunks(keys)) for (const row of await find(chunk)) rows.set(keyOf(row), row);
  return rows;
}

/** Whether writing `fields` would change `row` (Dates compared by instant). */
function differs(row: Record<string, unknown>, fields: Record<string, unknown>): boolean {
  return Object.entries(fields).some(([key, value]) => {
    const current = row[key];
    if (value instanceof Date && current instanceof Date) return value.getTime() !== current.getTime();
    return current !== value;
  });
}

async function write(tx: DbTransaction, accounts: SnapshotAccount[], hashes: (string | null)[]): Promise<ImportResult> {
  const storedAccounts = await existing(
    accounts.map((a) => a.loginId),
    (chunk) => tx.account.findMany({ where: { loginId: { in: chunk } } }),
    (row) => row.loginId,
  );
  const accountIds = new Map<string, string>();
  const newAccounts = [];
  let accountsUpdated = 0;
  for (const [i, account] of accounts.entries()) {
    const stored = storedAccounts.get(account.loginId);
    const hash = hashes[i] ?? null;
    if (stored === undefined) {
      const created = { id: randomUUID(), ...accountFields(account), passwordHash: hash };
      accountIds.set(account.loginId, created.id);
      newAccounts.push(created);
      continue;
    }
    accountIds.set(account.loginId, stored.id);
    // A file without a password keeps the stored hash (e.g. a password reset through the bot).
    const fields = { ...accountFields(account), ...(hash === null ? {} : { passwordHash: hash }) };
    // Unchanged rows are not rewritten, so re-importing a large snapshot stays quick.
    if (differs(stored, fields)) await tx.account.update({ where: { id: stored.id }, data: fields });
    accountsUpdated += 1;
  }
  for (const chunk of chunks(newAccounts)) await tx.account.createMany({ data: chunk });

  const orders = accounts.flatMap((account) =>
    account.orders.map((order) => orderFields(order, accountIds.get(account.loginId) ?? '')),
  );
  const storedOrders = await existing(
    orders.map((o) => o.number),
    (chunk) => tx.order.findMany({ where: { number: { in: chunk } } }),
    (row) => row.number,
  );
  const newOrders = [];
  let ordersUpdated = 0;
  for (const fields of orders) {
    const stored = storedOrders.get(fields.number);
    if (stored === undefined) {
      newOrders.push({ id: randomUUID(), ...fields });
      continue;
    }
    // Writing accountId moves the order when the file lists it under another account.
    if (differs(stored, fields)) await tx.order.update({ where: { id: stored.id }, data: fields });
    ordersUpdated += 1;
  }
  for (const chunk of chunks(newOrders)) await tx.order.createMany({ data: chunk });

  return { accountsCreated: newAccounts.length, accountsUpdated, ordersCreated: newOrders.length, ordersUpdated };
}

/**
 * Imports a directory snapshot (SPEC §7): validates all of it first (ImportError lists every
 * problem with its path), then writes everything in one transaction, so a bad file changes
 * nothing. Idempotent: accounts are matched by loginId, orders by number; nothing is deleted.
 * Passwords are stored only as scrypt hashes.
 */
export async function importDirectory(db: Db, input: unknown): Promise<ImportResult> {
  const snapshot = validateDirectory(input);
  // Hashed before the transaction: scrypt is slow on purpose and must not hold the write lock.
  const hashes = await hashAll(snapshot.accounts.map((account) => account.password));
  return db.prisma.$transaction((tx) => write(tx, snapshot.accounts, hashes), { maxWait: 30_000, timeout: 300_000 });
}
