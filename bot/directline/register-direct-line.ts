import type { Server } from 'restify';
import {
  ConfigurationServiceClientCredentialFactory,
  type CloudAdapter,
  type ConfigurationServiceClientCredentialFactoryOptions,
  type ConversationReference,
} from 'botbuilder';
import type { BotFrameworkAuthentication, ServiceClientCredentialsFactory } from 'botframework-connector';
import type { Config } from '../../core/config/config.js';
import type { Db } from '../../core/db/client.js';
import type { DbNotifications } from '../../core/db/notifications.js';
import type { Logger } from '../logger.js';
import { BotDelivery, type RunTurn } from './bot-delivery.js';
import { DirectLineChannel } from './channel.js';
import { ChannelAwareCredentialsFactory } from './connector-credentials.js';
import { CHANNEL_ID } from './client-activity.js';
import { ConnectorEndpoint } from './connector-endpoint.js';
import { registerConnectorRoutes } from './connector-routes.js';
import { registerConversationRoutes } from './conversation-routes.js';
import { registerCors } from './cors.js';
import { Feed } from './feed.js';
import { monotonicClock } from './monotonic-clock.js';
import { OriginPolicy } from './origin-policy.js';
import { DirectLineStore } from './store.js';
import { StreamServer } from './stream-server.js';
import { DirectLineTokens } from './tokens.js';
import { registerTokenRoutes } from './token-routes.js';
import { registerWidgetRoutes } from './widget-routes.js';

export type DirectLineDeps = {
  config: Config;
  db: Db;
  logger: Logger;
  now: () => Date;
  /** PostgreSQL: the other instances on the database, so their streams hear this one's news and back. */
  notifications?: DbNotifications | null;
};

export type DirectLine = {
  /** For the app's BotFrameworkAuthentication: signs the bot's calls to this channel's connector. */
  credentialsFactory: ServiceClientCredentialsFactory;
  /** Connects the channel to the bot and registers its routes. */
  attach(bot: { server: Server; adapter: CloudAdapter; auth: BotFrameworkAuthentication; runTurn: RunTurn }): void;
  /**
   * A stored ConversationReference as it reaches its conversation from this process: for this
   * channel's conversations the serviceUrl is rebuilt on this process's connector (the process that
   * saved it may have listened elsewhere); every other reference is returned untouched.
   */
  currentReference<T extends Partial<ConversationReference>>(reference: T): T;
  /** Ends the open WebSockets, so the HTTP server can close. */
  close(): void;
  tokens: DirectLineTokens;
};

/**
 * The chat widget's own Direct Line 3.0 service (`/v3/directline`), its connector API for the
 * bot's replies (`/v3/directline-connector`) and the widget page (`/chat`). Built in two steps
 * because the credentials must exist before the adapter, and the routes need the adapter.
 */
export function createDirectLine(deps: DirectLineDeps): DirectLine {
  const { config, db, logger, now } = deps;
  const tokens = new DirectLineTokens(config.secret, config.directLine.tokenTtlSeconds, now);
  const connector = new ConnectorEndpoint();
  const credentialsFactory = new ChannelAwareCredentialsFactory(
    new ConfigurationServiceClientCredentialFactory(config.botAuth as ConfigurationServiceClientCredentialFactoryOptions),
    connector,
    tokens,
  );
  let stream: StreamServer | null = null;

  return {
    credentialsFactory,
    tokens,
    attach({ server, adapter, auth, runTurn }) {
      connector.bind(server.server);
      const clock = monotonicClock(now);
      const store = new DirectLineStore(db, clock);
      const feed = new Feed(deps.notifications ? { notifications: deps.notifications, store, logger } : null);
      const policy = new OriginPolicy(config.directLine.allowedOrigins);
      const channel = new DirectLineChannel({
        store,
        feed,
        delivery: new BotDelivery(adapter, auth, runTurn, config.botAuth.MicrosoftAppId),
        connector,
        bot: { id: config.botAuth.MicrosoftAppId ?? 'recovery-desk', name: 'Recovery Desk' },
        maxMessageLength: config.limits.maxMessageLength,
        logger,
        clock,
      });
      registerCors(server, policy);
      registerTokenRoutes(server, { channel, store, tokens, policy, secret: config.directLine.secret, logger });
      registerConversationRoutes(server, {
        channel,
        store,
        tokens,
        secret: config.directLine.secret,
        publicBaseUrl: config.publicBaseUrl,
        logger,
      });
      registerConnectorRoutes(server, { channel, tokens, logger });
      registerWidgetRoutes(server, { policy, logger });
      stream = new StreamServer({ server: server.server, tokens, store, feed, logger });
    },
    currentReference(reference) {
      if (reference.channelId !== CHANNEL_ID || typeof reference.serviceUrl !== 'string') return reference;
      const serviceUrl = connector.rebase(reference.serviceUrl);
      return serviceUrl === reference.serviceUrl ? reference : { ...reference, serviceUrl };
    },
    close() {
      stream?.close();
    },
  };
}
