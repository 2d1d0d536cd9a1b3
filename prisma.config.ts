// Prisma CLI configuration for the SQLite schema (the source schema).
// engine "js" + an adapter makes the CLI use the schema engine bundled as WebAssembly, so
// `prisma generate`, `prisma migrate diff` (and, on SQLite, `migrate deploy/status`) run
// without downloading Prisma's native binaries. The PostgreSQL twin is prisma/postgres.config.ts.
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { defineConfig } from 'prisma/config';

// schema.prisma reads env("DATABASE_URL"); without a value the CLI cannot even parse the
// schema (and falls back to downloading a query engine), so give it the app's default.
process.env.DATABASE_URL ??= 'file:./data/recovery-desk.db';
const url = process.env.DATABASE_URL;

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  // One migrations folder per provider (see scripts/db-diff.ts).
  migrations: { path: 'prisma/migrations/sqlite' },
  // Called only by commands that touch a database; generate and diff never open it.
  adapter: async () => new PrismaBetterSQLite3({ url }),
});
