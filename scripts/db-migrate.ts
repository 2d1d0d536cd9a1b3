// npm run db:migrate: applies pending committed migrations to DATABASE_URL
// (default file:./data/recovery-desk.db), offline, and prints what it applied.
import { applyMigrations } from '../core/db/migrate.js';
import { DEFAULT_DATABASE_URL } from '../core/db/default-url.js';

const databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
try {
  const { applied } = await applyMigrations(databaseUrl);
  if (applied.length === 0) console.log('Database is up to date; no migrations to apply.');
  else for (const name of applied) console.log(`Applied ${name}`);
} catch (error) {
  console.error(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
