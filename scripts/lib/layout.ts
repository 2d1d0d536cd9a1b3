import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrationsDir } from '../../core/db/migration-files.js';
import type { DbProvider } from '../../core/db/provider.js';

/** Repository root (scripts/lib/ is two levels down). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The hand-written schema; the PostgreSQL one is rendered from it. */
export const SOURCE_SCHEMA = join(ROOT, 'prisma', 'schema.prisma');

/** prisma/migrations: one folder per provider (core/db/migration-files.ts names them). */
export const MIGRATIONS_ROOT = join(ROOT, 'prisma', 'migrations');

/** Where each provider's schema, CLI config, migrations and last-migrated snapshot live. */
export interface ProviderLayout {
  provider: DbProvider;
  schema: string;
  config: string;
  migrationsDir: string;
  /** The provider's schema as of its newest migration; what the next migration is diffed from. */
  snapshot: string;
  /**
   * DATABASE_URL for CLI runs that must not touch a real database: the SQLite adapter opens an
   * in-memory one; for PostgreSQL an unset URL selects the offline adapter (prisma/offline-postgres-adapter.ts).
   */
  offlineDatabaseUrl: string | undefined;
}

export const LAYOUTS: readonly ProviderLayout[] = [
  {
    provider: 'sqlite',
    schema: SOURCE_SCHEMA,
    config: join(ROOT, 'prisma.config.ts'),
    migrationsDir: migrationsDir('sqlite', MIGRATIONS_ROOT),
    snapshot: join(migrationsDir('sqlite', MIGRATIONS_ROOT), 'schema.snapshot.prisma'),
    offlineDatabaseUrl: 'file::memory:',
  },
  {
    provider: 'postgresql',
    schema: join(ROOT, 'prisma', 'postgres', 'schema.prisma'),
    config: join(ROOT, 'prisma', 'postgres.config.ts'),
    migrationsDir: migrationsDir('postgresql', MIGRATIONS_ROOT),
    snapshot: join(migrationsDir('postgresql', MIGRATIONS_ROOT), 'schema.snapshot.prisma'),
    offlineDatabaseUrl: undefined,
  },
];
