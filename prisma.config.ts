// Prisma CLI configuration for the SQLite schema (the source schema).
// engine "js" + an adapter makes the CLI use the schema engine bundled as WebAssembly, so
// `prisma generate`, `prisma migrate diff` (and, on SQLite, `migrate deploy/status`) run
// without downloading Prisma's native binaries. The PostgreSQL twin is prisma/postgres.config.ts.
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { defineConfig } from 'prisma/config';

const DEFAULT_URL = 'file:./data/recovery-desk.db';
const configured = process.env.DATABASE_URL;
const isSqliteUrl = (url: string | undefined): url is string => (url ?? '').startsWith('file:');

// schema.prisma reads env("DATABASE_URL"); unset (e.g. during `npm ci`) or pointing at
// PostgreSQL, the CLI cannot parse the schema and falls back to downloading a query engine.
if (!isSqliteUrl(configured)) process.env.DATABASE_URL = DEFAULT_URL;

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  // One migrations folder per provider (scripts/db-diff.ts writes both).
  migrations: { path: 'prisma/migrations/sqlite' },
  // Not called by `generate`. `migrate diff` does open it, so scripts/lib/prisma-cli.ts runs diffs
  // with DATABASE_URL=file::memory: (no file is created); deploy/status use the real database.
  adapter: async () => {
    if (configured !== undefined && !isSqliteUrl(configured)) {
      throw new Error('DATABASE_URL is not a file: URL; for PostgreSQL use --config prisma/postgres.config.ts');
    }
    return new PrismaBetterSQLite3({ url: configured ?? DEFAULT_URL });
  },
});
