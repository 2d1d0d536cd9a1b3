// Prisma CLI configuration for the SQLite schema (the source schema), Prisma 7.
// `npm run db:generate` runs `prisma generate` with it offline (scripts/prisma-generate.mjs).
// With internet access the ordinary commands work too, e.g. `npx prisma migrate status`;
// `migrate deploy/diff/status` download Prisma's schema engine, which this project does not
// need: migrations are committed SQL applied by core/db/migrate.ts, and new ones are diffed
// offline by scripts/db-diff.ts. The PostgreSQL twin is prisma/postgres.config.ts.
import { defineConfig } from 'prisma/config';

const DEFAULT_URL = 'file:./data/recovery-desk.db';
const configured = process.env.DATABASE_URL;

export default defineConfig({
  schema: 'prisma/schema.prisma',
  // One migrations folder per provider (scripts/db-diff.ts writes both).
  migrations: { path: 'prisma/migrations/sqlite' },
  // A PostgreSQL DATABASE_URL belongs to prisma/postgres.config.ts; this config keeps to SQLite.
  datasource: { url: configured?.startsWith('file:') ? configured : DEFAULT_URL },
});
