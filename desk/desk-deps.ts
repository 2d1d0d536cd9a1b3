import type { Logger } from 'pino';
import type { Config } from '../core/config/config.js';
import type { SendLetter } from '../core/codes/types.js';
import type { DbClient } from '../core/db/client.js';
import type { DeskHub } from './events/desk-hub.js';
import type { ShopperMessenger } from './shopper-messenger.js';

/** What the desk's services need. The clock is injected so tests can move through holds and expiries. */
export type DeskDeps = {
  prisma: DbClient;
  config: Pick<Config, 'desk' | 'secret' | 'codes' | 'publicBaseUrl' | 'limits' | 'env'>;
  now: () => Date;
  send: SendLetter;
  hub: DeskHub;
  messenger: ShopperMessenger;
  logger: Logger;
};
