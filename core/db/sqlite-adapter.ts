import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  Transaction,
} from '@prisma/driver-adapter-utils';
import { SQLITE_BUSY_TIMEOUT_MS } from './migrate-sqlite.js';

type Release = () => void;

/** A FIFO async mutex: the connection is used by one statement or one transaction at a time. */
function createMutex(): () => Promise<Release> {
  let tail: Promise<void> = Promise.resolve();
  return async () => {
    let release!: Release;
    const released = new Promise<void>((resolve) => (release = resolve));
    const previous = tail;
    tail = previous.then(() => released);
    await previous;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      release();
    };
  };
}

const NO_ARGS = { args: [], argTypes: [] };

/**
 * Wraps @prisma/adapter-better-sqlite3 (7.10) to make concurrent writers safe:
 * - Its transactions start with a plain (deferred) BEGIN. A deferred transaction that reads and
 *   then writes fails at once with SQLITE_BUSY when another process wrote in between; the busy
 *   timeout cannot help there. BEGIN IMMEDIATE takes the write lock first, waiting politely.
 * - It serialises transactions only against each other, so a query outside a transaction could
 *   run on the one connection while a transaction is open and silently become part of it.
 *   Here every top-level query waits for the open transaction to finish.
 * Consequence: inside `$transaction(async (tx) => …)` use `tx`, not the outer client, or the
 * outer query waits for the transaction, which times out.
 */
class SerializedSqliteAdapter implements SqlDriverAdapter {
  readonly provider = 'sqlite' as const;
  readonly adapterName: string;
  readonly #inner: SqlDriverAdapter;
  readonly #acquire = createMutex();

  constructor(inner: SqlDriverAdapter) {
    this.#inner = inner;
    this.adapterName = inner.adapterName;
  }

  async #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.#acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }

  queryRaw(query: SqlQuery) {
    return this.#exclusive(() => this.#inner.queryRaw(query));
  }

  executeRaw(query: SqlQuery) {
    return this.#exclusive(() => this.#inner.executeRaw(query));
  }

  executeScript(script: string) {
    return this.#exclusive(() => this.#inner.executeScript(script));
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    // SQLite transactions are always serialisable; refuse others as the wrapped adapter does.
    if (isolationLevel && isolationLevel !== 'SERIALIZABLE') {
      throw new Error(`SQLite supports only SERIALIZABLE transactions, not ${isolationLevel}`);
    }
    const release = await this.#acquire();
    const inner = this.#inner;
    try {
      await inner.executeRaw({ sql: 'BEGIN IMMEDIATE', ...NO_ARGS });
    } catch (error) {
      release();
      throw error;
    }
    // Prisma sends COMMIT / ROLLBACK itself (usePhantomQuery: false), then calls commit()/rollback().
    return {
      provider: this.provider,
      adapterName: this.adapterName,
      options: { usePhantomQuery: false },
      queryRaw: (query) => inner.queryRaw(query),
      executeRaw: (query) => inner.executeRaw(query),
      commit: async () => release(),
      rollback: async () => release(),
    };
  }

  dispose() {
    return this.#inner.dispose();
  }
}

/**
 * Prisma driver adapter for a SQLite file: WAL (readers do not block the writer), a busy timeout
 * (writers from other processes wait instead of failing with "database is locked"), foreign keys
 * on, and the serialisation above.
 */
export function sqliteAdapterFactory(path: string): SqlMigrationAwareDriverAdapterFactory {
  // better-sqlite3's `timeout` option is its busy timeout; the adapter passes options through.
  const inner = new PrismaBetterSqlite3({ url: path, timeout: SQLITE_BUSY_TIMEOUT_MS });
  return {
    provider: 'sqlite',
    adapterName: inner.adapterName,
    connect: async () => {
      const connection = await inner.connect();
      await connection.queryRaw({ sql: 'PRAGMA journal_mode = WAL', ...NO_ARGS });
      // NORMAL is durable enough in WAL mode (a power cut may lose the last commits, never corrupt).
      await connection.executeRaw({ sql: 'PRAGMA synchronous = NORMAL', ...NO_ARGS });
      await connection.executeRaw({ sql: 'PRAGMA foreign_keys = ON', ...NO_ARGS });
      return new SerializedSqliteAdapter(connection);
    },
    connectToShadowDb: async () => new SerializedSqliteAdapter(await inner.connectToShadowDb()),
  };
}
