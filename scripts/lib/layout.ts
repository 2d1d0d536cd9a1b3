import { join } from 'node:path';
import { migrationsDir } from '../../core/db/migration-files.js';
import type { DbProvider } from '../../core/db/provider.js';
import { projectRoot } from '../../core/project-root.js';

/** Repository root, from the sources and from dist/scripts alike. */
export const ROOT = projectRoot();

/** The hand-written schema; the PostgreSQL one is rendered from it. */
export const SOURCE_SCHEMA = join(ROOT, 'prisma', 'schema.prisma');

/** prisma/migrations: one folder per provider (core/db/migration-files.ts names them). */
export const MIGRATIONS_ROOT = join(ROOT, 'prisma', 'migrations');

/** Where each provider's schema, Prisma 7 CLI config, migrations and last-migrated snapshot live. */
export interface ProviderLayout {
  provider: DbProvider;
  schema: string;
  config: string;
  migrationsDir: string;
  /** The provider's schema as of its newest migration; what the next migration is diffed from. */
  snapshot: string;
}

export const LAYOUTS: readonly ProviderLayout[] = [
  {
    provider: 'sqlite',
    schema: SOURCE_SCHEMA,
    config: join(ROOT, 'prisma.config.ts'),
    migrationsDir: migrationsDir('sqlite', MIGRATIONS_ROOT),
    snapshot: join(migrationsDir('sqlite', MIGRATIONS_ROOT), 'schema.snapshot.prisma'),
  },
  {
    provider: 'postgresql',
    schema: join(ROOT, 'prisma', 'postgres', 'schema.prisma'),
    config: join(ROOT, 'prisma', 'postgres.config.ts'),
    migrationsDir: migrationsDir('postgresql', MIGRATIONS_ROOT),
    snapshot: join(migrationsDir('postgresql', MIGRATIONS_ROOT), 'schema.snapshot.prisma'),
  },
];
