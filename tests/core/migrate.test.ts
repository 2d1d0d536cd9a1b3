import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationsDir, migrationsRoot, readMigrations } from '../../core/db/migration-files.js';
import { applyMigrations, MigrationStateError } from '../../core/db/migrate.js';
import { sqliteFilePath } from '../../core/db/provider.js';
import type { DbProvider } from '../../core/db/provider.js';
import { LAYOUTS } from '../../scripts/lib/layout.js';
import { runPrisma6 } from '../../scripts/lib/prisma-cli.js';
import { runTsx } from '../helpers/spawn-tsx.js';
import { testBackends } from '../helpers/test-db.js';

const backends = testBackends();
const temporaryRoots: string[] = [];
afterAll(async () => {
  for (const backend of backends) await backend.teardown();
  for (const root of temporaryRoots) rmSync(root, { recursive: true, force: true });
});

type Row = Record<string, unknown>;

/** Runs a query on either provider without Prisma, to see exactly what is stored. */
async function query(url: string, sql: string): Promise<Row[]> {
  if (url.startsWith('file:')) {
    const db = new Database(sqliteFilePath(url), { readonly: true });
    try {
      return db.prepare(sql).all() as Row[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Row[];
  } finally {
    await client.end();
  }
}

/** A copy of the committed migrations plus `extra` trivial ones, to test multi-step histories. */
function migrationsCopy(provider: DbProvider, extra: number): string {
  const root = mkdtempSync(join(tmpdir(), 'rd-migrations-'));
  temporaryRoots.push(root);
  cpSync(migrationsDir(provider), migrationsDir(provider, root), { recursive: true });
  for (let i = 1; i <= extra; i += 1) {
    const dir = join(migrationsDir(provider, root), `2099010100000${i}_extra_${i}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'migration.sql'), `-- CreateTable\nCREATE TABLE "Extra${i}" ("id" INTEGER NOT NULL PRIMARY KEY);\n`);
  }
  return root;
}

describe.each(backends)('applyMigrations on $name', (backend) => {
  const committed = readMigrations(backend.name).map((m) => m.name);

  it('applies every committed migration to a fresh database, then is a no-op', async () => {
    const url = await backend.createUrl();
    expect(await applyMigrations(url)).toEqual({ applied: committed });
    expect(await applyMigrations(url)).toEqual({ applied: [] });

    const tables = backend.name === 'sqlite'
      ? await query(url, `SELECT name FROM sqlite_master WHERE type = 'table'`)
      : await query(url, `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`);
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['Account', 'Order', 'Case', '_prisma_migrations']));
  });

  it('records migrations in _prisma_migrations the way Prisma Migrate does', async () => {
    const url = await backend.createUrl();
    await applyMigrations(url);
    const rows = await query(url, 'SELECT * FROM _prisma_migrations ORDER BY migration_name');
    expect(rows).toHaveLength(committed.length);
    const files = readMigrations(backend.name);
    rows.forEach((row, i) => {
      const file = files[i];
      expect(Object.keys(row).sort()).toEqual(
        ['applied_steps_count', 'checksum', 'finished_at', 'id', 'logs', 'migration_name', 'rolled_back_at', 'started_at'],
      );
      expect(row.migration_name).toBe(file?.name);
      expect(row.checksum).toBe(createHash('sha256').update(file?.sql ?? '').digest('hex'));
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.logs).toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(Number(row.applied_steps_count)).toBe(1);
      const started = new Date(row.started_at as string | Date);
      const finished = new Date(row.finished_at as string | Date);
      expect(finished.getTime()).toBeGreaterThanOrEqual(started.getTime());
      // SQLite stores text; use the exact form Prisma's schema engine writes.
      if (backend.name === 'sqlite') expect(row.finished_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
    });

    const columns = backend.name === 'sqlite'
      ? (await query(url, `PRAGMA table_info("_prisma_migrations")`)).map((c) => `${String(c.name)} ${String(c.type)}`)
      : (
          await query(
            url,
            `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
          )
        ).map((c) => `${String(c.column_name)} ${String(c.data_type)}`);
    expect(columns).toEqual(
      backend.name === 'sqlite'
        ? ['id TEXT', 'checksum TEXT', 'finished_at DATETIME', 'migration_name TEXT', 'logs TEXT', 'rolled_back_at DATETIME', 'started_at DATETIME', 'applied_steps_count INTEGER UNSIGNED']
        : ['id character varying', 'checksum character varying', 'finished_at timestamp with time zone', 'migration_name character varying', 'logs text', 'rolled_back_at timestamp with time zone', 'started_at timestamp with time zone', 'applied_steps_count integer'],
    );
  });

  it('is safe when several processes apply at the same time', async () => {
    const url = await backend.createUrl();
    const root = migrationsCopy(backend.name, 3);
    const runs = await Promise.all(
      [1, 2, 3].map(() => runTsx({ script: 'scripts/db-migrate.ts' }, { DATABASE_URL: url, MIGRATIONS_DIR: root })),
    );
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const appliedLines = runs.flatMap((run) => run.stdout.split('\n').filter((line) => line.startsWith('Applied ')));
    const expected = readMigrations(backend.name, root).map((m) => `Applied ${m.name}`);
    // Each migration applied exactly once, by whichever process got there first.
    expect(appliedLines.sort()).toEqual(expected.sort());
    const rows = await query(url, 'SELECT migration_name FROM _prisma_migrations');
    expect(rows).toHaveLength(expected.length);
    const extra = await query(url, backend.name === 'sqlite' ? 'SELECT count(*) AS n FROM "Extra3"' : 'SELECT count(*)::int AS n FROM "Extra3"');
    expect(Number(extra[0]?.n)).toBe(0);
  });

  it('refuses when an applied migration.sql was changed afterwards, and applies nothing', async () => {
    const url = await backend.createUrl();
    const root = migrationsCopy(backend.name, 1);
    await applyMigrations(url, { migrationsRoot: root });
    const first = readMigrations(backend.name, root)[0];
    if (!first) throw new Error('no migrations');
    const file = join(migrationsDir(backend.name, root), first.name, 'migration.sql');
    // A new pending migration, and an edit to an applied one.
    const pending = join(migrationsDir(backend.name, root), '20990101000009_later');
    mkdirSync(pending);
    writeFileSync(join(pending, 'migration.sql'), 'CREATE TABLE "Later" ("id" INTEGER NOT NULL PRIMARY KEY);\n');
    writeFileSync(file, first.sql + '\n-- edited after it was applied\n');

    const failure = await applyMigrations(url, { migrationsRoot: root }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MigrationStateError);
    expect((failure as Error).message).toMatch(new RegExp(`changed after it was applied.*${first.name}`));
    expect(await query(url, 'SELECT migration_name FROM _prisma_migrations')).toHaveLength(committed.length + 1);

    // Line endings converted by git are not a change (Prisma accepts them too).
    writeFileSync(file, first.sql.replace(/\n/g, '\r\n'));
    expect(await applyMigrations(url, { migrationsRoot: root })).toEqual({ applied: ['20990101000009_later'] });
  });

  it('refuses to migrate a database that has tables but no migration history', async () => {
    const url = await backend.createUrl();
    if (backend.name === 'sqlite') {
      const db = new Database(sqliteFilePath(url));
      db.exec('CREATE TABLE stray (id INTEGER)');
      db.close();
    } else {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query('CREATE TABLE stray (id INTEGER)');
      await client.end();
    }
    await expect(applyMigrations(url)).rejects.toThrow(/no _prisma_migrations history/);
  });

  // Prisma 7's `migrate status` needs a downloaded schema engine; the 6.19 CLI (offline, the same
  // _prisma_migrations table) stands in for it here.
  it('leaves a database that `prisma migrate status` reports as up to date', async () => {
    const url = await backend.createUrl();
    await applyMigrations(url);
    const layout = LAYOUTS.find((candidate) => candidate.provider === backend.name);
    if (!layout) throw new Error(`no layout for ${backend.name}`);
    const run = runPrisma6(layout, ['migrate', 'status'], url);
    expect(run.stdout + run.stderr).toContain('Database schema is up to date!');
    expect(run.status).toBe(0);
  });
});

describe('applyMigrations on SQLite files', () => {
  it('creates the parent directories of the database file', async () => {
    const base = mkdtempSync(join(tmpdir(), 'rd-sqlite-'));
    temporaryRoots.push(base);
    const url = `file:${join(base, 'nested', 'deeper', 'app.db')}`;
    await applyMigrations(url);
    expect(existsSync(join(base, 'nested', 'deeper', 'app.db'))).toBe(true);
  });

  it('resolves relative file: URLs against the working directory', () => {
    expect(sqliteFilePath('file:./data/x.db')).toBe(resolve(process.cwd(), 'data', 'x.db'));
    expect(sqliteFilePath('file:data/x.db?connection_limit=1')).toBe(resolve(process.cwd(), 'data', 'x.db'));
    expect(sqliteFilePath('file:/abs/x.db')).toBe('/abs/x.db');
    expect(migrationsRoot()).toMatch(/prisma[/\\]migrations$/);
    expect(readFileSync(join(migrationsRoot(), 'sqlite', 'migration_lock.toml'), 'utf8')).toContain('provider = "sqlite"');
  });
});

describe('applyMigrations on SQLite table rebuilds', () => {
  // What `prisma migrate diff` writes for SQLite when a column changes (here: country optional):
  // create new table, copy, DROP the old one, rename. Copied from Prisma 6.19's output.
  const REBUILD_ACCOUNT = `-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Account" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "loginId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "emailNormalized" TEXT NOT NULL,
    "emailConfirmed" BOOLEAN NOT NULL DEFAULT false,
    "phone" TEXT,
    "country" TEXT,
    "status" TEXT NOT NULL,
    "social" TEXT,
    "passwordHash" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Account" ("country", "createdAt", "email", "emailConfirmed", "emailNormalized", "id", "loginId", "passwordHash", "phone", "social", "status", "updatedAt") SELECT "country", "createdAt", "email", "emailConfirmed", "emailNormalized", "id", "loginId", "passwordHash", "phone", "social", "status", "updatedAt" FROM "Account";
DROP TABLE "Account";
ALTER TABLE "new_Account" RENAME TO "Account";
CREATE UNIQUE INDEX "Account_loginId_key" ON "Account"("loginId");
CREATE INDEX "Account_emailNormalized_idx" ON "Account"("emailNormalized");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
`;

  it('keeps child rows when a migration rebuilds a parent table (no ON DELETE CASCADE on the DROP)', async () => {
    const sqlite = backends.find((b) => b.name === 'sqlite');
    if (!sqlite) throw new Error('no SQLite backend');
    const url = await sqlite.createUrl();
    const root = migrationsCopy('sqlite', 0);
    await applyMigrations(url, { migrationsRoot: root });
    const db = new Database(sqliteFilePath(url));
    db.exec(`INSERT INTO "Account" (id, loginId, email, emailNormalized, country, status, updatedAt)
             VALUES ('a1', 'ru1', 'a@example.com', 'a@example.com', 'RU', 'ACTIVE', '2026-01-01T00:00:00.000Z');
             INSERT INTO "Order" (id, number, amountMinor, currency, paidAt, paymentMethod, accountId)
             VALUES ('o1', '8123456789012395', 100, 'RUB', '2026-01-01T00:00:00.000Z', 'WALLET', 'a1');`);
    db.close();

    const dir = join(migrationsDir('sqlite', root), '20990101000001_country_optional');
    mkdirSync(dir);
    writeFileSync(join(dir, 'migration.sql'), REBUILD_ACCOUNT);
    expect(await applyMigrations(url, { migrationsRoot: root })).toEqual({ applied: ['20990101000001_country_optional'] });

    expect(await query(url, 'SELECT id, accountId FROM "Order"')).toEqual([{ id: 'o1', accountId: 'a1' }]);
    expect(await query(url, 'PRAGMA foreign_key_check')).toEqual([]);
    const country = (await query(url, 'PRAGMA table_info("Account")')).find((c) => c.name === 'country');
    expect(country?.notnull).toBe(0);
  });
});
