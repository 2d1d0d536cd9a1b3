// Fresh, migrated test databases on every configured backend.
//
//   const backends = testBackends();              // SQLite always; PostgreSQL when TEST_DATABASE_URL is set
//   describe.each(backends)('my feature on $name', (backend) => {
//     let db: Db;
//     beforeAll(async () => { db = await backend.setup(); });   // new database, migrated, opened
//     afterAll(() => backend.teardown());                        // closes and drops everything it made
//   });
//
// `backend.create()` gives { db, url, cleanup() } for one database (cleanup drops just that one);
// `withTestDb('sqlite' | 'postgresql')` does the same outside describe.each.
//
// TEST_DATABASE_URL is any URL on a PostgreSQL server whose user may CREATE DATABASE; each
// database is created through the server's `postgres` database, named uniquely per test file
// and process, and dropped afterwards. KEEP_TEST_DB=1 keeps SQLite files for inspection.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createDb } from '../../core/db/client.js';
import type { Db, DbProvider } from '../../core/db/client.js';
import { applyMigrations } from '../../core/db/migrate.js';
import { sqliteFilePath } from '../../core/db/provider.js';

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/db/', import.meta.url));

export interface TestDatabase {
  db: Db;
  url: string;
  provider: DbProvider;
  /**
   * Everything stored, as one string, for "is this secret kept anywhere?" checks: every row of
   * every table as JSON; on SQLite also the raw bytes of the file and its write-ahead log, so
   * deleted or not yet checkpointed data is searched too.
   */
  dump(): Promise<string>;
  /** Closes the Db and drops this database. */
  cleanup(): Promise<void>;
}

export interface TestBackend {
  /** 'sqlite' | 'postgresql': handy as `$name` in describe.each titles. */
  name: DbProvider;
  /** URL of a new, empty, unmigrated database (removed by teardown). */
  createUrl(): Promise<string>;
  /** A new database with all migrations applied, opened, with its URL and its own cleanup. */
  create(): Promise<TestDatabase>;
  /** Same as create(), just the Db (closed and removed by teardown). */
  setup(): Promise<Db>;
  /** Closes every Db and removes every database this backend created and did not clean up yet. */
  teardown(): Promise<void>;
}

function uniqueName(): string {
  return `rd_test_${process.pid}_${randomBytes(5).toString('hex')}`;
}

/** The URL with another database name; TEST_DATABASE_URL's own database is never touched. */
function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function dumpSqlite(url: string): Promise<string> {
  const file = sqliteFilePath(url);
  const db = new Database(file, { readonly: true });
  const parts: string[] = [];
  try {
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[];
    for (const table of tables) {
      for (const row of db.prepare(`SELECT * FROM "${table.replace(/"/g, '""')}"`).all()) {
        parts.push(`${table} ${JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value))}`);
      }
    }
  } finally {
    db.close();
  }
  for (const suffix of ['', '-wal']) {
    if (existsSync(file + suffix)) parts.push(readFileSync(file + suffix).toString('latin1'));
  }
  return parts.join('\n');
}

async function dumpPostgres(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()`,
    );
    const parts: string[] = [];
    for (const { name } of tables) {
      const { rows } = await client.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM "${name.replace(/"/g, '""')}" t`);
      for (const { row } of rows) parts.push(`${name} ${row}`);
    }
    return parts.join('\n');
  } finally {
    await client.end();
  }
}

/** How a provider makes and removes empty databases. */
interface Storage {
  create(): Promise<string>;
  remove(url: string): Promise<void>;
}

function sqliteStorage(): Storage {
  return {
    create: async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      return `file:${join(ARTIFACTS, `${uniqueName()}.db`)}`;
    },
    remove: async (url) => {
      if (process.env.KEEP_TEST_DB) return;
      const file = sqliteFilePath(url);
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
    },
  };
}

function postgresStorage(serverUrl: string): Storage {
  return {
    create: async () => {
      const name = uniqueName();
      await admin(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
      return withDatabase(serverUrl, name);
    },
    remove: async (url) => {
      const name = decodeURIComponent(new URL(url).pathname.slice(1));
      // WITH (FORCE) (PostgreSQL 13+) also ends connections a failed test left open.
      await admin(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`));
    },
  };
}

function backend(name: DbProvider, storage: Storage): TestBackend {
  // Everything made and not yet cleaned up: url -> its Db, if one was opened.
  const made = new Map<string, Db | undefined>();
  const release = async (url: string) => {
    if (!made.has(url)) return;
    const db = made.get(url);
    made.delete(url);
    await db?.close();
    await storage.remove(url);
  };
  const createUrl = async () => {
    const url = await storage.create();
    made.set(url, undefined);
    return url;
  };
  const create = async (): Promise<TestDatabase> => {
    const url = await createUrl();
    await applyMigrations(url);
    const db = await createDb(url);
    made.set(url, db);
    const dump = () => (name === 'sqlite' ? dumpSqlite(url) : dumpPostgres(url));
    return { db, url, provider: name, dump, cleanup: () => release(url) };
  };
  return {
    name,
    createUrl,
    create,
    setup: async () => (await create()).db,
    teardown: async () => {
      for (const url of [...made.keys()]) await release(url);
    },
  };
}

/** SQLite always, plus PostgreSQL when TEST_DATABASE_URL is set. Call once per test file. */
export function testBackends(): TestBackend[] {
  const serverUrl = process.env.TEST_DATABASE_URL;
  const sqlite = backend('sqlite', sqliteStorage());
  return serverUrl ? [sqlite, backend('postgresql', postgresStorage(serverUrl))] : [sqlite];
}

/** One fresh migrated database on the given backend (PostgreSQL needs TEST_DATABASE_URL). */
export async function withTestDb(name: DbProvider = 'sqlite'): Promise<TestDatabase> {
  const found = testBackends().find((candidate) => candidate.name === name);
  if (!found) throw new Error('No PostgreSQL test backend: set TEST_DATABASE_URL to a PostgreSQL server URL');
  return found.create();
}
