import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { migrationChecksum } from './checksum.js';
import type { MigrationFile } from './migration-files.js';
import { MigrationStateError, pendingMigrations } from './migration-plan.js';
import type { MigrationRecord } from './migration-plan.js';

/** Prisma Migrate's advisory lock key; sharing it also keeps `prisma migrate deploy` out meanwhile. */
const PRISMA_MIGRATE_LOCK_KEY = 72707369;
const LOCK_WAIT_MS = 60_000;

// Prisma's own DDL for the table (schema-engine, PostgreSQL flavour), so `prisma migrate status` reads it.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`;

async function lock(client: pg.Client): Promise<void> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  // pg_try_advisory_lock in a loop rather than pg_advisory_lock, so a stuck holder gives a clear error.
  for (;;) {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      PRISMA_MIGRATE_LOCK_KEY,
    ]);
    if (rows[0]?.locked) return;
    if (Date.now() > deadline) {
      throw new Error(`Another migration run has held the migration lock for over ${LOCK_WAIT_MS / 1000}s; giving up.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function ensureMigrationsTable(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`,
  );
  const tables = rows.map((row) => row.tablename);
  if (tables.includes('_prisma_migrations')) return;
  if (tables.length > 0) {
    // Same rule as Prisma (P3005): migrations must not be replayed over a schema built another way.
    throw new MigrationStateError(
      `The database already has tables (${tables.slice(0, 5).join(', ')}) but no _prisma_migrations history; ` +
        'refusing to apply migrations over it. Use an empty database, or baseline it with `prisma migrate resolve`.',
    );
  }
  await client.query(CREATE_MIGRATIONS_TABLE);
}

/**
 * Applies pending migrations to PostgreSQL, one transaction each, under Prisma Migrate's
 * session advisory lock, so concurrent runs (two app instances starting) take turns.
 */
export async function applyPostgresMigrations(databaseUrl: string, files: MigrationFile[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await lock(client);
    try {
      await ensureMigrationsTable(client);
      const { rows } = await client.query<MigrationRecord>(
        'SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations',
      );
      const applied: string[] = [];
      for (const migration of pendingMigrations(files, rows)) {
        await client.query('BEGIN');
        try {
          const startedAt = new Date();
          try {
            await client.query(migration.sql);
          } catch (error) {
            throw new Error(`Migration ${migration.name} failed and was rolled back: ${(error as Error).message}`, {
              cause: error,
            });
          }
          // clock_timestamp(), not now(): now() is the transaction's start, before startedAt was taken.
          await client.query(
            `INSERT INTO _prisma_migrations
               (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
             VALUES ($1, $2, clock_timestamp(), $3, NULL, NULL, $4, 1)`,
            [randomUUID(), migrationChecksum(migration.sql), migration.name, startedAt],
          );
          await client.query('COMMIT');
          applied.push(migration.name);
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {});
          throw error;
        }
      }
      return applied;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK_KEY]).catch(() => {});
    }
  } finally {
    await client.end();
  }
}
