import { applyPostgresMigrations } from './migrate-postgres.js';
import { applySqliteMigrations } from './migrate-sqlite.js';
import { migrationsRoot, readMigrations } from './migration-files.js';
import { providerOf, sqliteFilePath } from './provider.js';

export { MigrationStateError } from './migration-plan.js';

export interface ApplyMigrationsOptions {
  /** prisma/migrations; found automatically (see migrationsRoot). */
  migrationsRoot?: string;
}

/**
 * Applies the committed migrations (prisma/migrations/<sqlite|postgres>/) that the database has
 * not seen yet, each in its own transaction, recording them in `_prisma_migrations` exactly like
 * Prisma Migrate so `prisma migrate status`/`deploy` agree later. Works offline: SQLite through
 * better-sqlite3, PostgreSQL through pg. Safe to call from several processes at once.
 * Throws MigrationStateError, applying nothing, if an applied migration's file has changed.
 */
export async function applyMigrations(
  databaseUrl: string,
  options: ApplyMigrationsOptions = {},
): Promise<{ applied: string[] }> {
  const provider = providerOf(databaseUrl);
  const files = readMigrations(provider, options.migrationsRoot ?? migrationsRoot());
  if (files.length === 0) throw new Error(`No committed ${provider} migrations found`);
  const applied =
    provider === 'sqlite'
      ? applySqliteMigrations(sqliteFilePath(databaseUrl), files)
      : await applyPostgresMigrations(databaseUrl, files);
  return { applied };
}
