import type { Config } from '../../core/config/config.js';
import type { DbClient } from '../../core/db/client.js';

/** What the session services need: the database, the lifetimes, the HMAC secret and a clock tests can move. */
export type SessionDeps = {
  prisma: DbClient;
  config: Pick<Config, 'desk' | 'secret'>;
  now: () => Date;
};
