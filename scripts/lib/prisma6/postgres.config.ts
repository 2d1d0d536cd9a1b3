// Prisma 6.19 CLI configuration for offline PostgreSQL diffs (scripts/lib/prisma-cli.ts); see
// sqlite.config.ts for why 6.19. Diffs involve no server (the offline adapter answers the probe);
// with a postgres:// DATABASE_URL (`migrate status` in the tests) it connects.
import { PrismaPg } from '@prisma/adapter-pg';
import { defineConfig } from 'prisma6/config';
import { offlinePostgresAdapter } from './offline-postgres-adapter.js';
import { schemaFromEnv } from './schema-from-env.js';

// The config is checked by the 6.19 CLI when it loads it (its types describe a union TypeScript
// cannot index into here).
const configured = process.env.DATABASE_URL;
const isPostgresUrl = (url: string | undefined): url is string => /^postgres(ql)?:\/\//.test(url ?? '');

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: schemaFromEnv(),
  adapter: async () =>
    // A short idle timeout lets the CLI exit promptly: pg's default (10 s) keeps an idle pool open.
    isPostgresUrl(configured) ? new PrismaPg({ connectionString: configured, idleTimeoutMillis: 500 }) : offlinePostgresAdapter(),
} as unknown as Parameters<typeof defineConfig>[0]);
