// Prisma CLI configuration for the PostgreSQL schema, which scripts/db-schemas.ts renders from
// prisma/schema.prisma. Use as `prisma <command> --config prisma/postgres.config.ts`, with
// DATABASE_URL set to a postgres:// URL for commands that connect. Paths are relative to this file.
import { defineConfig } from 'prisma/config';

const configured = process.env.DATABASE_URL;
const isPostgresUrl = (url: string | undefined): url is string => /^postgres(ql)?:\/\//.test(url ?? '');

export default defineConfig({
  schema: 'postgres/schema.prisma',
  migrations: { path: 'migrations/postgres' },
  // `generate` never connects; a placeholder keeps it working when DATABASE_URL is unset or SQLite.
  datasource: { url: isPostgresUrl(configured) ? configured : 'postgresql://localhost:5432/recovery_desk' },
});
