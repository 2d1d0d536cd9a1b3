import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrationChecksum } from './checksum.js';
import type { MigrationFile } from './migration-files.js';
import { MigrationStateError, pendingMigrations } from './migration-plan.js';
import type { MigrationRecord } from './migration-plan.js';

/** How long a writer waits for another process's lock before SQLite answers "database is locked". */
export const SQLITE_BUSY_TIMEOUT_MS = 15_000;

// Prisma's own DDL for the table (schema-engine, SQLite flavour), so `prisma migrate status` reads it.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
);`;

/** The text form Prisma's schema engine writes into DATETIME columns: ISO 8601 with "+00:00". */
function prismaTimestamp(date = new Date()): string {
  return date.toISOString().replace('Z', '+00:00');
}

function ensureMigrationsTable(db: Database.Database): void {
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
    .pluck()
    .all() as string[];
  if (tables.includes('_prisma_migrations')) return;
  if (tables.length > 0) {
    // Same rule as Prisma (P3005): migrations must not be replayed over a schema built another way.
    throw new MigrationStateError(
      `The database already has tables (${tables.slice(0, 5).join(', ')}) but no _prisma_migrations history; ` +
        'refusing to apply migrations over it. Use an empty database, or baseline it with `prisma migrate resolve`.',
    );
  }
  db.exec(CREATE_MIGRATIONS_TABLE);
}

/**
 * Applies pending migrations to a SQLite file through better-sqlite3, one transaction each.
 * BEGIN IMMEDIATE takes the write lock before the history is read, so a second process waits
 * and then finds the work done instead of applying a migration twice.
 */
export function applySqliteMigrations(path: string, files: MigrationFile[]): string[] {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  try {
    // Persistent per file; readers then never block the writer (see core/db/sqlite-adapter.ts).
    db.pragma('journal_mode = WAL');
    // Prisma rebuilds SQLite tables (create new, copy, DROP old, rename). With foreign keys on,
    // that DROP cascades into child tables and deletes their rows. The pragma is a no-op inside a
    // transaction, so it is switched off here, and integrity is checked before each COMMIT instead.
    db.pragma('foreign_keys = OFF');
    const applied: string[] = [];
    for (;;) {
      db.exec('BEGIN IMMEDIATE');
      try {
        ensureMigrationsTable(db);
        const records = db
          .prepare('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"')
          .all() as MigrationRecord[];
        const next = pendingMigrations(files, records)[0];
        if (!next) {
          db.exec('COMMIT');
          return applied;
        }
        const startedAt = prismaTimestamp();
        try {
          db.exec(next.sql);
        } catch (error) {
          throw new Error(`Migration ${next.name} failed and was rolled back: ${(error as Error).message}`, { cause: error });
        }
        const violations = db.prepare('PRAGMA foreign_key_check').all();
        if (violations.length > 0) {
          throw new Error(`Migration ${next.name} leaves ${violations.length} foreign key violation(s); rolled back.`);
        }
        db.prepare(
          `INSERT INTO "_prisma_migrations"
             (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
           VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
        ).run(randomUUID(), migrationChecksum(next.sql), prismaTimestamp(), next.name, startedAt);
        db.exec('COMMIT');
        applied.push(next.name);
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    }
  } finally {
    db.close();
  }
}
