import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../generated/prisma-sqlite/client.js';
import type { Prisma } from '../../generated/prisma-sqlite/client.js';
import { providerOf, sqliteFilePath } from './provider.js';
import type { DbProvider } from './provider.js';
import { sqliteAdapterFactory } from './sqlite-adapter.js';
import { PgNotifications, type DbNotifications, type NotificationLog } from './notifications.js';

/**
 * The Prisma client type everyone codes against. It is the SQLite client's type; the PostgreSQL
 * client is generated from the same models (prisma/postgres/schema.prisma) and has the same API.
 */
export type DbClient = PrismaClient;
/** The `tx` of `db.prisma.$transaction(async (tx) => …)`. */
export type DbTransaction = Prisma.TransactionClient;
export type { DbProvider };

export interface Db {
  prisma: DbClient;
  provider: DbProvider;
  close(): Promise<void>;
  /**
   * PostgreSQL only: a started LISTEN/NOTIFY channel between the processes on this database
   * (core/db/notifications.ts), with its own listening connection. The caller closes it.
   */
  openNotifications?(log: NotificationLog): DbNotifications;
}

/**
 * Opens the database at `databaseUrl` (`file:…` SQLite, relative to process.cwd(); or
 * `postgres(ql)://…`). Does not migrate: call applyMigrations (core/db/migrate.ts) first.
 */
export async function createDb(databaseUrl: string): Promise<Db> {
  const provider = providerOf(databaseUrl);
  let prisma: DbClient;
  let openNotifications: Db['openNotifications'];
  if (provider === 'sqlite') {
    const path = sqliteFilePath(databaseUrl);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    prisma = new PrismaClient({ adapter: sqliteAdapterFactory(path) });
  } else {
    // Loaded only when needed: the PostgreSQL client is a second copy of the generated code.
    const { PrismaClient: PostgresPrismaClient } = await import('../../generated/prisma-pg/client.js');
    const client = new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
    prisma = client as unknown as DbClient;
    openNotifications = (log) =>
      new PgNotifications({
        connectionString: databaseUrl,
        notify: (channel, payload) => client.$executeRaw`SELECT pg_notify(${channel}, ${payload})`,
        log,
      }).start();
  }
  await prisma.$connect();
  return { prisma, provider, close: () => prisma.$disconnect(), ...(openNotifications ? { openNotifications } : {}) };
}

export interface TransactionOptions {
  /** How long the whole transaction may run (ms). */
  timeoutMs?: number;
}

/**
 * Runs `work` in one interactive transaction. The defaults are longer than Prisma's (2s wait,
 * 5s run) because on SQLite a transaction may queue behind another process's writer.
 */
export function transaction<T>(db: Db, work: (tx: DbTransaction) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  return db.prisma.$transaction(work, { maxWait: 20_000, timeout: options.timeoutMs ?? 30_000 });
}
