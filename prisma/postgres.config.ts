// Prisma CLI configuration for the PostgreSQL schema, which scripts/db-schemas.ts generates from
// prisma/schema.prisma. Use as `prisma <command> --config prisma/postgres.config.ts`.
// Same reasons as prisma.config.ts: engine "js" keeps the CLI on the bundled WebAssembly engine.
// Paths below are relative to this file.
import { PrismaPg } from '@prisma/adapter-pg';
import { defineConfig } from 'prisma/config';
import { offlinePostgresAdapter } from './offline-postgres-adapter.js';

const configured = process.env.DATABASE_URL;
const isPostgresUrl = (url: string | undefined): url is string => /^postgres(ql)?:\/\//.test(url ?? '');

// The schema's env("DATABASE_URL") must parse as a PostgreSQL URL even when DATABASE_URL is unset
// or points at SQLite (e.g. during `npm ci`); generate and offline diffs never connect with it.
if (!isPostgresUrl(configured)) process.env.DATABASE_URL = 'postgresql://localhost:5432/recovery_desk';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'postgres/schema.prisma',
  migrations: { path: 'migrations/postgres' },
  // Without a PostgreSQL URL the schema engine still needs an adapter to start; the offline one
  // answers its start-up probe so `migrate diff --from/--to-schema-datamodel` works without a server.
  // A short idle timeout lets the CLI exit promptly: pg's default (10 s) keeps an idle pool open.
  adapter: async () =>
    isPostgresUrl(configured) ? new PrismaPg({ connectionString: configured, idleTimeoutMillis: 500 }) : offlinePostgresAdapter(),
});
