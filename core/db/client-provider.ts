import type { DbClient } from './client.js';
import type { DbProvider } from './provider.js';

/**
 * The provider a Prisma client of createDb() (core/db/client.ts) talks to, for code that is handed
 * only the client, not the Db. The generated client keeps its datasource provider as
 * `_activeProvider` ("sqlite" or "postgresql", generated/<client>/internal/class.ts); it is not a
 * public API, so anything else is refused rather than guessed (Prisma is pinned in package.json).
 */
export function providerOfClient(prisma: DbClient): DbProvider {
  const active = (prisma as unknown as { _activeProvider?: unknown })._activeProvider;
  if (active === 'sqlite' || active === 'postgresql') return active;
  throw new Error(`Cannot tell the database provider of this Prisma client (got ${String(active)})`);
}
