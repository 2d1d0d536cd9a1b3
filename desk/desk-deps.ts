import type { Logger } from 'pino';
import type { Config } from '../core/config/config.js';
import type { SendLetter } from '../core/codes/types.js';
import type { DbClient } from '../core/db/client.js';
import type { Directory } from '../core/directory/directory.js';
import type { DeskHub } from './events/desk-hub.js';
import type { ShopperMessenger } from './shopper-messenger.js';

/** What the desk's services need. The clock is injected so tests can move through holds and expiries. */
export type DeskDeps = {
  prisma: DbClient;
  /** The marketplace's directory: the account a case is about is read and changed only through it. */
  directory: Directory;
  config: Pick<Config, 'desk' | 'secret' | 'codes' | 'publicBaseUrl' | 'limits' | 'env'>;
  now: () => Date;
  send: SendLetter;
  hub: DeskHub;
  messenger: ShopperMessenger;
  logger: Logger;
};
