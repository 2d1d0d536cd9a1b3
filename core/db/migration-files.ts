import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DbProvider } from './provider.js';

/** One committed migration: prisma/migrations/<provider>/<name>/migration.sql. */
export interface MigrationFile {
  name: string;
  sql: string;
}

/**
 * prisma/migrations, found by walking up from this module, so it works from the sources (tsx)
 * and from a compiled dist/ alike; MIGRATIONS_DIR overrides it (e.g. in a container image).
 */
export function migrationsRoot(): string {
  const override = process.env.MIGRATIONS_DIR;
  if (override) return override;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'prisma', 'migrations');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('prisma/migrations not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/** Folder per provider under prisma/migrations (Prisma's layout, one history per provider). */
const FOLDERS: Record<DbProvider, string> = { sqlite: 'sqlite', postgresql: 'postgres' };

export function migrationsDir(provider: DbProvider, root: string = migrationsRoot()): string {
  return join(root, FOLDERS[provider]);
}

/** The provider's migrations in the order Prisma applies them: folder names, sorted. */
export function readMigrations(provider: DbProvider, root: string = migrationsRoot()): MigrationFile[] {
  const dir = migrationsDir(provider, root);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory())
    .sort()
    .map((name) => {
      const file = join(dir, name, 'migration.sql');
      if (!existsSync(file)) throw new Error(`Migration folder ${provider}/${name} has no migration.sql`);
      return { name, sql: readFileSync(file, 'utf8') };
    });
}
