// Prisma 6.19 CLI configuration for offline SQLite diffs (scripts/lib/prisma-cli.ts).
// Prisma 7's CLI needs its native schema engine, downloaded at run time, for `migrate diff`; the
// 6.19 CLI (the `prisma6` npm alias) diffs with the schema engine it ships as WebAssembly when
// given a driver adapter. A diff needs no database: an in-memory one answers the CLI's probe;
// `migrate status` (tests/core/migrate.test.ts) gets the file named by DATABASE_URL.
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { defineConfig } from 'prisma6/config';
import { schemaFromEnv } from './schema-from-env.js';

// Prisma 7's adapter keeps the 6.19 adapter interface; only the packages' types differ, so the
// config is checked by the 6.19 CLI when it loads it rather than by TypeScript here.
const databaseUrl = process.env.DATABASE_URL?.startsWith('file:') ? process.env.DATABASE_URL : ':memory:';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: schemaFromEnv(),
  adapter: async () => new PrismaBetterSqlite3({ url: databaseUrl }),
} as unknown as Parameters<typeof defineConfig>[0]);
