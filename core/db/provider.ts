import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The database providers the project runs on; names as in a Prisma datasource. */
export type DbProvider = 'sqlite' | 'postgresql';

/** Which provider a DATABASE_URL addresses: `file:` is SQLite, `postgres(ql)://` is PostgreSQL. */
export function providerOf(databaseUrl: string): DbProvider {
  if (databaseUrl.startsWith('file:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//i.test(databaseUrl)) return 'postgresql';
  // Never echo the URL: it may carry a password.
  throw new Error('Unsupported database URL: expected file:<path> (SQLite) or postgres(ql)://… (PostgreSQL)');
}

/**
 * The filesystem path of a SQLite `file:` URL. Relative paths resolve against process.cwd()
 * (not against prisma/, as Prisma's native engines did), so the app, scripts and tests agree.
 * `file::memory:` stays an in-memory database. Query parameters (`?connection_limit=1`) are ignored.
 */
export function sqliteFilePath(databaseUrl: string): string {
  if (!databaseUrl.startsWith('file:')) throw new Error('Not a SQLite URL (expected file:…)');
  if (databaseUrl.startsWith('file://')) return fileURLToPath(databaseUrl.split('?')[0] ?? databaseUrl);
  const path = (databaseUrl.slice('file:'.length).split('?')[0] ?? '').trim();
  if (path === '') throw new Error('SQLite URL has no path');
  if (path === ':memory:') return path;
  return isAbsolute(path) ? path : resolve(process.cwd(), path);
}
